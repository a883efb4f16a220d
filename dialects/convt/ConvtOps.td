//===- ConvtOps.td - The layer ops and convt.canonical ---*- tablegen -*-===//
#ifndef CONVT_OPS_TD
#define CONVT_OPS_TD

include "dialects/convt/ConvtDialect.td"
include "dialects/convt/ConvtInterfaces.td"
include "mlir/Interfaces/SideEffectInterfaces.td"

def Convt_Tensor : RankedTensorOf<[F32, F16, BF16]>;

// Every op takes the same operands and infers its result type, so a layer can
// be built without stating its output shape. The verifier checks a stated
// result type against the inferred one.
//
// `layoutsLast`: the framework's own layouts are channels last, input and
// output [N, spatial..., C] and weight [k..., C_out/groups, C_in]
// (TensorFlow): what an absent data_format and weight_format mean.
class Convt_LayerOp<string mnemonic, bit layoutsLast = 0>
    : Convt_Op<mnemonic, [NoSideEffect, ConvtLayerOpInterface]> {
  let results = (outs Convt_Tensor:$output);
  let assemblyFormat = [{
    $input `,` $weight (`,` $bias^)? attr-dict `:` functional-type(operands, results)
  }];
  let builders = [
    // Infers the result type from the operands and attributes.
    OpBuilder<(ins "::mlir::Value":$input, "::mlir::Value":$weight,
                   "::mlir::Value":$bias,
                   "::llvm::ArrayRef<::mlir::NamedAttribute>":$attributes)>
  ];
  let verifier = [{ return verifyLayerOp(*this); }];
  let extraClassDeclaration = [{
    /// This layer in canonical form, or the error its framework would raise.
    std::optional<::convt::SemanticError>
    computeLayer(::convt::CanonicalLayer &layer);
    /// The rules of the op's framework on its attributes (each frontend's
    /// <Framework>Op.cpp; computeLayer adds the operands and element type).
    static std::optional<::convt::SemanticError>
    lowerAttributes(::mlir::DictionaryAttr attributes,
                    const ::convt::OperandShapes &shapes,
                    ::convt::CanonicalLayer &layer);
  }] # "\n    static ::llvm::StringRef getFramework() { return \"" # mnemonic #
      "\"; }\n    static constexpr bool kLayoutsLast = " #
      !if(layoutsLast, "true", "false") # ";\n";
}

// Each framework's op is in its folder (compiler/frontends/<framework>/);
// the build lists them (compiler/frontends/Frontends.cmake).
include "compiler/frontends/AllFrontendOps.td"

def Convt_CanonicalOp : Convt_LayerOp<"canonical"> {
  let summary = "Transposed convolution in the canonical padded form";
  let description = [{
    Per spatial dimension, with input length n, the full result has length
    F = (n-1)*strides + dilations*(k-1) + 1 and is z[i*s + j*d] += x[i] * w[j]
    (weights not flipped). The output keeps y[o] = z[o + pads_begin] for o in
    [0, F - pads_begin - pads_end), reading zero outside [0, F): a negative
    pad extends the output with zeros. The bias is added to every element.
    `post_pads` then appends that many exact zeros (no bias) at the end of each
    spatial dimension; only MindSpore's 2-D output_padding needs it.
    `data_format` is the layout of input and result, as for convt.torch
    (absent: channels first); `weight_format` that of the weight, "IOHW"
    (absent) or "HWOI" in 2-D.
  }];
  let arguments = (ins
    Convt_Tensor:$input,
    Convt_Tensor:$weight,
    Optional<Convt_Tensor>:$bias,
    I64ArrayAttr:$strides,
    I64ArrayAttr:$dilations,
    I64Attr:$groups,
    I64ArrayAttr:$pads_begin,
    I64ArrayAttr:$pads_end,
    OptionalAttr<I64ArrayAttr>:$post_pads,
    OptionalAttr<StrAttr>:$data_format,
    OptionalAttr<StrAttr>:$weight_format
  );
  // Drops an all-zero post_pads, so that equal layers print alike.
  let hasFolder = 1;
}

#endif // CONVT_OPS_TD
