// Every verifier message, one case each. The constraint each one guards is
// noted when it is not obvious from the message.

func @stride_length(%x: tensor<1x3x16x50xf32>, %w: tensor<3x64x4x4xf32>) {
  // expected-error @+1 {{'stride' must have 2 values (one per spatial dimension), got 1: [2]}}
  %0 = convt.torch %x, %w {stride = [2]} : (tensor<1x3x16x50xf32>, tensor<3x64x4x4xf32>) -> tensor<1x64x19x53xf32>
  return
}
