//===- MindSporeOps.td - convt.mindspore -*- tablegen -*-===//
//
// Included by dialects/convt/ConvtOps.td (through the generated
// AllFrontendOps.td), after Convt_LayerOp.
//
//===----------------------------------------------------------------------===//
#ifndef CONVT_FRONTENDS_MINDSPORE_OPS_TD
#define CONVT_FRONTENDS_MINDSPORE_OPS_TD

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
    OptionalAttr<StrAttr>:$data_format,
    OptionalAttr<StrAttr>:$weight_format
  );
}

#endif // CONVT_FRONTENDS_MINDSPORE_OPS_TD
