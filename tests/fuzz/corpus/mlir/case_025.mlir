// MindSpore raises unless padding is 0 outside pad_mode = "pad".
func @mindspore_padding_with_same(%x: tensor<1x3x16x50xf32>, %w: tensor<3x64x4x4xf32>) {
  // expected-error @+1 {{'padding' must be 0 when pad_mode is "same" (MindSpore pads only with pad_mode = "pad"), got [1]}}
  %0 = convt.mindspore %x, %w {padding = [1]} : (tensor<1x3x16x50xf32>, tensor<3x64x4x4xf32>) -> tensor<1x64x16x50xf32>
  return
}
