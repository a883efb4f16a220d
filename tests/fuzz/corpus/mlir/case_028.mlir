func @mindspore_padding_negative(%x: tensor<1x3x16x50xf32>, %w: tensor<3x64x4x4xf32>) {
  // expected-error @+1 {{'padding' must be non-negative, got [1, -1, 1, 1]}}
  %0 = convt.mindspore %x, %w {pad_mode = "pad", padding = [1, -1, 1, 1]} : (tensor<1x3x16x50xf32>, tensor<3x64x4x4xf32>) -> tensor<1x64x17x51xf32>
  return
}
