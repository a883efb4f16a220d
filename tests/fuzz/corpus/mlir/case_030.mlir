func @mindspore_2d_output_padding_needs_pad(%x: tensor<1x3x48x48xf32>, %w: tensor<3x32x3x3xf32>) {
  // expected-error @+1 {{'output_padding' must be 0 when pad_mode is "same" (MindSpore's Conv2dTranspose applies it only with pad_mode = "pad"), got [1, 1]}}
  %0 = convt.mindspore %x, %w {stride = [2, 2], output_padding = [1, 1]} : (tensor<1x3x48x48xf32>, tensor<3x32x3x3xf32>) -> tensor<1x32x96x96xf32>
  return
}
