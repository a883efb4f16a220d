func @bias_shape(%x: tensor<1x3x16x50xf32>, %w: tensor<3x64x4x4xf32>, %b: tensor<32xf32>) {
  // expected-error @+1 {{'bias' must have shape [C_out] = [64], got [32]}}
  %0 = convt.torch %x, %w, %b : (tensor<1x3x16x50xf32>, tensor<3x64x4x4xf32>, tensor<32xf32>) -> tensor<1x64x19x53xf32>
  return
}
