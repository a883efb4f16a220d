func @canonical_post_pads_negative(%x: tensor<1x3x16x50xf32>, %w: tensor<3x64x4x4xf32>) {
  // expected-error @+1 {{'post_pads' must be non-negative, got [0, -1]}}
  %0 = convt.canonical %x, %w {strides = [1, 1], dilations = [1, 1], groups = 1, pads_begin = [0, 0], pads_end = [0, 0], post_pads = [0, -1]} : (tensor<1x3x16x50xf32>, tensor<3x64x4x4xf32>) -> tensor<1x64x19x52xf32>
  return
}
