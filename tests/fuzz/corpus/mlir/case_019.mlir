func @torch_padding_mode(%x: tensor<1x3x16x50xf32>, %w: tensor<3x64x4x4xf32>) {
  // expected-error @+1 {{'padding_mode' must be "zeros" (PyTorch's ConvTranspose supports only zero padding), got "reflect"}}
  %0 = convt.torch %x, %w {padding_mode = "reflect"} : (tensor<1x3x16x50xf32>, tensor<3x64x4x4xf32>) -> tensor<1x64x19x53xf32>
  return
}
