// Every message of ONNX's rules, one case each.
// RUN: convt-opt %s -split-input-file -verify-diagnostics

func @auto_pad_unknown(%x: tensor<1x3x5x5xf32>, %w: tensor<3x2x3x3xf32>) {
  // expected-error @+1 {{'auto_pad' must be "NOTSET", "SAME_UPPER", "SAME_LOWER" or "VALID", got "SAME"}}
  %0 = convt.onnx %x, %w {auto_pad = "SAME"} : (tensor<1x3x5x5xf32>, tensor<3x2x3x3xf32>) -> tensor<1x2x7x7xf32>
  return
}

// -----

func @pads_length(%x: tensor<1x3x5x5xf32>, %w: tensor<3x2x3x3xf32>) {
  // expected-error @+1 {{'pads' must have 4 values (every spatial dimension's begin, then every end), got 2: [1, 1]}}
  %0 = convt.onnx %x, %w {pads = [1, 1]} : (tensor<1x3x5x5xf32>, tensor<3x2x3x3xf32>) -> tensor<1x2x7x7xf32>
  return
}

// -----

func @pads_negative(%x: tensor<1x3x5x5xf32>, %w: tensor<3x2x3x3xf32>) {
  // expected-error @+1 {{'pads' must be non-negative, got [0, -1, 0, 0]}}
  %0 = convt.onnx %x, %w {pads = [0, -1, 0, 0]} : (tensor<1x3x5x5xf32>, tensor<3x2x3x3xf32>) -> tensor<1x2x7x7xf32>
  return
}

// -----

// ONNX's shape inference fails on both; they exclude each other.
func @pads_with_auto_pad(%x: tensor<1x3x5x5xf32>, %w: tensor<3x2x3x3xf32>) {
  // expected-error @+1 {{'pads' cannot be given with auto_pad "SAME_UPPER" (ONNX: pads and auto_pad exclude each other)}}
  %0 = convt.onnx %x, %w {pads = [1, 1, 1, 1], auto_pad = "SAME_UPPER"} : (tensor<1x3x5x5xf32>, tensor<3x2x3x3xf32>) -> tensor<1x2x5x5xf32>
  return
}

// -----

func @kernel_shape_mismatch(%x: tensor<1x3x5x5xf32>, %w: tensor<3x2x3x3xf32>) {
  // expected-error @+1 {{'kernel_shape' is [3, 4] but the weight's spatial dimensions are [3, 3]}}
  %0 = convt.onnx %x, %w {kernel_shape = [3, 4]} : (tensor<1x3x5x5xf32>, tensor<3x2x3x3xf32>) -> tensor<1x2x7x7xf32>
  return
}

// -----

// "must be less than the corresponding stride/dilation dimension": less
// than either, as PyTorch reads the same words.
func @output_padding_too_large(%x: tensor<1x3x5x5xf32>, %w: tensor<3x2x3x3xf32>) {
  // expected-error @+1 {{'output_padding' must be smaller than the stride or the dilation (ONNX's rule): got 2 in spatial dimension 1 with strides 2 and dilations 1}}
  %0 = convt.onnx %x, %w {strides = [2, 2], output_padding = [0, 2]} : (tensor<1x3x5x5xf32>, tensor<3x2x3x3xf32>) -> tensor<1x2x11x13xf32>
  return
}

// -----

func @output_shape_rank(%x: tensor<1x3x5x5xf32>, %w: tensor<3x2x3x3xf32>) {
  // expected-error @+1 {{'output_shape' must have 2 spatial sizes, got [7]}}
  %0 = convt.onnx %x, %w {output_shape = [7]} : (tensor<1x3x5x5xf32>, tensor<3x2x3x3xf32>) -> tensor<1x2x7x7xf32>
  return
}

// -----

func @output_shape_zero(%x: tensor<1x3x5x5xf32>, %w: tensor<3x2x3x3xf32>) {
  // expected-error @+1 {{'output_shape' must hold positive sizes, got [7, 0]}}
  %0 = convt.onnx %x, %w {output_shape = [7, 0]} : (tensor<1x3x5x5xf32>, tensor<3x2x3x3xf32>) -> tensor<1x2x7x7xf32>
  return
}

// -----

func @group_weight(%x: tensor<1x4x5x5xf32>, %w: tensor<4x2x3x3xf32>) {
  // expected-error @+1 {{'group' must divide in_channels = 4, got 3}}
  %0 = convt.onnx %x, %w {group = 3} : (tensor<1x4x5x5xf32>, tensor<4x2x3x3xf32>) -> tensor<1x6x7x7xf32>
  return
}

// -----

func @crop_to_nothing(%x: tensor<1x3x2x2xf32>, %w: tensor<3x2x3x3xf32>) {
  // expected-error @+1 {{'pads' gives an output size below 1: spatial dimension 0 would have size 0 = strides*(in-1) + output_padding + (kernel-1)*dilations + 1 - pads_begin - pads_end}}
  %0 = convt.onnx %x, %w {pads = [2, 2, 2, 2]} : (tensor<1x3x2x2xf32>, tensor<3x2x3x3xf32>) -> tensor<1x2x1x1xf32>
  return
}
