func @mindspore_pad_mode(%x: tensor<1x3x16x50xf32>, %w: tensor<3x64x4x4xf32>) {
  // expected-error @+1 {{'pad_mode' must be one of "same", "valid", "pad", got "SAME_UPPER"}}
  %0 = convt.mindspore %x, %w {pad_mode = "SAME_UPPER"} : (tensor<1x3x16x50xf32>, tensor<3x64x4x4xf32>) -> tensor<1x64x16x50xf32>
  return
}
