//===- ConvtOps.td - convt.torch, convt.mindspore, convt.canonical -*- tablegen -*-===//
#ifndef CONVT_OPS_TD
#define CONVT_OPS_TD

include "dialects/convt/ConvtDialect.td"
include "dialects/convt/ConvtInterfaces.td"
include "mlir/Interfaces/SideEffectInterfaces.td"

def Convt_Tensor : RankedTensorOf<[F32, F16, BF16]>;

// Every op takes the same operands and infers its result type, so a layer can
// be built without stating its output shape. The verifier checks a stated
// result type against the inferred one.
class Convt_LayerOp<string mnemonic>
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
  }] # "\n    static ::llvm::StringRef getFramework() { return \"" # mnemonic #
      "\"; }\n";
}

def Convt_TorchOp : Convt_LayerOp<"torch"> {
  let summary = "torch.nn.ConvTranspose1d/2d/3d";
  let description = [{
    PyTorch's transposed convolution with PyTorch's attributes. Each array
    holds one value per spatial dimension; an absent attribute takes PyTorch's
    default (stride 1, padding 0, output_padding 0, dilation 1, groups 1,
    padding_mode "zeros"). `output_size` is the argument of `forward`: when
    present, `output_padding` is ignored, as in PyTorch.

    Operands: input `[N, C_in, spatial...]`, weight `[C_in, C_out/groups, k...]`,
    optional bias `[C_out]`. `data_format` (every op takes it) is the layout
    of the input and the result: channels first (`NCW`, `NCHW`, `NCDHW`, the
    default) or channels last (`NWC`, `NHWC`, `NDHWC`: input
    `[N, spatial..., C_in]`, PyTorch's `channels_last` memory format). The
    weight keeps its layout.

    ```mlir
    %y = convt.torch %x, %w {stride = [2, 2], padding = [1, 1], output_padding = [1, 1]}
        : (tensor<1x3x48x48xf32>, tensor<3x32x3x3xf32>) -> tensor<1x32x96x96xf32>
    ```
  }];
  let arguments = (ins
    Convt_Tensor:$input,
    Convt_Tensor:$weight,
    Optional<Convt_Tensor>:$bias,
    OptionalAttr<I64ArrayAttr>:$stride,
    OptionalAttr<I64ArrayAttr>:$padding,
    OptionalAttr<I64ArrayAttr>:$output_padding,
    OptionalAttr<I64ArrayAttr>:$dilation,
    DefaultValuedAttr<I64Attr, "1">:$groups,
    DefaultValuedAttr<StrAttr, "\"zeros\"">:$padding_mode,
    OptionalAttr<I64ArrayAttr>:$output_size,
    OptionalAttr<StrAttr>:$data_format
  );
}

def Convt_MindSporeOp : Convt_LayerOp<"mindspore"> {
  let summary = "mindspore.nn.Conv1dTranspose/Conv2dTranspose/Conv3dTranspose";
  let description = [{
    MindSpore's transposed convolution with MindSpore's attributes and defaults
    (pad_mode "same", padding 0, output_padding 0, stride 1, dilation 1,
    group 1). `padding` is one value or two per spatial dimension in MindSpore's
    order: (top, bottom, left, right) in 2-D, (head, tail, top, bottom, left,
    right) in 3-D. In 2-D, `output_padding` appends exact zeros after the bias;
    in 3-D it extends the computed output, and pad_mode "same" ignores it.
    `data_format` as for convt.torch (MindSpore itself has channels first
    only; convt runs the same layer on channels-last data too).
  }];
  let arguments = (ins
    Convt_Tensor:$input,
    Convt_Tensor:$weight,
    Optional<Convt_Tensor>:$bias,
    OptionalAttr<I64ArrayAttr>:$stride,
    DefaultValuedAttr<StrAttr, "\"same\"">:$pad_mode,
    OptionalAttr<I64ArrayAttr>:$padding,
    OptionalAttr<I64ArrayAttr>:$output_padding,
    OptionalAttr<I64ArrayAttr>:$dilation,
    DefaultValuedAttr<I64Attr, "1">:$group,
    OptionalAttr<StrAttr>:$data_format
  );
}

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
    (absent: channels first).
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
    OptionalAttr<StrAttr>:$data_format
  );
  // Drops an all-zero post_pads, so that equal layers print alike.
  let hasFolder = 1;
}

#endif // CONVT_OPS_TD
