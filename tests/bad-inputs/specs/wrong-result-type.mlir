func @f(%x: tensor<1x1x2xf32>, %w: tensor<1x1x3xf32>) -> tensor<1x1x9xf32> {
  %y = convt.torch %x, %w {stride = [2]} : (tensor<1x1x2xf32>, tensor<1x1x3xf32>) -> tensor<1x1x9xf32>
  return %y : tensor<1x1x9xf32>
}
