//===- TorchOps.td - convt.torch -*- tablegen -*-===//
//
// Included by dialects/convt/ConvtOps.td (through the generated
// AllFrontendOps.td), after Convt_LayerOp.
//
//===----------------------------------------------------------------------===//
#ifndef CONVT_FRONTENDS_TORCH_OPS_TD
#define CONVT_FRONTENDS_TORCH_OPS_TD

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
    OptionalAttr<StrAttr>:$data_format,
    OptionalAttr<StrAttr>:$weight_format
  );
}

#endif // CONVT_FRONTENDS_TORCH_OPS_TD
