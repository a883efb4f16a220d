// PyTorch: "output padding must be smaller than either stride or dilation".
func @torch_output_padding_too_big(%x: tensor<1x3x16x50xf32>, %w: tensor<3x64x5x5xf32>) {
  // expected-error @+1 {{'output_padding' must be smaller than either stride or dilation (PyTorch's rule): got 3 in spatial dimension 1 with stride 3 and dilation 1}}
  %0 = convt.torch %x, %w {stride = [3, 3], output_padding = [2, 3]} : (tensor<1x3x16x50xf32>, tensor<3x64x5x5xf32>) -> tensor<1x64x50x153xf32>
  return
}
