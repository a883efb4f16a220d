func @mindspore_padding_length(%x: tensor<1x3x16x50xf32>, %w: tensor<3x64x4x4xf32>) {
  // expected-error @+1 {{'padding' must be one int or 4 values (begin and end of each spatial dimension, in MindSpore's order), got 2: [1, 1]}}
  %0 = convt.mindspore %x, %w {pad_mode = "pad", padding = [1, 1]} : (tensor<1x3x16x50xf32>, tensor<3x64x4x4xf32>) -> tensor<1x64x17x51xf32>
  return
}
