// Lowering of TensorFlow's transposed convolutions to the canonical padded
// form (docs/semantics.md section 5 and the edge cases of section 8): the
// output length from Keras' deconv_output_length or tf.nn's output_shape,
// the crop from the forward convolution back to the input. The layouts go
// to the canonical op unchanged.
// RUN: convt-opt %s --convt-to-canonical | FileCheck %s
// RUN: convt-opt %s --convt-to-canonical | FileCheck %s --check-prefix=GONE
// GONE-NOT: convt.tf

// Keras "same", k=3, s=2, n=5: L = n*s = 10, F = 11: SAME pads 1, the odd
// one at the end.
// CHECK-LABEL: func @keras_same
// CHECK: convt.canonical %arg0, %arg1 {data_format = "NHWC", dilations = [1, 1], groups = 1 : i64, pads_begin = [0, 0], pads_end = [1, 1], strides = [2, 2], weight_format = "HWOI"} : (tensor<1x5x5x3xf32>, tensor<3x3x2x3xf32>) -> tensor<1x10x10x2xf32>
func @keras_same(%x: tensor<1x5x5x3xf32>, %w: tensor<3x3x2x3xf32>) -> tensor<1x10x10x2xf32> {
  %0 = convt.tf %x, %w {padding = "same", strides = [2, 2]} : (tensor<1x5x5x3xf32>, tensor<3x3x2x3xf32>) -> tensor<1x10x10x2xf32>
  return %0 : tensor<1x10x10x2xf32>
}

// X3: an odd total (k=4, s=1, total 3) puts the larger half at the end,
// (1, 2), which PyTorch cannot say.
// CHECK-LABEL: func @odd_total
// CHECK: pads_begin = [1], pads_end = [2]{{.*}} -> tensor<1x7x2xf32>
func @odd_total(%x: tensor<1x7x3xf32>, %w: tensor<4x2x3xf32>) -> tensor<1x7x2xf32> {
  %0 = convt.tf %x, %w {padding = "SAME"} : (tensor<1x7x3xf32>, tensor<4x2x3xf32>) -> tensor<1x7x2xf32>
  return %0 : tensor<1x7x2xf32>
}

// X4: Keras "same" with output_padding 1 (k=3, s=2, n=5): L = (n-1)*s +
// fs%2 + op = 10, split as SAME: (0, 1), where PyTorch's p=1, op=1 is (1, 0).
// CHECK-LABEL: func @keras_same_output_padding
// CHECK: pads_begin = [0], pads_end = [1]{{.*}} -> tensor<1x10x2xf32>
func @keras_same_output_padding(%x: tensor<1x5x3xf32>, %w: tensor<3x2x3xf32>) -> tensor<1x10x2xf32> {
  %0 = convt.tf %x, %w {padding = "same", output_padding = [1], strides = [2]} : (tensor<1x5x3xf32>, tensor<3x2x3xf32>) -> tensor<1x10x2xf32>
  return %0 : tensor<1x10x2xf32>
}

// X1: Keras "valid" with fs < s (k=2, s=4, n=5): L = n*s = 20 > F = 18,
// two trailing positions (bias only).
// CHECK-LABEL: func @keras_valid_kernel_below_stride
// CHECK: pads_begin = [0], pads_end = [-2]{{.*}} -> tensor<1x20x2xf32>
func @keras_valid_kernel_below_stride(%x: tensor<1x5x3xf32>, %w: tensor<2x2x3xf32>) -> tensor<1x20x2xf32> {
  %0 = convt.tf %x, %w {strides = [4]} : (tensor<1x5x3xf32>, tensor<2x2x3xf32>) -> tensor<1x20x2xf32>
  return %0 : tensor<1x20x2xf32>
}

// tf.nn "VALID" may ask for up to s-1 more than F: k=3, s=2, n=5, F=11,
// L=12.
// CHECK-LABEL: func @nn_valid
// CHECK: pads_begin = [0], pads_end = [-1]{{.*}} -> tensor<1x12x2xf32>
func @nn_valid(%x: tensor<1x5x3xf32>, %w: tensor<3x2x3xf32>) -> tensor<1x12x2xf32> {
  %0 = convt.tf %x, %w {api = "nn", padding = "VALID", output_shape = [12], strides = [2]} : (tensor<1x5x3xf32>, tensor<3x2x3xf32>) -> tensor<1x12x2xf32>
  return %0 : tensor<1x12x2xf32>
}

// tf.nn "SAME" with fs < s: any L with ceil(L/s) = n. k=2, s=4, n=5,
// L=17: pads max(0, F - L) = 1, at the end.
// CHECK-LABEL: func @nn_same_kernel_below_stride
// CHECK: pads_begin = [0], pads_end = [1]{{.*}} -> tensor<1x17x2xf32>
func @nn_same_kernel_below_stride(%x: tensor<1x5x3xf32>, %w: tensor<2x2x3xf32>) -> tensor<1x17x2xf32> {
  %0 = convt.tf %x, %w {api = "nn", output_shape = [17], strides = [4]} : (tensor<1x5x3xf32>, tensor<2x2x3xf32>) -> tensor<1x17x2xf32>
  return %0 : tensor<1x17x2xf32>
}

// tf.nn explicit padding: the crop is the forward padding before, and
// whatever is left after (E1: 16x50, k=4, [[2, 2], [4, 4]] -> 15x45).
// CHECK-LABEL: func @nn_explicit
// CHECK: pads_begin = [2, 4], pads_end = [2, 4]{{.*}} -> tensor<1x15x45x8xf32>
func @nn_explicit(%x: tensor<1x16x50x3xf32>, %w: tensor<4x4x8x3xf32>) -> tensor<1x15x45x8xf32> {
  %0 = convt.tf %x, %w {api = "nn", padding = "EXPLICIT", explicit_paddings = [2, 2, 4, 4], output_shape = [15, 45]} : (tensor<1x16x50x3xf32>, tensor<4x4x8x3xf32>) -> tensor<1x15x45x8xf32>
  return %0 : tensor<1x15x45x8xf32>
}

// Keras' dilation_rate: k=3, d=2, "same", n=6: fs=5, total 4, (2, 2).
// CHECK-LABEL: func @keras_dilated_3d
// CHECK: convt.canonical %arg0, %arg1 {data_format = "NDHWC", dilations = [2, 2, 2], groups = 1 : i64, pads_begin = [2, 2, 2], pads_end = [2, 2, 2], strides = [1, 1, 1], weight_format = "DHWOI"} : (tensor<1x6x6x6x2xf32>, tensor<3x3x3x4x2xf32>) -> tensor<1x6x6x6x4xf32>
func @keras_dilated_3d(%x: tensor<1x6x6x6x2xf32>, %w: tensor<3x3x3x4x2xf32>) -> tensor<1x6x6x6x4xf32> {
  %0 = convt.tf %x, %w {padding = "same", dilations = [2, 2, 2]} : (tensor<1x6x6x6x2xf32>, tensor<3x3x3x4x2xf32>) -> tensor<1x6x6x6x4xf32>
  return %0 : tensor<1x6x6x6x4xf32>
}
