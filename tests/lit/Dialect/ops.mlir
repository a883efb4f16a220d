// Round trip of every op, in the custom and the generic form.
// RUN: convt-opt %s | convt-opt | FileCheck %s
// RUN: convt-opt %s -mlir-print-op-generic | convt-opt | FileCheck %s

// CHECK-LABEL: func @canonical_3d
// CHECK: convt.canonical %arg0, %arg1 {dilations = [1, 1, 1], groups = 1 : i64, pads_begin = [1, 1, 1], pads_end = [1, 1, 1], strides = [3, 3, 3]} : (tensor<1x3x4x9x16xf32>, tensor<3x32x5x5x5xf32>) -> tensor<1x32x12x27x48xf32>
func @canonical_3d(%x: tensor<1x3x4x9x16xf32>, %w: tensor<3x32x5x5x5xf32>) -> tensor<1x32x12x27x48xf32> {
  %0 = convt.canonical %x, %w {strides = [3, 3, 3], dilations = [1, 1, 1], groups = 1, pads_begin = [1, 1, 1], pads_end = [1, 1, 1]} : (tensor<1x3x4x9x16xf32>, tensor<3x32x5x5x5xf32>) -> tensor<1x32x12x27x48xf32>
  return %0 : tensor<1x32x12x27x48xf32>
}

// The identity-like case: stride 1, no pads. Still a valid layer.
// CHECK-LABEL: func @canonical_trivial
// CHECK: convt.canonical %arg0, %arg1 {dilations = [1, 1], groups = 1 : i64, pads_begin = [0, 0], pads_end = [0, 0], strides = [1, 1]} : (tensor<1x4x5x5xf32>, tensor<4x4x1x1xf32>) -> tensor<1x4x5x5xf32>
func @canonical_trivial(%x: tensor<1x4x5x5xf32>, %w: tensor<4x4x1x1xf32>) -> tensor<1x4x5x5xf32> {
  %0 = convt.canonical %x, %w {strides = [1, 1], dilations = [1, 1], groups = 1, pads_begin = [0, 0], pads_end = [0, 0]} : (tensor<1x4x5x5xf32>, tensor<4x4x1x1xf32>) -> tensor<1x4x5x5xf32>
  return %0 : tensor<1x4x5x5xf32>
}

// Negative pads extend the output; post_pads appends zeros after the bias.
// CHECK-LABEL: func @canonical_signed_pads
// CHECK: convt.canonical %arg0, %arg1, %arg2 {dilations = [2], groups = 1 : i64, pads_begin = [-1], pads_end = [-2], post_pads = [1], strides = [6]} : (tensor<1x2x5xf32>, tensor<2x3x3xf32>, tensor<3xf32>) -> tensor<1x3x33xf32>
func @canonical_signed_pads(%x: tensor<1x2x5xf32>, %w: tensor<2x3x3xf32>, %b: tensor<3xf32>) -> tensor<1x3x33xf32> {
  %0 = convt.canonical %x, %w, %b {strides = [6], dilations = [2], groups = 1, pads_begin = [-1], pads_end = [-2], post_pads = [1]} : (tensor<1x2x5xf32>, tensor<2x3x3xf32>, tensor<3xf32>) -> tensor<1x3x33xf32>
  return %0 : tensor<1x3x33xf32>
}
