func @groups_zero(%x: tensor<1x4x16x50xf32>, %w: tensor<4x32x4x4xf32>) {
  // expected-error @+1 {{'groups' must be a positive integer, got 0}}
  %0 = convt.torch %x, %w {groups = 0} : (tensor<1x4x16x50xf32>, tensor<4x32x4x4xf32>) -> tensor<1x32x19x53xf32>
  return
}
