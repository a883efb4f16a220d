func @weight_rank(%x: tensor<1x3x16x50xf32>, %w: tensor<3x64x4xf32>) {
  // expected-error @+1 {{'weight' must have rank 4 ([C_in, C_out/groups, k...]) like the input, got rank 3}}
  %0 = convt.torch %x, %w : (tensor<1x3x16x50xf32>, tensor<3x64x4xf32>) -> tensor<1x64x19x53xf32>
  return
}
