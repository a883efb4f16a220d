func @element_types(%x: tensor<1x3x16x50xf32>, %w: tensor<3x64x4x4xf16>) {
  // expected-error @+1 {{operands and result must share one element type, got 'f32' and 'f16'}}
  %0 = convt.torch %x, %w : (tensor<1x3x16x50xf32>, tensor<3x64x4x4xf16>) -> tensor<1x64x19x53xf32>
  return
}
