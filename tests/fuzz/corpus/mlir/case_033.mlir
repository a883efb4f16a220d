func @mindspore_data_format(%x: tensor<1x3x4x9x16xf32>, %w: tensor<3x32x5x5x5xf32>) {
  // expected-error @+1 {{'data_format' must be "NCDHW" (MindSpore's Conv3dTranspose supports only channels-first), got "NDHWC"}}
  %0 = convt.mindspore %x, %w {stride = [3, 3, 3], data_format = "NDHWC"} : (tensor<1x3x4x9x16xf32>, tensor<3x32x5x5x5xf32>) -> tensor<1x32x12x27x48xf32>
  return
}
