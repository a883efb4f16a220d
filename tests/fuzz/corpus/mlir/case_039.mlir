// The canonical op folds an all-zero post_pads away, so equal layers print
// alike; a non-zero one, and ops without it, are left unchanged.

func @zero_post_pads(%x: tensor<1x3x48x48xf32>, %w: tensor<3x32x3x3xf32>) -> tensor<1x32x95x95xf32> {
  %0 = convt.canonical %x, %w {strides = [2, 2], dilations = [1, 1], groups = 1, pads_begin = [1, 1], pads_end = [1, 1], post_pads = [0, 0]} : (tensor<1x3x48x48xf32>, tensor<3x32x3x3xf32>) -> tensor<1x32x95x95xf32>
  return %0 : tensor<1x32x95x95xf32>
}

func @nonzero_post_pads(%x: tensor<1x3x48x48xf32>, %w: tensor<3x32x3x3xf32>) -> tensor<1x32x95x96xf32> {
  %0 = convt.canonical %x, %w {strides = [2, 2], dilations = [1, 1], groups = 1, pads_begin = [1, 1], pads_end = [1, 1], post_pads = [0, 1]} : (tensor<1x3x48x48xf32>, tensor<3x32x3x3xf32>) -> tensor<1x32x95x96xf32>
  return %0 : tensor<1x32x95x96xf32>
}

// An unused layer has no side effects: canonicalize erases it.
func @dead(%x: tensor<1x3x48x48xf32>, %w: tensor<3x32x3x3xf32>) {
  %0 = convt.torch %x, %w : (tensor<1x3x48x48xf32>, tensor<3x32x3x3xf32>) -> tensor<1x32x50x50xf32>
  return
}
