// Lowering of ONNX ConvTranspose nodes to the canonical padded form: every
// auto_pad, pads, output_padding and output_shape, as the operator spec's
// text defines them (docs/semantics.md section 4). Declared result types
// are checked by the verifier.
// RUN: convt-opt %s --convt-to-canonical | FileCheck %s
// RUN: convt-opt %s --convt-to-canonical | FileCheck %s --check-prefix=GONE
// GONE-NOT: convt.onnx

// NOTSET with pads [b..., e...]: F = (5-1)*2 + 3 = 11, L = 11 - 1 - 1 = 9.
// CHECK-LABEL: func @notset_pads
// CHECK: convt.canonical %arg0, %arg1 {dilations = [1, 1], groups = 1 : i64, pads_begin = [1, 2], pads_end = [1, 0], strides = [2, 2]} : (tensor<1x3x5x5xf32>, tensor<3x2x3x3xf32>) -> tensor<1x2x9x9xf32>
func @notset_pads(%x: tensor<1x3x5x5xf32>, %w: tensor<3x2x3x3xf32>) -> tensor<1x2x9x9xf32> {
  %0 = convt.onnx %x, %w {strides = [2, 2], pads = [1, 2, 1, 0]} : (tensor<1x3x5x5xf32>, tensor<3x2x3x3xf32>) -> tensor<1x2x9x9xf32>
  return %0 : tensor<1x2x9x9xf32>
}

// output_padding adds positions at the end: pads_end e - op.
// CHECK-LABEL: func @output_padding
// CHECK: pads_begin = [1, 1], pads_end = [0, 1], strides = [2, 2]} : {{.*}} -> tensor<1x2x10x9xf32>
func @output_padding(%x: tensor<1x3x5x5xf32>, %w: tensor<3x2x3x3xf32>) -> tensor<1x2x10x9xf32> {
  %0 = convt.onnx %x, %w {strides = [2, 2], pads = [1, 1, 1, 1], output_padding = [1, 0]} : (tensor<1x3x5x5xf32>, tensor<3x2x3x3xf32>) -> tensor<1x2x10x9xf32>
  return %0 : tensor<1x2x10x9xf32>
}

// SAME_UPPER: output n*s; total padding fs - s + op = 1, the larger half at
// the end.
// CHECK-LABEL: func @same_upper
// CHECK: pads_begin = [0, 0], pads_end = [1, 1], strides = [2, 2]} : {{.*}} -> tensor<1x2x10x10xf32>
func @same_upper(%x: tensor<1x3x5x5xf32>, %w: tensor<3x2x3x3xf32>) -> tensor<1x2x10x10xf32> {
  %0 = convt.onnx %x, %w {strides = [2, 2], auto_pad = "SAME_UPPER"} : (tensor<1x3x5x5xf32>, tensor<3x2x3x3xf32>) -> tensor<1x2x10x10xf32>
  return %0 : tensor<1x2x10x10xf32>
}

// SAME_LOWER: the larger half at the start.
// CHECK-LABEL: func @same_lower
// CHECK: pads_begin = [1, 1], pads_end = [0, 0], strides = [2, 2]} : {{.*}} -> tensor<1x2x10x10xf32>
func @same_lower(%x: tensor<1x3x5x5xf32>, %w: tensor<3x2x3x3xf32>) -> tensor<1x2x10x10xf32> {
  %0 = convt.onnx %x, %w {strides = [2, 2], auto_pad = "SAME_LOWER"} : (tensor<1x3x5x5xf32>, tensor<3x2x3x3xf32>) -> tensor<1x2x10x10xf32>
  return %0 : tensor<1x2x10x10xf32>
}

// SAME with output_padding: total 3 - 2 + 1 = 2, still n*s.
// CHECK-LABEL: func @same_upper_output_padding
// CHECK: pads_begin = [1], pads_end = [0], strides = [2]} : {{.*}} -> tensor<1x2x10xf32>
func @same_upper_output_padding(%x: tensor<1x3x5xf32>, %w: tensor<3x2x3xf32>) -> tensor<1x2x10xf32> {
  %0 = convt.onnx %x, %w {strides = [2], auto_pad = "SAME_UPPER", output_padding = [1]} : (tensor<1x3x5xf32>, tensor<3x2x3xf32>) -> tensor<1x2x10xf32>
  return %0 : tensor<1x2x10xf32>
}

// SAME with a kernel shorter than the stride: a negative total (-1), split
// with floor division as ONNX's reference implementation does: one zero
// before the full result, n*s = 10 (ONNX's shape inference says 9 here;
// the spec's text, followed, says n*s).
// CHECK-LABEL: func @same_upper_kernel_below_stride
// CHECK: pads_begin = [-1], pads_end = [0], strides = [2]} : {{.*}} -> tensor<1x2x10xf32>
func @same_upper_kernel_below_stride(%x: tensor<1x3x5xf32>, %w: tensor<3x2x1xf32>) -> tensor<1x2x10xf32> {
  %0 = convt.onnx %x, %w {strides = [2], auto_pad = "SAME_UPPER"} : (tensor<1x3x5xf32>, tensor<3x2x1xf32>) -> tensor<1x2x10xf32>
  return %0 : tensor<1x2x10xf32>
}

// VALID: no crop; output_padding extends the end.
// CHECK-LABEL: func @valid
// CHECK: pads_begin = [0, 0], pads_end = [-1, 0], strides = [2, 2]} : {{.*}} -> tensor<1x2x12x11xf32>
func @valid(%x: tensor<1x3x5x5xf32>, %w: tensor<3x2x3x3xf32>) -> tensor<1x2x12x11xf32> {
  %0 = convt.onnx %x, %w {strides = [2, 2], auto_pad = "VALID", output_padding = [1, 0]} : (tensor<1x3x5x5xf32>, tensor<3x2x3x3xf32>) -> tensor<1x2x12x11xf32>
  return %0 : tensor<1x2x12x11xf32>
}

// output_shape (ONNX's test_convtranspose_output_shape): total padding
// F - L = 9 - 10 = -1 and 7 - 8 = -1, split with the larger half at the
// start (every auto_pad but SAME_UPPER): one zero row and column at the end.
// CHECK-LABEL: func @output_shape
// CHECK: pads_begin = [0, 0], pads_end = [-1, -1], strides = [3, 2]} : {{.*}} -> tensor<1x2x10x8xf32>
func @output_shape(%x: tensor<1x1x3x3xf32>, %w: tensor<1x2x3x3xf32>) -> tensor<1x2x10x8xf32> {
  %0 = convt.onnx %x, %w {strides = [3, 2], output_shape = [10, 8]} : (tensor<1x1x3x3xf32>, tensor<1x2x3x3xf32>) -> tensor<1x2x10x8xf32>
  return %0 : tensor<1x2x10x8xf32>
}

// output_shape ignores pads (the spec: "pads values are ignored") and
// splits a positive total: F = 11, L = 8, total 3: SAME_UPPER (1, 2).
// CHECK-LABEL: func @output_shape_same_upper
// CHECK: pads_begin = [1], pads_end = [2], strides = [2]} : {{.*}} -> tensor<1x2x8xf32>
func @output_shape_same_upper(%x: tensor<1x3x5xf32>, %w: tensor<3x2x3xf32>) -> tensor<1x2x8xf32> {
  %0 = convt.onnx %x, %w {strides = [2], auto_pad = "SAME_UPPER", output_shape = [8], pads = [0, 0]} : (tensor<1x3x5xf32>, tensor<3x2x3xf32>) -> tensor<1x2x8xf32>
  return %0 : tensor<1x2x8xf32>
}

// Groups, dilations, kernel_shape and a bias, 3-D.
// CHECK-LABEL: func @grouped_dilated_3d
// CHECK: convt.canonical %arg0, %arg1, %arg2 {dilations = [2, 1, 1], groups = 2 : i64, pads_begin = [1, 0, 0], pads_end = [1, 0, 0], strides = [1, 2, 2]} : {{.*}} -> tensor<1x4x3x7x7xf32>
func @grouped_dilated_3d(%x: tensor<1x4x3x3x3xf32>, %w: tensor<4x2x2x3x3xf32>, %b: tensor<4xf32>) -> tensor<1x4x3x7x7xf32> {
  %0 = convt.onnx %x, %w, %b {group = 2, dilations = [2, 1, 1], strides = [1, 2, 2], kernel_shape = [2, 3, 3], pads = [1, 0, 0, 1, 0, 0]} : (tensor<1x4x3x3x3xf32>, tensor<4x2x2x3x3xf32>, tensor<4xf32>) -> tensor<1x4x3x7x7xf32>
  return %0 : tensor<1x4x3x7x7xf32>
}
