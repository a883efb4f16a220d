func @canonical_strides_length(%x: tensor<1x3x16x50xf32>, %w: tensor<3x64x4x4xf32>) {
  // expected-error @+1 {{'strides' must have 2 values (one per spatial dimension), got 3: [1, 1, 1]}}
  %0 = convt.canonical %x, %w {strides = [1, 1, 1], dilations = [1, 1], groups = 1, pads_begin = [0, 0], pads_end = [0, 0]} : (tensor<1x3x16x50xf32>, tensor<3x64x4x4xf32>) -> tensor<1x64x19x53xf32>
  return
}
