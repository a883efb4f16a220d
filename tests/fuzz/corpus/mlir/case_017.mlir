func @element_type_i32(%x: tensor<1x3x16x50xi32>, %w: tensor<3x64x4x4xi32>) {
  // expected-error @+1 {{operand #0 must be ranked tensor of 32-bit float or 16-bit float or bfloat16 type values}}
  %0 = convt.torch %x, %w : (tensor<1x3x16x50xi32>, tensor<3x64x4x4xi32>) -> tensor<1x64x19x53xi32>
  return
}
