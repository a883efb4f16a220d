func @input_rank(%x: tensor<3x16xf32>, %w: tensor<3x64xf32>) {
  // expected-error @+1 {{'input' must have rank 3, 4 or 5 ([N, C_in, spatial...] with 1 to 3 spatial dimensions), got rank 2}}
  %0 = convt.torch %x, %w : (tensor<3x16xf32>, tensor<3x64xf32>) -> tensor<3x64xf32>
  return
}
