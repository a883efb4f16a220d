// Every verifier message, one case each. The constraint each one guards is
// noted when it is not obvious from the message.
// RUN: convt-opt %s -split-input-file -verify-diagnostics

func @stride_length(%x: tensor<1x3x16x50xf32>, %w: tensor<3x64x4x4xf32>) {
  // expected-error @+1 {{'stride' must have 2 values (one per spatial dimension), got 1: [2]}}
  %0 = convt.torch %x, %w {stride = [2]} : (tensor<1x3x16x50xf32>, tensor<3x64x4x4xf32>) -> tensor<1x64x19x53xf32>
  return
}

// -----

func @stride_empty(%x: tensor<1x3x16x50xf32>, %w: tensor<3x64x4x4xf32>) {
  // expected-error @+1 {{'stride' must not be empty (leave it out for the default)}}
  %0 = convt.torch %x, %w {stride = []} : (tensor<1x3x16x50xf32>, tensor<3x64x4x4xf32>) -> tensor<1x64x19x53xf32>
  return
}

// -----

func @stride_zero(%x: tensor<1x3x16x50xf32>, %w: tensor<3x64x4x4xf32>) {
  // expected-error @+1 {{'stride' must be positive, got [0, 1]}}
  %0 = convt.torch %x, %w {stride = [0, 1]} : (tensor<1x3x16x50xf32>, tensor<3x64x4x4xf32>) -> tensor<1x64x19x53xf32>
  return
}

// -----

func @dilation_negative(%x: tensor<1x3x16x50xf32>, %w: tensor<3x64x4x4xf32>) {
  // expected-error @+1 {{'dilation' must be positive, got [1, -1]}}
  %0 = convt.torch %x, %w {dilation = [1, -1]} : (tensor<1x3x16x50xf32>, tensor<3x64x4x4xf32>) -> tensor<1x64x19x53xf32>
  return
}

// -----

func @kernel_zero(%x: tensor<1x3x16x50xf32>, %w: tensor<3x64x0x4xf32>) {
  // expected-error @+1 {{'weight' kernel size must be positive in every spatial dimension, weight shape [3, 64, 0, 4]}}
  %0 = convt.torch %x, %w : (tensor<1x3x16x50xf32>, tensor<3x64x0x4xf32>) -> tensor<1x64x19x53xf32>
  return
}

// -----

func @padding_negative(%x: tensor<1x3x16x50xf32>, %w: tensor<3x64x4x4xf32>) {
  // expected-error @+1 {{'padding' must be non-negative, got [-1, 0]}}
  %0 = convt.torch %x, %w {padding = [-1, 0]} : (tensor<1x3x16x50xf32>, tensor<3x64x4x4xf32>) -> tensor<1x64x19x53xf32>
  return
}

// -----

func @output_padding_negative(%x: tensor<1x3x16x50xf32>, %w: tensor<3x64x4x4xf32>) {
  // expected-error @+1 {{'output_padding' must be non-negative, got [0, -1]}}
  %0 = convt.torch %x, %w {output_padding = [0, -1]} : (tensor<1x3x16x50xf32>, tensor<3x64x4x4xf32>) -> tensor<1x64x19x53xf32>
  return
}

// -----

func @groups_not_dividing(%x: tensor<1x3x16x50xf32>, %w: tensor<3x32x4x4xf32>) {
  // expected-error @+1 {{'groups' must divide in_channels = 3, got 2}}
  %0 = convt.torch %x, %w {groups = 2} : (tensor<1x3x16x50xf32>, tensor<3x32x4x4xf32>) -> tensor<1x64x19x53xf32>
  return
}

// -----

func @groups_zero(%x: tensor<1x4x16x50xf32>, %w: tensor<4x32x4x4xf32>) {
  // expected-error @+1 {{'groups' must be a positive integer, got 0}}
  %0 = convt.torch %x, %w {groups = 0} : (tensor<1x4x16x50xf32>, tensor<4x32x4x4xf32>) -> tensor<1x32x19x53xf32>
  return
}

// -----

func @weight_channels(%x: tensor<1x3x16x50xf32>, %w: tensor<4x64x4x4xf32>) {
  // expected-error @+1 {{'weight' dimension 0 is 4 but the input has 3 channels (weight layout is [C_in, C_out/groups, k...]), weight shape [4, 64, 4, 4]}}
  %0 = convt.torch %x, %w : (tensor<1x3x16x50xf32>, tensor<4x64x4x4xf32>) -> tensor<1x64x19x53xf32>
  return
}

// -----

func @weight_rank(%x: tensor<1x3x16x50xf32>, %w: tensor<3x64x4xf32>) {
  // expected-error @+1 {{'weight' must have rank 4 ([C_in, C_out/groups, k...]) like the input, got rank 3}}
  %0 = convt.torch %x, %w : (tensor<1x3x16x50xf32>, tensor<3x64x4xf32>) -> tensor<1x64x19x53xf32>
  return
}

// -----

func @bias_shape(%x: tensor<1x3x16x50xf32>, %w: tensor<3x64x4x4xf32>, %b: tensor<32xf32>) {
  // expected-error @+1 {{'bias' must have shape [C_out] = [64], got [32]}}
  %0 = convt.torch %x, %w, %b : (tensor<1x3x16x50xf32>, tensor<3x64x4x4xf32>, tensor<32xf32>) -> tensor<1x64x19x53xf32>
  return
}

// -----

func @input_rank(%x: tensor<3x16xf32>, %w: tensor<3x64xf32>) {
  // expected-error @+1 {{'input' must have rank 3, 4 or 5 ([N, C_in, spatial...] with 1 to 3 spatial dimensions), got rank 2}}
  %0 = convt.torch %x, %w : (tensor<3x16xf32>, tensor<3x64xf32>) -> tensor<3x64xf32>
  return
}

// -----

func @input_dynamic(%x: tensor<?x3x16x50xf32>, %w: tensor<3x64x4x4xf32>) {
  // expected-error @+1 {{'input' must have a static shape, got [-1, 3, 16, 50]}}
  %0 = convt.torch %x, %w : (tensor<?x3x16x50xf32>, tensor<3x64x4x4xf32>) -> tensor<1x64x19x53xf32>
  return
}

// -----

func @element_types(%x: tensor<1x3x16x50xf32>, %w: tensor<3x64x4x4xf16>) {
  // expected-error @+1 {{operands and result must share one element type, got 'f32' and 'f16'}}
  %0 = convt.torch %x, %w : (tensor<1x3x16x50xf32>, tensor<3x64x4x4xf16>) -> tensor<1x64x19x53xf32>
  return
}

// -----

func @element_type_i32(%x: tensor<1x3x16x50xi32>, %w: tensor<3x64x4x4xi32>) {
  // expected-error @+1 {{operand #0 must be ranked tensor of 32-bit float or 16-bit float or bfloat16 type values}}
  %0 = convt.torch %x, %w : (tensor<1x3x16x50xi32>, tensor<3x64x4x4xi32>) -> tensor<1x64x19x53xi32>
  return
}

// -----

// PyTorch: "output padding must be smaller than either stride or dilation".
func @torch_output_padding_too_big(%x: tensor<1x3x16x50xf32>, %w: tensor<3x64x5x5xf32>) {
  // expected-error @+1 {{'output_padding' must be smaller than either stride or dilation (PyTorch's rule): got 3 in spatial dimension 1 with stride 3 and dilation 1}}
  %0 = convt.torch %x, %w {stride = [3, 3], output_padding = [2, 3]} : (tensor<1x3x16x50xf32>, tensor<3x64x5x5xf32>) -> tensor<1x64x50x153xf32>
  return
}

// -----

func @torch_padding_mode(%x: tensor<1x3x16x50xf32>, %w: tensor<3x64x4x4xf32>) {
  // expected-error @+1 {{'padding_mode' must be "zeros" (PyTorch's ConvTranspose supports only zero padding), got "reflect"}}
  %0 = convt.torch %x, %w {padding_mode = "reflect"} : (tensor<1x3x16x50xf32>, tensor<3x64x4x4xf32>) -> tensor<1x64x19x53xf32>
  return
}

// -----

// PyTorch accepts output_size in [Lmin, Lmin + stride - 1] only.
func @torch_output_size_range(%x: tensor<1x16x6x6xf32>, %w: tensor<16x16x3x3xf32>) {
  // expected-error @+1 {{'output_size' requests 13 in spatial dimension 0, but PyTorch allows only sizes from 11 to 12 for this layer}}
  %0 = convt.torch %x, %w {stride = [2, 2], padding = [1, 1], output_size = [13, 12]} : (tensor<1x16x6x6xf32>, tensor<16x16x3x3xf32>) -> tensor<1x16x13x12xf32>
  return
}

// -----

func @torch_output_size_length(%x: tensor<1x16x6x6xf32>, %w: tensor<16x16x3x3xf32>) {
  // expected-error @+1 {{'output_size' must have 2 spatial sizes (or the full [N, C_out, spatial...] shape), got [12]}}
  %0 = convt.torch %x, %w {stride = [2, 2], padding = [1, 1], output_size = [12]} : (tensor<1x16x6x6xf32>, tensor<16x16x3x3xf32>) -> tensor<1x16x12x12xf32>
  return
}

// -----

func @torch_output_below_one(%x: tensor<1x3x2x50xf32>, %w: tensor<3x64x3x3xf32>) {
  // expected-error @+1 {{'padding' gives an output size below 1: spatial dimension 0 would have size -2 = (in-1)*stride - 2*padding + dilation*(kernel-1) + output_padding + 1}}
  %0 = convt.torch %x, %w {padding = [3, 0]} : (tensor<1x3x2x50xf32>, tensor<3x64x3x3xf32>) -> tensor<1x64x1x52xf32>
  return
}

// -----

func @result_type_mismatch(%x: tensor<1x3x16x50xf32>, %w: tensor<3x64x4x4xf32>) {
  // expected-error @+1 {{result type 'tensor<1x64x16x45xf32>' does not match the inferred type 'tensor<1x64x15x45xf32>' (output shape [1, 64, 15, 45])}}
  %0 = convt.torch %x, %w {padding = [2, 4]} : (tensor<1x3x16x50xf32>, tensor<3x64x4x4xf32>) -> tensor<1x64x16x45xf32>
  return
}

// -----

func @torch_data_format(%x: tensor<1x5x7x3xf32>, %w: tensor<3x8x3x3xf32>) {
  // expected-error @+1 {{'data_format' must be "NCHW" or "NHWC" for a 2-D layer, got "nhwc"}}
  %0 = convt.torch %x, %w {data_format = "nhwc"} : (tensor<1x5x7x3xf32>, tensor<3x8x3x3xf32>) -> tensor<1x7x9x8xf32>
  return
}

// -----

// Channels last: the channels are the input's last dimension, which the
// weight's first must match.
func @torch_channels_last_mismatch(%x: tensor<1x3x7x5xf32>, %w: tensor<3x8x3x3xf32>) {
  // expected-error @+1 {{'weight' dimension 0 is 3 but the input has 5 channels (weight layout is [C_in, C_out/groups, k...]), weight shape [3, 8, 3, 3]}}
  %0 = convt.torch %x, %w {data_format = "NHWC"} : (tensor<1x3x7x5xf32>, tensor<3x8x3x3xf32>) -> tensor<1x5x9x8xf32>
  return
}
