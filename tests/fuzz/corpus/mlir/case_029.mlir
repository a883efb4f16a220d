// MindSpore's Conv2dTranspose: output_padding in [0, max(stride, dilation)).
func @mindspore_2d_output_padding_range(%x: tensor<1x3x48x48xf32>, %w: tensor<3x32x3x3xf32>) {
  // expected-error @+1 {{'output_padding' must lie in [0, max(stride, dilation)) = [0, 2) (MindSpore's rule), got 2 in spatial dimension 1}}
  %0 = convt.mindspore %x, %w {stride = [2, 2], pad_mode = "pad", padding = [1], output_padding = [1, 2]} : (tensor<1x3x48x48xf32>, tensor<3x32x3x3xf32>) -> tensor<1x32x96x97xf32>
  return
}
