func @mindspore_1d_padding_pair(%x: tensor<1x3x50xf32>, %w: tensor<3x64x4xf32>) {
  // expected-error @+1 {{'padding' must be a single int for Conv1dTranspose, got [1, 2]}}
  %0 = convt.mindspore %x, %w {pad_mode = "pad", padding = [1, 2]} : (tensor<1x3x50xf32>, tensor<3x64x4xf32>) -> tensor<1x64x50xf32>
  return
}
