func @canonical_output_below_one(%x: tensor<1x3x16x50xf32>, %w: tensor<3x64x4x4xf32>) {
  // expected-error @+1 {{'pads_end' gives an output size below 1: spatial dimension 1 would have size 0}}
  %0 = convt.canonical %x, %w {strides = [1, 1], dilations = [1, 1], groups = 1, pads_begin = [0, 50], pads_end = [0, 3]} : (tensor<1x3x16x50xf32>, tensor<3x64x4x4xf32>) -> tensor<1x64x19x1xf32>
  return
}
