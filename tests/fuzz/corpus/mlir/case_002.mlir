func @stride_empty(%x: tensor<1x3x16x50xf32>, %w: tensor<3x64x4x4xf32>) {
  // expected-error @+1 {{'stride' must not be empty (leave it out for the default)}}
  %0 = convt.torch %x, %w {stride = []} : (tensor<1x3x16x50xf32>, tensor<3x64x4x4xf32>) -> tensor<1x64x19x53xf32>
  return
}
