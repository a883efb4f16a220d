func @groups_not_dividing(%x: tensor<1x3x16x50xf32>, %w: tensor<3x32x4x4xf32>) {
  // expected-error @+1 {{'groups' must divide in_channels = 3, got 2}}
  %0 = convt.torch %x, %w {groups = 2} : (tensor<1x3x16x50xf32>, tensor<3x32x4x4xf32>) -> tensor<1x64x19x53xf32>
  return
}
