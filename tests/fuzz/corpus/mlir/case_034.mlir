func @mindspore_output_below_one(%x: tensor<1x3x2x50xf32>, %w: tensor<3x64x3x3xf32>) {
  // expected-error @+1 {{'padding' gives an output size below 1: spatial dimension 0 would have size 0}}
  %0 = convt.mindspore %x, %w {pad_mode = "pad", padding = [2, 2, 0, 0]} : (tensor<1x3x2x50xf32>, tensor<3x64x3x3xf32>) -> tensor<1x64x1x52xf32>
  return
}
