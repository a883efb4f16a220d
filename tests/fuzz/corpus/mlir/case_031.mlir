func @mindspore_3d_output_padding_valid(%x: tensor<1x3x4x9x16xf32>, %w: tensor<3x32x5x5x5xf32>) {
  // expected-error @+1 {{'output_padding' must be 0 when pad_mode is "valid" (MindSpore's Conv3dTranspose), got [1, 1, 1]}}
  %0 = convt.mindspore %x, %w {stride = [3, 3, 3], pad_mode = "valid", output_padding = [1, 1, 1]} : (tensor<1x3x4x9x16xf32>, tensor<3x32x5x5x5xf32>) -> tensor<1x32x14x29x50xf32>
  return
}
