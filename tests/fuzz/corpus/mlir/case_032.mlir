func @mindspore_1d_output_padding(%x: tensor<1x3x50xf32>, %w: tensor<3x64x4xf32>) {
  // expected-error @+1 {{'output_padding' is not an argument of MindSpore's Conv1dTranspose, got [1]}}
  %0 = convt.mindspore %x, %w {stride = [2], output_padding = [1]} : (tensor<1x3x50xf32>, tensor<3x64x4xf32>) -> tensor<1x64x100xf32>
  return
}
