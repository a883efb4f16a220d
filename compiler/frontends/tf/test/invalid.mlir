// Every message of TensorFlow's and Keras' rules, one case each.
// RUN: convt-opt %s -split-input-file -verify-diagnostics

func @api_unknown(%x: tensor<1x5x5x3xf32>, %w: tensor<3x3x2x3xf32>) {
  // expected-error @+1 {{'api' must be "keras" (Conv*DTranspose) or "nn" (tf.nn.conv*_transpose), got "tf2"}}
  %0 = convt.tf %x, %w {api = "tf2"} : (tensor<1x5x5x3xf32>, tensor<3x3x2x3xf32>) -> tensor<1x7x7x2xf32>
  return
}

// -----

func @keras_padding_unknown(%x: tensor<1x5x5x3xf32>, %w: tensor<3x3x2x3xf32>) {
  // expected-error @+1 {{'padding' must be "valid" or "same" (Keras), got "causal"}}
  %0 = convt.tf %x, %w {padding = "causal"} : (tensor<1x5x5x3xf32>, tensor<3x3x2x3xf32>) -> tensor<1x7x7x2xf32>
  return
}

// -----

func @nn_padding_lower_case(%x: tensor<1x5x5x3xf32>, %w: tensor<3x3x2x3xf32>) {
  // expected-error @+1 {{'padding' must be "SAME", "VALID" or explicit pairs (tf.nn; "same" and "valid" are Keras' names), got "same"}}
  %0 = convt.tf %x, %w {api = "nn", padding = "same", output_shape = [5, 5]} : (tensor<1x5x5x3xf32>, tensor<3x3x2x3xf32>) -> tensor<1x5x5x2xf32>
  return
}

// -----

func @explicit_count(%x: tensor<1x5x5x3xf32>, %w: tensor<3x3x2x3xf32>) {
  // expected-error @+1 {{'padding' must hold 2 (before, after) pairs, one per spatial dimension, got [1, 1]}}
  %0 = convt.tf %x, %w {api = "nn", padding = "EXPLICIT", explicit_paddings = [1, 1], output_shape = [5, 5]} : (tensor<1x5x5x3xf32>, tensor<3x3x2x3xf32>) -> tensor<1x5x5x2xf32>
  return
}

// -----

func @explicit_negative(%x: tensor<1x5x5x3xf32>, %w: tensor<3x3x2x3xf32>) {
  // expected-error @+1 {{'padding' must be non-negative, got [1, -1, 0, 0]}}
  %0 = convt.tf %x, %w {api = "nn", padding = "EXPLICIT", explicit_paddings = [1, -1, 0, 0], output_shape = [5, 5]} : (tensor<1x5x5x3xf32>, tensor<3x3x2x3xf32>) -> tensor<1x5x5x2xf32>
  return
}

// -----

func @explicit_without_mode(%x: tensor<1x5x5x3xf32>, %w: tensor<3x3x2x3xf32>) {
  // expected-error @+1 {{'padding' holds explicit pairs but the mode is "SAME"}}
  %0 = convt.tf %x, %w {api = "nn", explicit_paddings = [1, 1, 0, 0], output_shape = [5, 5]} : (tensor<1x5x5x3xf32>, tensor<3x3x2x3xf32>) -> tensor<1x5x5x2xf32>
  return
}

// -----

func @keras_output_shape(%x: tensor<1x5x5x3xf32>, %w: tensor<3x3x2x3xf32>) {
  // expected-error @+1 {{'output_shape' is tf.nn's; Keras computes the output shape itself (use api "nn")}}
  %0 = convt.tf %x, %w {output_shape = [7, 7]} : (tensor<1x5x5x3xf32>, tensor<3x3x2x3xf32>) -> tensor<1x7x7x2xf32>
  return
}

// -----

func @keras_strides_and_dilation(%x: tensor<1x5x5x3xf32>, %w: tensor<3x3x2x3xf32>) {
  // expected-error @+1 {{'dilation_rate' cannot exceed 1 when strides do (Keras: "strides > 1 not supported in conjunction with dilation_rate > 1")}}
  %0 = convt.tf %x, %w {strides = [2, 1], dilations = [1, 2]} : (tensor<1x5x5x3xf32>, tensor<3x3x2x3xf32>) -> tensor<1x7x7x2xf32>
  return
}

// -----

func @keras_output_padding_negative(%x: tensor<1x5x5x3xf32>, %w: tensor<3x3x2x3xf32>) {
  // expected-error @+1 {{'output_padding' must be non-negative, got [0, -1]}}
  %0 = convt.tf %x, %w {strides = [2, 2], output_padding = [0, -1]} : (tensor<1x5x5x3xf32>, tensor<3x3x2x3xf32>) -> tensor<1x7x7x2xf32>
  return
}

// -----

func @keras_output_padding_stride(%x: tensor<1x5x5x3xf32>, %w: tensor<3x3x2x3xf32>) {
  // expected-error @+1 {{'output_padding' must be smaller than the stride (Keras: "Strides must be greater than output padding"): got 2 with strides 2 in spatial dimension 0}}
  %0 = convt.tf %x, %w {strides = [2, 2], output_padding = [2, 0]} : (tensor<1x5x5x3xf32>, tensor<3x3x2x3xf32>) -> tensor<1x7x7x2xf32>
  return
}

// -----

func @nn_output_padding(%x: tensor<1x5x5x3xf32>, %w: tensor<3x3x2x3xf32>) {
  // expected-error @+1 {{'output_padding' is Keras'; tf.nn takes output_shape (use api "keras")}}
  %0 = convt.tf %x, %w {api = "nn", output_shape = [5, 5], output_padding = [0, 0]} : (tensor<1x5x5x3xf32>, tensor<3x3x2x3xf32>) -> tensor<1x5x5x2xf32>
  return
}

// -----

func @nn_no_output_shape(%x: tensor<1x5x5x3xf32>, %w: tensor<3x3x2x3xf32>) {
  // expected-error @+1 {{'output_shape' is required by tf.nn's transposed convolutions}}
  %0 = convt.tf %x, %w {api = "nn"} : (tensor<1x5x5x3xf32>, tensor<3x3x2x3xf32>) -> tensor<1x5x5x2xf32>
  return
}

// -----

func @nn_output_shape_count(%x: tensor<1x5x5x3xf32>, %w: tensor<3x3x2x3xf32>) {
  // expected-error @+1 {{'output_shape' must have 2 spatial sizes, got [5]}}
  %0 = convt.tf %x, %w {api = "nn", output_shape = [5]} : (tensor<1x5x5x3xf32>, tensor<3x3x2x3xf32>) -> tensor<1x5x5x2xf32>
  return
}

// -----

func @nn_output_shape_zero(%x: tensor<1x5x5x3xf32>, %w: tensor<3x3x2x3xf32>) {
  // expected-error @+1 {{'output_shape' must be positive, got [5, 0]}}
  %0 = convt.tf %x, %w {api = "nn", output_shape = [5, 0]} : (tensor<1x5x5x3xf32>, tensor<3x3x2x3xf32>) -> tensor<1x5x5x2xf32>
  return
}

// -----

func @nn_same_length(%x: tensor<1x5x5x3xf32>, %w: tensor<3x3x2x3xf32>) {
  // expected-error @+1 {{'output_shape' has length 11 in spatial dimension 0, which TensorFlow rejects: its forward convolution (SAME: ceil(L/stride)) must give back the input length 5}}
  %0 = convt.tf %x, %w {api = "nn", strides = [2, 2], output_shape = [11, 10]} : (tensor<1x5x5x3xf32>, tensor<3x3x2x3xf32>) -> tensor<1x11x10x2xf32>
  return
}

// -----

func @nn_valid_length(%x: tensor<1x5x5x3xf32>, %w: tensor<3x3x2x3xf32>) {
  // expected-error @+1 {{'output_shape' has length 10 in spatial dimension 0, which TensorFlow rejects: its forward convolution (VALID: (L - dilated kernel)/stride + 1) must give back the input length 5}}
  %0 = convt.tf %x, %w {api = "nn", padding = "VALID", strides = [2, 2], output_shape = [10, 11]} : (tensor<1x5x5x3xf32>, tensor<3x3x2x3xf32>) -> tensor<1x10x11x2xf32>
  return
}

// -----

func @keras_same_even_kernel(%x: tensor<1x5x5x3xf32>, %w: tensor<2x2x2x3xf32>) {
  // expected-error @+1 {{'padding' gives length 8 in spatial dimension 0 (Keras' deconv_output_length), which TensorFlow rejects: its forward convolution (SAME: ceil(L/stride)) must give back the input length 5}}
  %0 = convt.tf %x, %w {padding = "same", strides = [2, 2], output_padding = [0, 0]} : (tensor<1x5x5x3xf32>, tensor<2x2x2x3xf32>) -> tensor<1x8x8x2xf32>
  return
}

// -----

func @filters_layout(%x: tensor<1x5x5x3xf32>, %w: tensor<3x3x2x4xf32>) {
  // expected-error @+1 {{'weight' dimension 3 is 4 but the input has 3 channels (weight layout is [k..., C_out/groups, C_in]), weight shape [3, 3, 2, 4]}}
  %0 = convt.tf %x, %w {} : (tensor<1x5x5x3xf32>, tensor<3x3x2x4xf32>) -> tensor<1x7x7x2xf32>
  return
}

// -----

func @weight_format_unknown(%x: tensor<1x5x5x3xf32>, %w: tensor<3x3x2x3xf32>) {
  // expected-error @+1 {{'weight_format' must be "IOHW" ([C_in, C_out/groups, k...]) or "HWOI" ([k..., C_out/groups, C_in]) for a 2-D layer, got "OIHW"}}
  %0 = convt.tf %x, %w {weight_format = "OIHW"} : (tensor<1x5x5x3xf32>, tensor<3x3x2x3xf32>) -> tensor<1x7x7x2xf32>
  return
}

// -----

func @explicit_1d(%x: tensor<1x5x3xf32>, %w: tensor<3x2x3xf32>) {
  // expected-error @+1 {{'padding' may be explicit pairs in tf.nn.conv2d_transpose only: conv1d_transpose and conv3d_transpose take "SAME" or "VALID"}}
  %0 = convt.tf %x, %w {api = "nn", padding = "EXPLICIT", explicit_paddings = [1, 1], output_shape = [9]} : (tensor<1x5x3xf32>, tensor<3x2x3xf32>) -> tensor<1x9x2xf32>
  return
}
