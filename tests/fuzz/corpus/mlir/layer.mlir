func @from_mlir(%x: tensor<1x3x48x48xf32>, %w: tensor<3x32x3x3xf32>) -> tensor<1x32x96x96xf32> {
  %0 = convt.torch %x, %w {stride = [2, 2], padding = [1, 1], output_padding = [1, 1]} : (tensor<1x3x48x48xf32>, tensor<3x32x3x3xf32>) -> tensor<1x32x96x96xf32>
  return %0 : tensor<1x32x96x96xf32>
}
