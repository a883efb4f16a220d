// Round trip of every op, in the custom and the generic form.
// RUN: convt-opt %s | convt-opt | FileCheck %s
// RUN: convt-opt %s -mlir-print-op-generic | convt-opt | FileCheck %s

// CHECK-LABEL: func @mindspore_defaults
// CHECK: convt.mindspore %arg0, %arg1 : (tensor<1x3x16x50xf32>, tensor<3x64x5x5xf32>) -> tensor<1x64x16x50xf32>
func @mindspore_defaults(%x: tensor<1x3x16x50xf32>, %w: tensor<3x64x5x5xf32>) -> tensor<1x64x16x50xf32> {
  %0 = convt.mindspore %x, %w : (tensor<1x3x16x50xf32>, tensor<3x64x5x5xf32>) -> tensor<1x64x16x50xf32>
  return %0 : tensor<1x64x16x50xf32>
}

// CHECK-LABEL: func @mindspore_all_attributes
// CHECK: convt.mindspore %arg0, %arg1, %arg2 {data_format = "NCHW", dilation = [1, 1], group = 1 : i64, output_padding = [1, 1], pad_mode = "pad", padding = [1, 1, 1, 1], stride = [2, 2]} : (tensor<1x3x48x48xbf16>, tensor<3x32x3x3xbf16>, tensor<32xbf16>) -> tensor<1x32x96x96xbf16>
func @mindspore_all_attributes(%x: tensor<1x3x48x48xbf16>, %w: tensor<3x32x3x3xbf16>, %b: tensor<32xbf16>) -> tensor<1x32x96x96xbf16> {
  %0 = convt.mindspore %x, %w, %b {stride = [2, 2], pad_mode = "pad", padding = [1, 1, 1, 1], output_padding = [1, 1], dilation = [1, 1], group = 1, data_format = "NCHW"} : (tensor<1x3x48x48xbf16>, tensor<3x32x3x3xbf16>, tensor<32xbf16>) -> tensor<1x32x96x96xbf16>
  return %0 : tensor<1x32x96x96xbf16>
}
