func @torch_output_size_length(%x: tensor<1x16x6x6xf32>, %w: tensor<16x16x3x3xf32>) {
  // expected-error @+1 {{'output_size' must have 2 spatial sizes (or the full [N, C_out, spatial...] shape), got [12]}}
  %0 = convt.torch %x, %w {stride = [2, 2], padding = [1, 1], output_size = [12]} : (tensor<1x16x6x6xf32>, tensor<16x16x3x3xf32>) -> tensor<1x16x12x12xf32>
  return
}
