func @mindspore_group_not_dividing(%x: tensor<1x6x16x50xf32>, %w: tensor<6x8x4x4xf32>) {
  // expected-error @+1 {{'group' must divide in_channels = 6, got 4}}
  %0 = convt.mindspore %x, %w {group = 4} : (tensor<1x6x16x50xf32>, tensor<6x8x4x4xf32>) -> tensor<1x32x16x50xf32>
  return
}
