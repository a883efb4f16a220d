//===- OnnxOps.td - convt.onnx -*- tablegen -*-===//
//
// Included by dialects/convt/ConvtOps.td (through the generated
// AllFrontendOps.td), after Convt_LayerOp.
//
//===----------------------------------------------------------------------===//
#ifndef CONVT_FRONTENDS_ONNX_OPS_TD
#define CONVT_FRONTENDS_ONNX_OPS_TD

def Convt_OnnxOp : Convt_LayerOp<"onnx"> {
  let summary = "ONNX ConvTranspose (opsets 1-22)";
  let description = [{
    ONNX's ConvTranspose node with ONNX's attributes and defaults (auto_pad
    "NOTSET", pads 0, output_padding 0, strides 1, dilations 1, group 1).
    `pads` is `[x1_begin, x2_begin, ..., x1_end, x2_end, ...]`;
    `output_shape` (spatial sizes) replaces the pads by the ones that give
    that shape, split as the spec's text says (SAME_UPPER: the larger half
    at the end; every other auto_pad: at the start). `kernel_shape`, when
    present, must match the weight. Operands: X `[N, C, spatial...]`, W
    `[C, M/group, k...]`, optional B `[M]`. `data_format` as for
    convt.torch (ONNX itself has channels first only).

    ```mlir
    %y = convt.onnx %x, %w {strides = [2, 2], auto_pad = "SAME_UPPER"}
        : (tensor<1x3x5x5xf32>, tensor<3x2x3x3xf32>) -> tensor<1x2x10x10xf32>
    ```
  }];
  let arguments = (ins
    Convt_Tensor:$input,
    Convt_Tensor:$weight,
    Optional<Convt_Tensor>:$bias,
    DefaultValuedAttr<StrAttr, "\"NOTSET\"">:$auto_pad,
    OptionalAttr<I64ArrayAttr>:$pads,
    OptionalAttr<I64ArrayAttr>:$output_padding,
    OptionalAttr<I64ArrayAttr>:$output_shape,
    OptionalAttr<I64ArrayAttr>:$strides,
    OptionalAttr<I64ArrayAttr>:$dilations,
    OptionalAttr<I64ArrayAttr>:$kernel_shape,
    DefaultValuedAttr<I64Attr, "1">:$group,
    OptionalAttr<StrAttr>:$data_format,
    OptionalAttr<StrAttr>:$weight_format
  );
}

#endif // CONVT_FRONTENDS_ONNX_OPS_TD
