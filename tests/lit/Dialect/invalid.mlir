// Every verifier message, one case each. The constraint each one guards is
// noted when it is not obvious from the message.
// RUN: convt-opt %s -split-input-file -verify-diagnostics

// The result is channels last too.
func @canonical_channels_last_result(%x: tensor<1x5x7x3xf32>, %w: tensor<3x8x3x3xf32>) {
  // expected-error @+1 {{result type 'tensor<1x8x7x9xf32>' does not match the inferred type 'tensor<1x7x9x8xf32>' (output shape [1, 7, 9, 8])}}
  %0 = convt.canonical %x, %w {strides = [1, 1], dilations = [1, 1], groups = 1, pads_begin = [0, 0], pads_end = [0, 0], data_format = "NHWC"} : (tensor<1x5x7x3xf32>, tensor<3x8x3x3xf32>) -> tensor<1x8x7x9xf32>
  return
}

// -----

func @canonical_post_pads_negative(%x: tensor<1x3x16x50xf32>, %w: tensor<3x64x4x4xf32>) {
  // expected-error @+1 {{'post_pads' must be non-negative, got [0, -1]}}
  %0 = convt.canonical %x, %w {strides = [1, 1], dilations = [1, 1], groups = 1, pads_begin = [0, 0], pads_end = [0, 0], post_pads = [0, -1]} : (tensor<1x3x16x50xf32>, tensor<3x64x4x4xf32>) -> tensor<1x64x19x52xf32>
  return
}

// -----

func @canonical_strides_length(%x: tensor<1x3x16x50xf32>, %w: tensor<3x64x4x4xf32>) {
  // expected-error @+1 {{'strides' must have 2 values (one per spatial dimension), got 3: [1, 1, 1]}}
  %0 = convt.canonical %x, %w {strides = [1, 1, 1], dilations = [1, 1], groups = 1, pads_begin = [0, 0], pads_end = [0, 0]} : (tensor<1x3x16x50xf32>, tensor<3x64x4x4xf32>) -> tensor<1x64x19x53xf32>
  return
}

// -----

func @canonical_missing_attribute(%x: tensor<1x3x16x50xf32>, %w: tensor<3x64x4x4xf32>) {
  // expected-error @+1 {{requires attribute 'pads_end'}}
  %0 = convt.canonical %x, %w {strides = [1, 1], dilations = [1, 1], groups = 1, pads_begin = [0, 0]} : (tensor<1x3x16x50xf32>, tensor<3x64x4x4xf32>) -> tensor<1x64x19x53xf32>
  return
}

// -----

func @canonical_output_below_one(%x: tensor<1x3x16x50xf32>, %w: tensor<3x64x4x4xf32>) {
  // expected-error @+1 {{'pads_end' gives an output size below 1: spatial dimension 1 would have size 0}}
  %0 = convt.canonical %x, %w {strides = [1, 1], dilations = [1, 1], groups = 1, pads_begin = [0, 50], pads_end = [0, 3]} : (tensor<1x3x16x50xf32>, tensor<3x64x4x4xf32>) -> tensor<1x64x19x1xf32>
  return
}
