// Round trip of convt.tf, in the custom and the generic form.
// RUN: convt-opt %s | convt-opt | FileCheck %s
// RUN: convt-opt %s -mlir-print-op-generic | convt-opt | FileCheck %s

// Keras' defaults: channels last, filters [k..., C_out, C_in], "valid":
// L = n*s + max(fs - s, 0) = 5 + 2.
// CHECK-LABEL: func @keras_defaults
// CHECK: convt.tf %arg0, %arg1 : (tensor<1x5x5x3xf32>, tensor<3x3x2x3xf32>) -> tensor<1x7x7x2xf32>
func @keras_defaults(%x: tensor<1x5x5x3xf32>, %w: tensor<3x3x2x3xf32>) -> tensor<1x7x7x2xf32> {
  %0 = convt.tf %x, %w : (tensor<1x5x5x3xf32>, tensor<3x3x2x3xf32>) -> tensor<1x7x7x2xf32>
  return %0 : tensor<1x7x7x2xf32>
}

// CHECK-LABEL: func @nn_every_attribute
// CHECK: convt.tf %arg0, %arg1, %arg2 {api = "nn", data_format = "NHWC", dilations = [1, 1], explicit_paddings = [1, 0, 0, 2], output_shape = [10, 9], padding = "EXPLICIT", strides = [2, 2], weight_format = "HWOI"} : (tensor<1x5x5x3xf32>, tensor<3x3x2x3xf32>, tensor<2xf32>) -> tensor<1x10x9x2xf32>
func @nn_every_attribute(%x: tensor<1x5x5x3xf32>, %w: tensor<3x3x2x3xf32>, %b: tensor<2xf32>) -> tensor<1x10x9x2xf32> {
  %0 = convt.tf %x, %w, %b {api = "nn", data_format = "NHWC", dilations = [1, 1], explicit_paddings = [1, 0, 0, 2], output_shape = [10, 9], padding = "EXPLICIT", strides = [2, 2], weight_format = "HWOI"} : (tensor<1x5x5x3xf32>, tensor<3x3x2x3xf32>, tensor<2xf32>) -> tensor<1x10x9x2xf32>
  return %0 : tensor<1x10x9x2xf32>
}

// Either layout may be the other frameworks': channels first, weight
// [C_in, C_out, k...].
// CHECK-LABEL: func @keras_channels_first
// CHECK: convt.tf %arg0, %arg1 {data_format = "NCHW", output_padding = [1, 1], padding = "same", strides = [2, 2], weight_format = "IOHW"} : (tensor<1x3x5x5xf32>, tensor<3x2x3x3xf32>) -> tensor<1x2x10x10xf32>
func @keras_channels_first(%x: tensor<1x3x5x5xf32>, %w: tensor<3x2x3x3xf32>) -> tensor<1x2x10x10xf32> {
  %0 = convt.tf %x, %w {data_format = "NCHW", output_padding = [1, 1], padding = "same", strides = [2, 2], weight_format = "IOHW"} : (tensor<1x3x5x5xf32>, tensor<3x2x3x3xf32>) -> tensor<1x2x10x10xf32>
  return %0 : tensor<1x2x10x10xf32>
}
