func @two(%x: tensor<1x3x48x48xf32>, %w: tensor<3x32x3x3xf32>) -> tensor<1x32x50x50xf32> {
  %0 = convt.torch %x, %w : (tensor<1x3x48x48xf32>, tensor<3x32x3x3xf32>) -> tensor<1x32x50x50xf32>
  %1 = convt.torch %x, %w : (tensor<1x3x48x48xf32>, tensor<3x32x3x3xf32>) -> tensor<1x32x50x50xf32>
  return %1 : tensor<1x32x50x50xf32>
}
