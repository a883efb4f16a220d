func @dilation_negative(%x: tensor<1x3x16x50xf32>, %w: tensor<3x64x4x4xf32>) {
  // expected-error @+1 {{'dilation' must be positive, got [1, -1]}}
  %0 = convt.torch %x, %w {dilation = [1, -1]} : (tensor<1x3x16x50xf32>, tensor<3x64x4x4xf32>) -> tensor<1x64x19x53xf32>
  return
}
