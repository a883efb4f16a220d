func @input_dynamic(%x: tensor<?x3x16x50xf32>, %w: tensor<3x64x4x4xf32>) {
  // expected-error @+1 {{'input' must have a static shape, got [-1, 3, 16, 50]}}
  %0 = convt.torch %x, %w : (tensor<?x3x16x50xf32>, tensor<3x64x4x4xf32>) -> tensor<1x64x19x53xf32>
  return
}
