// PyTorch accepts output_size in [Lmin, Lmin + stride - 1] only.
func @torch_output_size_range(%x: tensor<1x16x6x6xf32>, %w: tensor<16x16x3x3xf32>) {
  // expected-error @+1 {{'output_size' requests 13 in spatial dimension 0, but PyTorch allows only sizes from 11 to 12 for this layer}}
  %0 = convt.torch %x, %w {stride = [2, 2], padding = [1, 1], output_size = [13, 12]} : (tensor<1x16x6x6xf32>, tensor<16x16x3x3xf32>) -> tensor<1x16x13x12xf32>
  return
}
