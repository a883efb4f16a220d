// Round trip of every op, in the custom and the generic form.
// RUN: convt-opt %s | convt-opt | FileCheck %s
// RUN: convt-opt %s -mlir-print-op-generic | convt-opt | FileCheck %s

// CHECK-LABEL: func @torch_defaults
// CHECK: convt.torch %arg0, %arg1 : (tensor<1x3x16x50xf32>, tensor<3x64x4x4xf32>) -> tensor<1x64x19x53xf32>
func @torch_defaults(%x: tensor<1x3x16x50xf32>, %w: tensor<3x64x4x4xf32>) -> tensor<1x64x19x53xf32> {
  %0 = convt.torch %x, %w : (tensor<1x3x16x50xf32>, tensor<3x64x4x4xf32>) -> tensor<1x64x19x53xf32>
  return %0 : tensor<1x64x19x53xf32>
}

// CHECK-LABEL: func @torch_all_attributes
// CHECK: convt.torch %arg0, %arg1, %arg2 {dilation = [1, 1], groups = 2 : i64, output_padding = [1, 1], output_size = [12, 12], padding = [1, 1], padding_mode = "zeros", stride = [2, 2]} : (tensor<1x16x6x6xf32>, tensor<16x8x3x3xf32>, tensor<16xf32>) -> tensor<1x16x12x12xf32>
func @torch_all_attributes(%x: tensor<1x16x6x6xf32>, %w: tensor<16x8x3x3xf32>, %b: tensor<16xf32>) -> tensor<1x16x12x12xf32> {
  %0 = convt.torch %x, %w, %b {stride = [2, 2], padding = [1, 1], output_padding = [1, 1], dilation = [1, 1], groups = 2, padding_mode = "zeros", output_size = [12, 12]} : (tensor<1x16x6x6xf32>, tensor<16x8x3x3xf32>, tensor<16xf32>) -> tensor<1x16x12x12xf32>
  return %0 : tensor<1x16x12x12xf32>
}

// CHECK-LABEL: func @torch_1d_f16
// CHECK: convt.torch %arg0, %arg1 {padding = [4], stride = [8]} : (tensor<2x8x32xf16>, tensor<8x4x16xf16>) -> tensor<2x4x256xf16>
func @torch_1d_f16(%x: tensor<2x8x32xf16>, %w: tensor<8x4x16xf16>) -> tensor<2x4x256xf16> {
  %0 = convt.torch %x, %w {stride = [8], padding = [4]} : (tensor<2x8x32xf16>, tensor<8x4x16xf16>) -> tensor<2x4x256xf16>
  return %0 : tensor<2x4x256xf16>
}
