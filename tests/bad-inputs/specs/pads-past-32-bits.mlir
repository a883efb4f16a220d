func @f(%x: tensor<1x1x3xf32>, %w: tensor<1x1x2xf32>) -> tensor<1x1x4xf32> {
  %y = convt.canonical %x, %w {strides = [1], dilations = [1], groups = 1, pads_begin = [4294967296], pads_end = [-4294967296]} : (tensor<1x1x3xf32>, tensor<1x1x2xf32>) -> tensor<1x1x4xf32>
  return %y : tensor<1x1x4xf32>
}
