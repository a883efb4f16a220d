// Round trip of convt.onnx, in the custom and the generic form.
// RUN: convt-opt %s | convt-opt | FileCheck %s
// RUN: convt-opt %s -mlir-print-op-generic | convt-opt | FileCheck %s

// CHECK-LABEL: func @onnx_defaults
// CHECK: convt.onnx %arg0, %arg1 : (tensor<1x3x5x5xf32>, tensor<3x2x3x3xf32>) -> tensor<1x2x7x7xf32>
func @onnx_defaults(%x: tensor<1x3x5x5xf32>, %w: tensor<3x2x3x3xf32>) -> tensor<1x2x7x7xf32> {
  %0 = convt.onnx %x, %w : (tensor<1x3x5x5xf32>, tensor<3x2x3x3xf32>) -> tensor<1x2x7x7xf32>
  return %0 : tensor<1x2x7x7xf32>
}

// CHECK-LABEL: func @onnx_every_attribute
// CHECK: convt.onnx %arg0, %arg1, %arg2 {auto_pad = "SAME_LOWER", data_format = "NHWC", dilations = [1, 1], group = 1 : i64, kernel_shape = [3, 3], output_padding = [1, 1], strides = [2, 2]} : (tensor<1x5x5x3xf32>, tensor<3x2x3x3xf32>, tensor<2xf32>) -> tensor<1x10x10x2xf32>
func @onnx_every_attribute(%x: tensor<1x5x5x3xf32>, %w: tensor<3x2x3x3xf32>, %b: tensor<2xf32>) -> tensor<1x10x10x2xf32> {
  %0 = convt.onnx %x, %w, %b {auto_pad = "SAME_LOWER", data_format = "NHWC", dilations = [1, 1], group = 1, kernel_shape = [3, 3], output_padding = [1, 1], strides = [2, 2]} : (tensor<1x5x5x3xf32>, tensor<3x2x3x3xf32>, tensor<2xf32>) -> tensor<1x10x10x2xf32>
  return %0 : tensor<1x10x10x2xf32>
}
