// Lowering of PyTorch layers to the canonical padded form,
// every code example of the two seed documents and the edge cases of
// docs/semantics.md. Declared result types are checked by the verifier.
// RUN: convt-opt %s --convt-to-canonical | FileCheck %s
// RUN: convt-opt %s --convt-to-canonical | convt-opt | FileCheck %s
// Nothing of the frontends is left:
// RUN: convt-opt %s --convt-to-canonical | FileCheck %s --check-prefix=GONE
// GONE-NOT: convt.torch
// GONE-NOT: convt.mindspore

// Conv2dTranspose seed, example 1: PyTorch padding (2, 4)
// CHECK-LABEL: func @seed2d_ex1_torch
// CHECK-NEXT: %[[R:.*]] = convt.canonical %arg0, %arg1 {dilations = [1, 1], groups = 1 : i64, pads_begin = [2, 4], pads_end = [2, 4], strides = [1, 1]} : (tensor<1x3x16x50xf32>, tensor<3x64x4x4xf32>) -> tensor<1x64x15x45xf32>
// CHECK-NEXT: return %[[R]]
func @seed2d_ex1_torch(%x: tensor<1x3x16x50xf32>, %w: tensor<3x64x4x4xf32>) -> tensor<1x64x15x45xf32> {
  %0 = convt.torch %x, %w {padding = [2, 4]} : (tensor<1x3x16x50xf32>, tensor<3x64x4x4xf32>) -> tensor<1x64x15x45xf32>
  return %0 : tensor<1x64x15x45xf32>
}

// Example 2: PyTorch k=5, s=3, padding 2, output_padding 2
// CHECK-LABEL: func @seed2d_ex2_torch
// CHECK-NEXT: %[[R:.*]] = convt.canonical %arg0, %arg1 {dilations = [1, 1], groups = 1 : i64, pads_begin = [2, 2], pads_end = [0, 0], strides = [3, 3]} : (tensor<1x3x16x50xf32>, tensor<3x64x5x5xf32>) -> tensor<1x64x48x150xf32>
// CHECK-NEXT: return %[[R]]
func @seed2d_ex2_torch(%x: tensor<1x3x16x50xf32>, %w: tensor<3x64x5x5xf32>) -> tensor<1x64x48x150xf32> {
  %0 = convt.torch %x, %w {stride = [3, 3], padding = [2, 2], output_padding = [2, 2]} : (tensor<1x3x16x50xf32>, tensor<3x64x5x5xf32>) -> tensor<1x64x48x150xf32>
  return %0 : tensor<1x64x48x150xf32>
}

// Example 3: PyTorch k=5, s=3, no padding
// CHECK-LABEL: func @seed2d_ex3_torch
// CHECK-NEXT: %[[R:.*]] = convt.canonical %arg0, %arg1 {dilations = [1, 1], groups = 1 : i64, pads_begin = [0, 0], pads_end = [0, 0], strides = [3, 3]} : (tensor<1x3x16x50xf32>, tensor<3x64x5x5xf32>) -> tensor<1x64x50x152xf32>
// CHECK-NEXT: return %[[R]]
func @seed2d_ex3_torch(%x: tensor<1x3x16x50xf32>, %w: tensor<3x64x5x5xf32>) -> tensor<1x64x50x152xf32> {
  %0 = convt.torch %x, %w {stride = [3, 3]} : (tensor<1x3x16x50xf32>, tensor<3x64x5x5xf32>) -> tensor<1x64x50x152xf32>
  return %0 : tensor<1x64x50x152xf32>
}

// Example 4: PyTorch k=3, s=2, padding 1, output_padding 1: the last row is real data
// CHECK-LABEL: func @seed2d_ex4_torch
// CHECK-NEXT: %[[R:.*]] = convt.canonical %arg0, %arg1 {dilations = [1, 1], groups = 1 : i64, pads_begin = [1, 1], pads_end = [0, 0], strides = [2, 2]} : (tensor<1x3x48x48xf32>, tensor<3x32x3x3xf32>) -> tensor<1x32x96x96xf32>
// CHECK-NEXT: return %[[R]]
func @seed2d_ex4_torch(%x: tensor<1x3x48x48xf32>, %w: tensor<3x32x3x3xf32>) -> tensor<1x32x96x96xf32> {
  %0 = convt.torch %x, %w {stride = [2, 2], padding = [1, 1], output_padding = [1, 1]} : (tensor<1x3x48x48xf32>, tensor<3x32x3x3xf32>) -> tensor<1x32x96x96xf32>
  return %0 : tensor<1x32x96x96xf32>
}

// Conv3dTranspose seed, example 1: PyTorch k=5, s=3, padding 2, output_padding 2
// CHECK-LABEL: func @seed3d_ex1_torch
// CHECK-NEXT: %[[R:.*]] = convt.canonical %arg0, %arg1 {dilations = [1, 1, 1], groups = 1 : i64, pads_begin = [2, 2, 2], pads_end = [0, 0, 0], strides = [3, 3, 3]} : (tensor<1x3x4x9x16xf32>, tensor<3x32x5x5x5xf32>) -> tensor<1x32x12x27x48xf32>
// CHECK-NEXT: return %[[R]]
func @seed3d_ex1_torch(%x: tensor<1x3x4x9x16xf32>, %w: tensor<3x32x5x5x5xf32>) -> tensor<1x32x12x27x48xf32> {
  %0 = convt.torch %x, %w {stride = [3, 3, 3], padding = [2, 2, 2], output_padding = [2, 2, 2]} : (tensor<1x3x4x9x16xf32>, tensor<3x32x5x5x5xf32>) -> tensor<1x32x12x27x48xf32>
  return %0 : tensor<1x32x12x27x48xf32>
}

// Conv3dTranspose seed, example 2: PyTorch k=5, s=3
// CHECK-LABEL: func @seed3d_ex2_torch
// CHECK-NEXT: %[[R:.*]] = convt.canonical %arg0, %arg1 {dilations = [1, 1, 1], groups = 1 : i64, pads_begin = [0, 0, 0], pads_end = [0, 0, 0], strides = [3, 3, 3]} : (tensor<1x3x4x9x16xf32>, tensor<3x32x5x5x5xf32>) -> tensor<1x32x14x29x50xf32>
// CHECK-NEXT: return %[[R]]
func @seed3d_ex2_torch(%x: tensor<1x3x4x9x16xf32>, %w: tensor<3x32x5x5x5xf32>) -> tensor<1x32x14x29x50xf32> {
  %0 = convt.torch %x, %w {stride = [3, 3, 3]} : (tensor<1x3x4x9x16xf32>, tensor<3x32x5x5x5xf32>) -> tensor<1x32x14x29x50xf32>
  return %0 : tensor<1x32x14x29x50xf32>
}

// ... where PyTorch with padding 0 gives F = 29
// CHECK-LABEL: func @torch_valid_dilated_below_stride
// CHECK-NEXT: %[[R:.*]] = convt.canonical %arg0, %arg1 {dilations = [2], groups = 1 : i64, pads_begin = [0], pads_end = [0], strides = [6]} : (tensor<1x2x5xf32>, tensor<2x2x3xf32>) -> tensor<1x2x29xf32>
// CHECK-NEXT: return %[[R]]
func @torch_valid_dilated_below_stride(%x: tensor<1x2x5xf32>, %w: tensor<2x2x3xf32>) -> tensor<1x2x29xf32> {
  %0 = convt.torch %x, %w {stride = [6], dilation = [2]} : (tensor<1x2x5xf32>, tensor<2x2x3xf32>) -> tensor<1x2x29xf32>
  return %0 : tensor<1x2x29xf32>
}

// PyTorch's docstring example: output_size (12, 12) from Lmin 11 means output_padding 1
// CHECK-LABEL: func @torch_output_size
// CHECK-NEXT: %[[R:.*]] = convt.canonical %arg0, %arg1 {dilations = [1, 1], groups = 1 : i64, pads_begin = [1, 1], pads_end = [0, 0], strides = [2, 2]} : (tensor<1x16x6x6xf32>, tensor<16x16x3x3xf32>) -> tensor<1x16x12x12xf32>
// CHECK-NEXT: return %[[R]]
func @torch_output_size(%x: tensor<1x16x6x6xf32>, %w: tensor<16x16x3x3xf32>) -> tensor<1x16x12x12xf32> {
  %0 = convt.torch %x, %w {stride = [2, 2], padding = [1, 1], output_size = [12, 12]} : (tensor<1x16x6x6xf32>, tensor<16x16x3x3xf32>) -> tensor<1x16x12x12xf32>
  return %0 : tensor<1x16x12x12xf32>
}

// With output_size, PyTorch ignores the module's output_padding (even an invalid one)
// CHECK-LABEL: func @torch_output_size_overrides_output_padding
// CHECK-NEXT: %[[R:.*]] = convt.canonical %arg0, %arg1 {dilations = [1, 1], groups = 1 : i64, pads_begin = [1, 1], pads_end = [1, 0], strides = [2, 2]} : (tensor<1x16x6x6xf32>, tensor<16x16x3x3xf32>) -> tensor<1x16x11x12xf32>
// CHECK-NEXT: return %[[R]]
func @torch_output_size_overrides_output_padding(%x: tensor<1x16x6x6xf32>, %w: tensor<16x16x3x3xf32>) -> tensor<1x16x11x12xf32> {
  %0 = convt.torch %x, %w {stride = [2, 2], padding = [1, 1], output_padding = [5, 5], output_size = [11, 12]} : (tensor<1x16x6x6xf32>, tensor<16x16x3x3xf32>) -> tensor<1x16x11x12xf32>
  return %0 : tensor<1x16x11x12xf32>
}

// Groups: C_out = weight dim 1 * groups = 12
// CHECK-LABEL: func @torch_groups
// CHECK-NEXT: %[[R:.*]] = convt.canonical %arg0, %arg1, %arg2 {dilations = [1, 1], groups = 4 : i64, pads_begin = [1, 1], pads_end = [1, 1], strides = [2, 2]} : (tensor<2x8x5x7xf32>, tensor<8x3x4x4xf32>, tensor<12xf32>) -> tensor<2x12x10x14xf32>
// CHECK-NEXT: return %[[R]]
func @torch_groups(%x: tensor<2x8x5x7xf32>, %w: tensor<8x3x4x4xf32>, %b: tensor<12xf32>) -> tensor<2x12x10x14xf32> {
  %0 = convt.torch %x, %w, %b {stride = [2, 2], padding = [1, 1], groups = 4} : (tensor<2x8x5x7xf32>, tensor<8x3x4x4xf32>, tensor<12xf32>) -> tensor<2x12x10x14xf32>
  return %0 : tensor<2x12x10x14xf32>
}

// Depthwise
// CHECK-LABEL: func @torch_depthwise
// CHECK-NEXT: %[[R:.*]] = convt.canonical %arg0, %arg1 {dilations = [1, 1], groups = 64 : i64, pads_begin = [1, 1], pads_end = [1, 1], strides = [2, 2]} : (tensor<1x64x32x32xf32>, tensor<64x1x4x4xf32>) -> tensor<1x64x64x64xf32>
// CHECK-NEXT: return %[[R]]
func @torch_depthwise(%x: tensor<1x64x32x32xf32>, %w: tensor<64x1x4x4xf32>) -> tensor<1x64x64x64xf32> {
  %0 = convt.torch %x, %w {stride = [2, 2], padding = [1, 1], groups = 64} : (tensor<1x64x32x32xf32>, tensor<64x1x4x4xf32>) -> tensor<1x64x64x64xf32>
  return %0 : tensor<1x64x64x64xf32>
}

// Dilation 2, stride 1 (the suite's 'dilated' layer)
// CHECK-LABEL: func @torch_dilation
// CHECK-NEXT: %[[R:.*]] = convt.canonical %arg0, %arg1, %arg2 {dilations = [2, 2], groups = 1 : i64, pads_begin = [2, 2], pads_end = [2, 2], strides = [1, 1]} : (tensor<1x64x32x32xf32>, tensor<64x64x3x3xf32>, tensor<64xf32>) -> tensor<1x64x32x32xf32>
// CHECK-NEXT: return %[[R]]
func @torch_dilation(%x: tensor<1x64x32x32xf32>, %w: tensor<64x64x3x3xf32>, %b: tensor<64xf32>) -> tensor<1x64x32x32xf32> {
  %0 = convt.torch %x, %w, %b {padding = [2, 2], dilation = [2, 2]} : (tensor<1x64x32x32xf32>, tensor<64x64x3x3xf32>, tensor<64xf32>) -> tensor<1x64x32x32xf32>
  return %0 : tensor<1x64x32x32xf32>
}

// output_padding 1 with stride 1 is allowed because it is below the dilation: one zero (+bias) column past F
// CHECK-LABEL: func @torch_output_padding_below_dilation
// CHECK-NEXT: %[[R:.*]] = convt.canonical %arg0, %arg1 {dilations = [2], groups = 1 : i64, pads_begin = [0], pads_end = [-1], strides = [1]} : (tensor<1x2x5xf32>, tensor<2x2x3xf32>) -> tensor<1x2x10xf32>
// CHECK-NEXT: return %[[R]]
func @torch_output_padding_below_dilation(%x: tensor<1x2x5xf32>, %w: tensor<2x2x3xf32>) -> tensor<1x2x10xf32> {
  %0 = convt.torch %x, %w {dilation = [2], output_padding = [1]} : (tensor<1x2x5xf32>, tensor<2x2x3xf32>) -> tensor<1x2x10xf32>
  return %0 : tensor<1x2x10xf32>
}

// padding larger than dilation*(kernel-1): the output is cropped (torch-mlir #4096)
// CHECK-LABEL: func @torch_padding_crops
// CHECK-NEXT: %[[R:.*]] = convt.canonical %arg0, %arg1 {dilations = [1], groups = 1 : i64, pads_begin = [3], pads_end = [3], strides = [1]} : (tensor<1x2x10xf32>, tensor<2x2x3xf32>) -> tensor<1x2x6xf32>
// CHECK-NEXT: return %[[R]]
func @torch_padding_crops(%x: tensor<1x2x10xf32>, %w: tensor<2x2x3xf32>) -> tensor<1x2x6xf32> {
  %0 = convt.torch %x, %w {padding = [3]} : (tensor<1x2x10xf32>, tensor<2x2x3xf32>) -> tensor<1x2x6xf32>
  return %0 : tensor<1x2x6xf32>
}

// 1-D, long kernel, large stride (k=16, s=8)
// CHECK-LABEL: func @torch_1d_vocoder
// CHECK-NEXT: %[[R:.*]] = convt.canonical %arg0, %arg1, %arg2 {dilations = [1], groups = 1 : i64, pads_begin = [4], pads_end = [4], strides = [8]} : (tensor<1x128x256xf32>, tensor<128x64x16xf32>, tensor<64xf32>) -> tensor<1x64x2048xf32>
// CHECK-NEXT: return %[[R]]
func @torch_1d_vocoder(%x: tensor<1x128x256xf32>, %w: tensor<128x64x16xf32>, %b: tensor<64xf32>) -> tensor<1x64x2048xf32> {
  %0 = convt.torch %x, %w, %b {stride = [8], padding = [4]} : (tensor<1x128x256xf32>, tensor<128x64x16xf32>, tensor<64xf32>) -> tensor<1x64x2048xf32>
  return %0 : tensor<1x64x2048xf32>
}

// bf16 with a bias
// CHECK-LABEL: func @torch_bf16_bias
// CHECK-NEXT: %[[R:.*]] = convt.canonical %arg0, %arg1, %arg2 {dilations = [1, 1], groups = 1 : i64, pads_begin = [1, 1], pads_end = [1, 1], strides = [2, 2]} : (tensor<1x4x3x3xbf16>, tensor<4x2x4x4xbf16>, tensor<2xbf16>) -> tensor<1x2x6x6xbf16>
// CHECK-NEXT: return %[[R]]
func @torch_bf16_bias(%x: tensor<1x4x3x3xbf16>, %w: tensor<4x2x4x4xbf16>, %b: tensor<2xbf16>) -> tensor<1x2x6x6xbf16> {
  %0 = convt.torch %x, %w, %b {stride = [2, 2], padding = [1, 1]} : (tensor<1x4x3x3xbf16>, tensor<4x2x4x4xbf16>, tensor<2xbf16>) -> tensor<1x2x6x6xbf16>
  return %0 : tensor<1x2x6x6xbf16>
}

// Asymmetric output_padding (1, 0): each value lands on its own dimension (StableHLO lowering bug)
// CHECK-LABEL: func @torch_asymmetric_output_padding
// CHECK-NEXT: %[[R:.*]] = convt.canonical %arg0, %arg1 {dilations = [1, 1], groups = 1 : i64, pads_begin = [1, 1], pads_end = [0, 1], strides = [2, 2]} : (tensor<1x1x9x11xf32>, tensor<1x1x3x3xf32>) -> tensor<1x1x18x21xf32>
// CHECK-NEXT: return %[[R]]
func @torch_asymmetric_output_padding(%x: tensor<1x1x9x11xf32>, %w: tensor<1x1x3x3xf32>) -> tensor<1x1x18x21xf32> {
  %0 = convt.torch %x, %w {stride = [2, 2], padding = [1, 1], output_padding = [1, 0]} : (tensor<1x1x9x11xf32>, tensor<1x1x3x3xf32>) -> tensor<1x1x18x21xf32>
  return %0 : tensor<1x1x18x21xf32>
}

// Channels last (data_format): the layout goes to the canonical op; the
// attributes keep their meaning. PyTorch 2-D, MindSpore 3-D "same", 1-D.
// CHECK-LABEL: func @channels_last_torch
// CHECK-NEXT: convt.canonical %arg0, %arg1, %arg2 {data_format = "NHWC", dilations = [1, 1], groups = 1 : i64, pads_begin = [1, 1], pads_end = [0, 0], strides = [2, 2]} : (tensor<2x5x6x3xf32>, tensor<3x20x3x3xf32>, tensor<20xf32>) -> tensor<2x10x12x20xf32>
func @channels_last_torch(%x: tensor<2x5x6x3xf32>, %w: tensor<3x20x3x3xf32>, %b: tensor<20xf32>) -> tensor<2x10x12x20xf32> {
  %0 = convt.torch %x, %w, %b {stride = [2, 2], padding = [1, 1], output_padding = [1, 1], data_format = "NHWC"} : (tensor<2x5x6x3xf32>, tensor<3x20x3x3xf32>, tensor<20xf32>) -> tensor<2x10x12x20xf32>
  return %0 : tensor<2x10x12x20xf32>
}

// Channels first stated explicitly is the default: no attribute is left.
// CHECK-LABEL: func @channels_first_explicit_1d
// CHECK-NEXT: convt.canonical %arg0, %arg1 {dilations = [1], groups = 1 : i64, pads_begin = [0], pads_end = [0], strides = [4]} : (tensor<1x3x10xf32>, tensor<3x2x4xf32>) -> tensor<1x2x40xf32>
func @channels_first_explicit_1d(%x: tensor<1x3x10xf32>, %w: tensor<3x2x4xf32>) -> tensor<1x2x40xf32> {
  %0 = convt.torch %x, %w {stride = [4], data_format = "NCW"} : (tensor<1x3x10xf32>, tensor<3x2x4xf32>) -> tensor<1x2x40xf32>
  return %0 : tensor<1x2x40xf32>
}
