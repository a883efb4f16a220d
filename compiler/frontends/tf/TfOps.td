//===- TfOps.td - convt.tf -*- tablegen -*-===//
//
// Included by dialects/convt/ConvtOps.td (through the generated
// AllFrontendOps.td), after Convt_LayerOp.
//
//===----------------------------------------------------------------------===//
#ifndef CONVT_FRONTENDS_TF_OPS_TD
#define CONVT_FRONTENDS_TF_OPS_TD

def Convt_TfOp : Convt_LayerOp<"tf", /*layoutsLast=*/1> {
  let summary = "TensorFlow's transposed convolutions (Keras and tf.nn)";
  let description = [{
    `api = "keras"` (the default) is Keras' Conv1DTranspose /
    Conv2DTranspose / Conv3DTranspose: `padding` "valid" (default) or
    "same", `output_padding` (absent: Keras' None), `strides`, `dilations`
    (Keras' dilation_rate); the output length is Keras'
    deconv_output_length. `api = "nn"` is tf.nn.conv1d_transpose /
    conv2d_transpose / conv3d_transpose: `output_shape` (spatial sizes,
    required), `padding` "SAME" (default), "VALID" or "EXPLICIT" with
    `explicit_paddings` = [before_1, after_1, before_2, after_2, ...],
    `strides`, `dilations`. Either way the crop is that of the forward
    convolution from the output to the input, and a length it would not
    map back to the input is an error, as in TensorFlow.

    TensorFlow's layouts are the defaults: input and result channels last
    (`data_format` "NHWC" when absent), the filters `[k..., C_out, C_in]`
    (`weight_format` "HWOI" when absent). The bias B `[C_out]` is Keras'
    use_bias, or tf.nn.bias_add after tf.nn's op.

    ```mlir
    %y = convt.tf %x, %w {strides = [2, 2], padding = "same"}
        : (tensor<1x5x5x3xf32>, tensor<3x3x2x3xf32>) -> tensor<1x10x10x2xf32>
    ```
  }];
  let arguments = (ins
    Convt_Tensor:$input,
    Convt_Tensor:$weight,
    Optional<Convt_Tensor>:$bias,
    DefaultValuedAttr<StrAttr, "\"keras\"">:$api,
    OptionalAttr<StrAttr>:$padding,
    OptionalAttr<I64ArrayAttr>:$explicit_paddings,
    OptionalAttr<I64ArrayAttr>:$output_padding,
    OptionalAttr<I64ArrayAttr>:$output_shape,
    OptionalAttr<I64ArrayAttr>:$strides,
    OptionalAttr<I64ArrayAttr>:$dilations,
    OptionalAttr<StrAttr>:$data_format,
    OptionalAttr<StrAttr>:$weight_format
  );
}

#endif // CONVT_FRONTENDS_TF_OPS_TD
