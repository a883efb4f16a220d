func @weight_channels(%x: tensor<1x3x16x50xf32>, %w: tensor<4x64x4x4xf32>) {
  // expected-error @+1 {{'weight' dimension 0 is 4 but the input has 3 channels (weight layout is [C_in, C_out/groups, k...]), weight shape [4, 64, 4, 4]}}
  %0 = convt.torch %x, %w : (tensor<1x3x16x50xf32>, tensor<4x64x4x4xf32>) -> tensor<1x64x19x53xf32>
  return
}
