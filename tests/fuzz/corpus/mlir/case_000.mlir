// Round trip of every op, in the custom and the generic form.

func @torch_defaults(%x: tensor<1x3x16x50xf32>, %w: tensor<3x64x4x4xf32>) -> tensor<1x64x19x53xf32> {
  %0 = convt.torch %x, %w : (tensor<1x3x16x50xf32>, tensor<3x64x4x4xf32>) -> tensor<1x64x19x53xf32>
  return %0 : tensor<1x64x19x53xf32>
}

func @torch_all_attributes(%x: tensor<1x16x6x6xf32>, %w: tensor<16x8x3x3xf32>, %b: tensor<16xf32>) -> tensor<1x16x12x12xf32> {
  %0 = convt.torch %x, %w, %b {stride = [2, 2], padding = [1, 1], output_padding = [1, 1], dilation = [1, 1], groups = 2, padding_mode = "zeros", output_size = [12, 12]} : (tensor<1x16x6x6xf32>, tensor<16x8x3x3xf32>, tensor<16xf32>) -> tensor<1x16x12x12xf32>
  return %0 : tensor<1x16x12x12xf32>
}

func @torch_1d_f16(%x: tensor<2x8x32xf16>, %w: tensor<8x4x16xf16>) -> tensor<2x4x256xf16> {
  %0 = convt.torch %x, %w {stride = [8], padding = [4]} : (tensor<2x8x32xf16>, tensor<8x4x16xf16>) -> tensor<2x4x256xf16>
  return %0 : tensor<2x4x256xf16>
}

func @mindspore_defaults(%x: tensor<1x3x16x50xf32>, %w: tensor<3x64x5x5xf32>) -> tensor<1x64x16x50xf32> {
  %0 = convt.mindspore %x, %w : (tensor<1x3x16x50xf32>, tensor<3x64x5x5xf32>) -> tensor<1x64x16x50xf32>
  return %0 : tensor<1x64x16x50xf32>
}

func @mindspore_all_attributes(%x: tensor<1x3x48x48xbf16>, %w: tensor<3x32x3x3xbf16>, %b: tensor<32xbf16>) -> tensor<1x32x96x96xbf16> {
  %0 = convt.mindspore %x, %w, %b {stride = [2, 2], pad_mode = "pad", padding = [1, 1, 1, 1], output_padding = [1, 1], dilation = [1, 1], group = 1, data_format = "NCHW"} : (tensor<1x3x48x48xbf16>, tensor<3x32x3x3xbf16>, tensor<32xbf16>) -> tensor<1x32x96x96xbf16>
  return %0 : tensor<1x32x96x96xbf16>
}

func @canonical_3d(%x: tensor<1x3x4x9x16xf32>, %w: tensor<3x32x5x5x5xf32>) -> tensor<1x32x12x27x48xf32> {
  %0 = convt.canonical %x, %w {strides = [3, 3, 3], dilations = [1, 1, 1], groups = 1, pads_begin = [1, 1, 1], pads_end = [1, 1, 1]} : (tensor<1x3x4x9x16xf32>, tensor<3x32x5x5x5xf32>) -> tensor<1x32x12x27x48xf32>
  return %0 : tensor<1x32x12x27x48xf32>
}

// The identity-like case: stride 1, no pads. Still a valid layer.
func @canonical_trivial(%x: tensor<1x4x5x5xf32>, %w: tensor<4x4x1x1xf32>) -> tensor<1x4x5x5xf32> {
  %0 = convt.canonical %x, %w {strides = [1, 1], dilations = [1, 1], groups = 1, pads_begin = [0, 0], pads_end = [0, 0]} : (tensor<1x4x5x5xf32>, tensor<4x4x1x1xf32>) -> tensor<1x4x5x5xf32>
  return %0 : tensor<1x4x5x5xf32>
}

// Negative pads extend the output; post_pads appends zeros after the bias.
func @canonical_signed_pads(%x: tensor<1x2x5xf32>, %w: tensor<2x3x3xf32>, %b: tensor<3xf32>) -> tensor<1x3x33xf32> {
  %0 = convt.canonical %x, %w, %b {strides = [6], dilations = [2], groups = 1, pads_begin = [-1], pads_end = [-2], post_pads = [1]} : (tensor<1x2x5xf32>, tensor<2x3x3xf32>, tensor<3xf32>) -> tensor<1x3x33xf32>
  return %0 : tensor<1x3x33xf32>
}
