func @result_type_mismatch(%x: tensor<1x3x16x50xf32>, %w: tensor<3x64x4x4xf32>) {
  // expected-error @+1 {{result type 'tensor<1x64x16x45xf32>' does not match the inferred type 'tensor<1x64x15x45xf32>' (output shape [1, 64, 15, 45])}}
  %0 = convt.torch %x, %w {padding = [2, 4]} : (tensor<1x3x16x50xf32>, tensor<3x64x4x4xf32>) -> tensor<1x64x16x45xf32>
  return
}
