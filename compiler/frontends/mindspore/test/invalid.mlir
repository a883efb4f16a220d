// Every verifier message, one case each. The constraint each one guards is
// noted when it is not obvious from the message.
// RUN: convt-opt %s -split-input-file -verify-diagnostics

func @mindspore_group_not_dividing(%x: tensor<1x6x16x50xf32>, %w: tensor<6x8x4x4xf32>) {
  // expected-error @+1 {{'group' must divide in_channels = 6, got 4}}
  %0 = convt.mindspore %x, %w {group = 4} : (tensor<1x6x16x50xf32>, tensor<6x8x4x4xf32>) -> tensor<1x32x16x50xf32>
  return
}

// -----

func @mindspore_pad_mode(%x: tensor<1x3x16x50xf32>, %w: tensor<3x64x4x4xf32>) {
  // expected-error @+1 {{'pad_mode' must be one of "same", "valid", "pad", got "SAME_UPPER"}}
  %0 = convt.mindspore %x, %w {pad_mode = "SAME_UPPER"} : (tensor<1x3x16x50xf32>, tensor<3x64x4x4xf32>) -> tensor<1x64x16x50xf32>
  return
}

// -----

// MindSpore raises unless padding is 0 outside pad_mode = "pad".
func @mindspore_padding_with_same(%x: tensor<1x3x16x50xf32>, %w: tensor<3x64x4x4xf32>) {
  // expected-error @+1 {{'padding' must be 0 when pad_mode is "same" (MindSpore pads only with pad_mode = "pad"), got [1]}}
  %0 = convt.mindspore %x, %w {padding = [1]} : (tensor<1x3x16x50xf32>, tensor<3x64x4x4xf32>) -> tensor<1x64x16x50xf32>
  return
}

// -----

func @mindspore_padding_length(%x: tensor<1x3x16x50xf32>, %w: tensor<3x64x4x4xf32>) {
  // expected-error @+1 {{'padding' must be one int or 4 values (begin and end of each spatial dimension, in MindSpore's order), got 2: [1, 1]}}
  %0 = convt.mindspore %x, %w {pad_mode = "pad", padding = [1, 1]} : (tensor<1x3x16x50xf32>, tensor<3x64x4x4xf32>) -> tensor<1x64x17x51xf32>
  return
}

// -----

func @mindspore_1d_padding_pair(%x: tensor<1x3x50xf32>, %w: tensor<3x64x4xf32>) {
  // expected-error @+1 {{'padding' must be a single int for Conv1dTranspose, got [1, 2]}}
  %0 = convt.mindspore %x, %w {pad_mode = "pad", padding = [1, 2]} : (tensor<1x3x50xf32>, tensor<3x64x4xf32>) -> tensor<1x64x50xf32>
  return
}

// -----

func @mindspore_padding_negative(%x: tensor<1x3x16x50xf32>, %w: tensor<3x64x4x4xf32>) {
  // expected-error @+1 {{'padding' must be non-negative, got [1, -1, 1, 1]}}
  %0 = convt.mindspore %x, %w {pad_mode = "pad", padding = [1, -1, 1, 1]} : (tensor<1x3x16x50xf32>, tensor<3x64x4x4xf32>) -> tensor<1x64x17x51xf32>
  return
}

// -----

// MindSpore's Conv2dTranspose: output_padding in [0, max(stride, dilation)).
func @mindspore_2d_output_padding_range(%x: tensor<1x3x48x48xf32>, %w: tensor<3x32x3x3xf32>) {
  // expected-error @+1 {{'output_padding' must lie in [0, max(stride, dilation)) = [0, 2) (MindSpore's rule), got 2 in spatial dimension 1}}
  %0 = convt.mindspore %x, %w {stride = [2, 2], pad_mode = "pad", padding = [1], output_padding = [1, 2]} : (tensor<1x3x48x48xf32>, tensor<3x32x3x3xf32>) -> tensor<1x32x96x97xf32>
  return
}

// -----

func @mindspore_2d_output_padding_needs_pad(%x: tensor<1x3x48x48xf32>, %w: tensor<3x32x3x3xf32>) {
  // expected-error @+1 {{'output_padding' must be 0 when pad_mode is "same" (MindSpore's Conv2dTranspose applies it only with pad_mode = "pad"), got [1, 1]}}
  %0 = convt.mindspore %x, %w {stride = [2, 2], output_padding = [1, 1]} : (tensor<1x3x48x48xf32>, tensor<3x32x3x3xf32>) -> tensor<1x32x96x96xf32>
  return
}

// -----

func @mindspore_3d_output_padding_valid(%x: tensor<1x3x4x9x16xf32>, %w: tensor<3x32x5x5x5xf32>) {
  // expected-error @+1 {{'output_padding' must be 0 when pad_mode is "valid" (MindSpore's Conv3dTranspose), got [1, 1, 1]}}
  %0 = convt.mindspore %x, %w {stride = [3, 3, 3], pad_mode = "valid", output_padding = [1, 1, 1]} : (tensor<1x3x4x9x16xf32>, tensor<3x32x5x5x5xf32>) -> tensor<1x32x14x29x50xf32>
  return
}

// -----

func @mindspore_1d_output_padding(%x: tensor<1x3x50xf32>, %w: tensor<3x64x4xf32>) {
  // expected-error @+1 {{'output_padding' is not an argument of MindSpore's Conv1dTranspose, got [1]}}
  %0 = convt.mindspore %x, %w {stride = [2], output_padding = [1]} : (tensor<1x3x50xf32>, tensor<3x64x4xf32>) -> tensor<1x64x100xf32>
  return
}

// -----

func @mindspore_data_format(%x: tensor<1x3x4x9x16xf32>, %w: tensor<3x32x5x5x5xf32>) {
  // expected-error @+1 {{'data_format' must be "NCDHW" or "NDHWC" for a 3-D layer, got "NHWC"}}
  %0 = convt.mindspore %x, %w {stride = [3, 3, 3], data_format = "NHWC"} : (tensor<1x3x4x9x16xf32>, tensor<3x32x5x5x5xf32>) -> tensor<1x32x12x27x48xf32>
  return
}

// -----

func @mindspore_output_below_one(%x: tensor<1x3x2x50xf32>, %w: tensor<3x64x3x3xf32>) {
  // expected-error @+1 {{'padding' gives an output size below 1: spatial dimension 0 would have size 0}}
  %0 = convt.mindspore %x, %w {pad_mode = "pad", padding = [2, 2, 0, 0]} : (tensor<1x3x2x50xf32>, tensor<3x64x3x3xf32>) -> tensor<1x64x1x52xf32>
  return
}
