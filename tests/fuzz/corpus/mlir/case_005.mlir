func @kernel_zero(%x: tensor<1x3x16x50xf32>, %w: tensor<3x64x0x4xf32>) {
  // expected-error @+1 {{'weight' kernel size must be positive in every spatial dimension, weight shape [3, 64, 0, 4]}}
  %0 = convt.torch %x, %w : (tensor<1x3x16x50xf32>, tensor<3x64x0x4xf32>) -> tensor<1x64x19x53xf32>
  return
}
