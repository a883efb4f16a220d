// The pass lowers every op that implements ConvtLayerOpInterface and is a
// framework's (each frontend's own cases: compiler/frontends/*/test), and
// leaves convt.canonical and other ops as they are.
// RUN: convt-opt %s --convt-to-canonical | FileCheck %s
// CHECK-NOT: convt.torch
// CHECK-NOT: convt.mindspore

// CHECK-LABEL: func @mixed
// CHECK: %[[A:.*]] = convt.canonical %arg0, %arg1 {dilations = [1], groups = 1 : i64, pads_begin = [0], pads_end = [0], strides = [2]}
// CHECK: %[[B:.*]] = convt.canonical %arg0, %arg1 {dilations = [1], groups = 1 : i64, pads_begin = [1], pads_end = [1], strides = [2]}
// CHECK: %[[C:.*]] = convt.canonical %arg0, %arg1 {dilations = [1], groups = 1 : i64, pads_begin = [2], pads_end = [2], strides = [2]}
// CHECK: return %[[A]], %[[B]], %[[C]]
func @mixed(%x: tensor<1x2x5xf32>, %w: tensor<2x3x3xf32>) -> (tensor<1x3x11xf32>, tensor<1x3x9xf32>, tensor<1x3x7xf32>) {
  %0 = convt.torch %x, %w {stride = [2]} : (tensor<1x2x5xf32>, tensor<2x3x3xf32>) -> tensor<1x3x11xf32>
  %1 = convt.mindspore %x, %w {stride = [2], pad_mode = "pad", padding = [1]} : (tensor<1x2x5xf32>, tensor<2x3x3xf32>) -> tensor<1x3x9xf32>
  %2 = convt.canonical %x, %w {strides = [2], dilations = [1], groups = 1, pads_begin = [2], pads_end = [2]} : (tensor<1x2x5xf32>, tensor<2x3x3xf32>) -> tensor<1x3x7xf32>
  return %0, %1, %2 : tensor<1x3x11xf32>, tensor<1x3x9xf32>, tensor<1x3x7xf32>
}
