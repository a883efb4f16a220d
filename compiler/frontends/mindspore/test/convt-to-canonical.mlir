// Lowering of MindSpore layers to the canonical padded form,
// every code example of the two seed documents and the edge cases of
// docs/semantics.md. Declared result types are checked by the verifier.
// RUN: convt-opt %s --convt-to-canonical | FileCheck %s
// RUN: convt-opt %s --convt-to-canonical | convt-opt | FileCheck %s
// Nothing of the frontends is left:
// RUN: convt-opt %s --convt-to-canonical | FileCheck %s --check-prefix=GONE
// GONE-NOT: convt.torch
// GONE-NOT: convt.mindspore

// ... and MindSpore pad_mode pad, padding (2, 2, 4, 4)
// CHECK-LABEL: func @seed2d_ex1_mindspore
// CHECK-NEXT: %[[R:.*]] = convt.canonical %arg0, %arg1 {dilations = [1, 1], groups = 1 : i64, pads_begin = [2, 4], pads_end = [2, 4], strides = [1, 1]} : (tensor<1x3x16x50xf32>, tensor<3x64x4x4xf32>) -> tensor<1x64x15x45xf32>
// CHECK-NEXT: return %[[R]]
func @seed2d_ex1_mindspore(%x: tensor<1x3x16x50xf32>, %w: tensor<3x64x4x4xf32>) -> tensor<1x64x15x45xf32> {
  %0 = convt.mindspore %x, %w {pad_mode = "pad", padding = [2, 2, 4, 4]} : (tensor<1x3x16x50xf32>, tensor<3x64x4x4xf32>) -> tensor<1x64x15x45xf32>
  return %0 : tensor<1x64x15x45xf32>
}

// ... and MindSpore 'same': pad_needed = 2 split (1, 1)
// CHECK-LABEL: func @seed2d_ex2_mindspore
// CHECK-NEXT: %[[R:.*]] = convt.canonical %arg0, %arg1 {dilations = [1, 1], groups = 1 : i64, pads_begin = [1, 1], pads_end = [1, 1], strides = [3, 3]} : (tensor<1x3x16x50xf32>, tensor<3x64x5x5xf32>) -> tensor<1x64x48x150xf32>
// CHECK-NEXT: return %[[R]]
func @seed2d_ex2_mindspore(%x: tensor<1x3x16x50xf32>, %w: tensor<3x64x5x5xf32>) -> tensor<1x64x48x150xf32> {
  %0 = convt.mindspore %x, %w {stride = [3, 3], pad_mode = "same"} : (tensor<1x3x16x50xf32>, tensor<3x64x5x5xf32>) -> tensor<1x64x48x150xf32>
  return %0 : tensor<1x64x48x150xf32>
}

// ... and MindSpore 'valid' (fs > s: nothing extended)
// CHECK-LABEL: func @seed2d_ex3_mindspore
// CHECK-NEXT: %[[R:.*]] = convt.canonical %arg0, %arg1 {dilations = [1, 1], groups = 1 : i64, pads_begin = [0, 0], pads_end = [0, 0], strides = [3, 3]} : (tensor<1x3x16x50xf32>, tensor<3x64x5x5xf32>) -> tensor<1x64x50x152xf32>
// CHECK-NEXT: return %[[R]]
func @seed2d_ex3_mindspore(%x: tensor<1x3x16x50xf32>, %w: tensor<3x64x5x5xf32>) -> tensor<1x64x50x152xf32> {
  %0 = convt.mindspore %x, %w {stride = [3, 3], pad_mode = "valid"} : (tensor<1x3x16x50xf32>, tensor<3x64x5x5xf32>) -> tensor<1x64x50x152xf32>
  return %0 : tensor<1x64x50x152xf32>
}

// ... and MindSpore padding 1 + nn.Pad((0,1),(0,1)), written as its 2-D output_padding: a zero row after the bias
// CHECK-LABEL: func @seed2d_ex4_mindspore
// CHECK-NEXT: %[[R:.*]] = convt.canonical %arg0, %arg1 {dilations = [1, 1], groups = 1 : i64, pads_begin = [1, 1], pads_end = [1, 1], post_pads = [1, 1], strides = [2, 2]} : (tensor<1x3x48x48xf32>, tensor<3x32x3x3xf32>) -> tensor<1x32x96x96xf32>
// CHECK-NEXT: return %[[R]]
func @seed2d_ex4_mindspore(%x: tensor<1x3x48x48xf32>, %w: tensor<3x32x3x3xf32>) -> tensor<1x32x96x96xf32> {
  %0 = convt.mindspore %x, %w {stride = [2, 2], pad_mode = "pad", padding = [1], output_padding = [1, 1]} : (tensor<1x3x48x48xf32>, tensor<3x32x3x3xf32>) -> tensor<1x32x96x96xf32>
  return %0 : tensor<1x32x96x96xf32>
}

// ... and MindSpore 'same'
// CHECK-LABEL: func @seed3d_ex1_mindspore
// CHECK-NEXT: %[[R:.*]] = convt.canonical %arg0, %arg1 {dilations = [1, 1, 1], groups = 1 : i64, pads_begin = [1, 1, 1], pads_end = [1, 1, 1], strides = [3, 3, 3]} : (tensor<1x3x4x9x16xf32>, tensor<3x32x5x5x5xf32>) -> tensor<1x32x12x27x48xf32>
// CHECK-NEXT: return %[[R]]
func @seed3d_ex1_mindspore(%x: tensor<1x3x4x9x16xf32>, %w: tensor<3x32x5x5x5xf32>) -> tensor<1x32x12x27x48xf32> {
  %0 = convt.mindspore %x, %w {stride = [3, 3, 3], pad_mode = "same"} : (tensor<1x3x4x9x16xf32>, tensor<3x32x5x5x5xf32>) -> tensor<1x32x12x27x48xf32>
  return %0 : tensor<1x32x12x27x48xf32>
}

// ... and MindSpore 'valid'
// CHECK-LABEL: func @seed3d_ex2_mindspore
// CHECK-NEXT: %[[R:.*]] = convt.canonical %arg0, %arg1 {dilations = [1, 1, 1], groups = 1 : i64, pads_begin = [0, 0, 0], pads_end = [0, 0, 0], strides = [3, 3, 3]} : (tensor<1x3x4x9x16xf32>, tensor<3x32x5x5x5xf32>) -> tensor<1x32x14x29x50xf32>
// CHECK-NEXT: return %[[R]]
func @seed3d_ex2_mindspore(%x: tensor<1x3x4x9x16xf32>, %w: tensor<3x32x5x5x5xf32>) -> tensor<1x32x14x29x50xf32> {
  %0 = convt.mindspore %x, %w {stride = [3, 3, 3], pad_mode = "valid"} : (tensor<1x3x4x9x16xf32>, tensor<3x32x5x5x5xf32>) -> tensor<1x32x14x29x50xf32>
  return %0 : tensor<1x32x14x29x50xf32>
}

// MindSpore 'same' with an odd total (k=4, s=1, total 3): the extra element goes to the end
// CHECK-LABEL: func @mindspore_same_odd_total
// CHECK-NEXT: %[[R:.*]] = convt.canonical %arg0, %arg1 {dilations = [1, 1], groups = 1 : i64, pads_begin = [1, 1], pads_end = [2, 2], strides = [1, 1]} : (tensor<1x2x8x8xf32>, tensor<2x2x4x4xf32>) -> tensor<1x2x8x8xf32>
// CHECK-NEXT: return %[[R]]
func @mindspore_same_odd_total(%x: tensor<1x2x8x8xf32>, %w: tensor<2x2x4x4xf32>) -> tensor<1x2x8x8xf32> {
  %0 = convt.mindspore %x, %w {pad_mode = "same"} : (tensor<1x2x8x8xf32>, tensor<2x2x4x4xf32>) -> tensor<1x2x8x8xf32>
  return %0 : tensor<1x2x8x8xf32>
}

// MindSpore 'same' with fs < s: L = n*s, the last s - fs outputs are extension
// CHECK-LABEL: func @mindspore_same_fs_below_stride
// CHECK-NEXT: %[[R:.*]] = convt.canonical %arg0, %arg1 {dilations = [1], groups = 1 : i64, pads_begin = [0], pads_end = [-2], strides = [4]} : (tensor<1x2x5xf32>, tensor<2x2x2xf32>) -> tensor<1x2x20xf32>
// CHECK-NEXT: return %[[R]]
func @mindspore_same_fs_below_stride(%x: tensor<1x2x5xf32>, %w: tensor<2x2x2xf32>) -> tensor<1x2x20xf32> {
  %0 = convt.mindspore %x, %w {stride = [4], pad_mode = "same"} : (tensor<1x2x5xf32>, tensor<2x2x2xf32>) -> tensor<1x2x20xf32>
  return %0 : tensor<1x2x20xf32>
}

// MindSpore 'valid' with a dilated kernel smaller than the stride (k=3, d=2: fs=5 < s=6): L = n*s = 30, not F = 29
// CHECK-LABEL: func @mindspore_valid_dilated_below_stride
// CHECK-NEXT: %[[R:.*]] = convt.canonical %arg0, %arg1 {dilations = [2], groups = 1 : i64, pads_begin = [0], pads_end = [-1], strides = [6]} : (tensor<1x2x5xf32>, tensor<2x2x3xf32>) -> tensor<1x2x30xf32>
// CHECK-NEXT: return %[[R]]
func @mindspore_valid_dilated_below_stride(%x: tensor<1x2x5xf32>, %w: tensor<2x2x3xf32>) -> tensor<1x2x30xf32> {
  %0 = convt.mindspore %x, %w {stride = [6], dilation = [2], pad_mode = "valid"} : (tensor<1x2x5xf32>, tensor<2x2x3xf32>) -> tensor<1x2x30xf32>
  return %0 : tensor<1x2x30xf32>
}

// MindSpore (top, bottom, left, right) = (1, 2, 0, 3) becomes H (1, 2) and W (0, 3)
// CHECK-LABEL: func @mindspore_asymmetric_padding
// CHECK-NEXT: %[[R:.*]] = convt.canonical %arg0, %arg1 {dilations = [1, 1], groups = 1 : i64, pads_begin = [1, 0], pads_end = [2, 3], strides = [2, 2]} : (tensor<1x4x8x8xf32>, tensor<4x4x4x4xf32>) -> tensor<1x4x15x15xf32>
// CHECK-NEXT: return %[[R]]
func @mindspore_asymmetric_padding(%x: tensor<1x4x8x8xf32>, %w: tensor<4x4x4x4xf32>) -> tensor<1x4x15x15xf32> {
  %0 = convt.mindspore %x, %w {stride = [2, 2], pad_mode = "pad", padding = [1, 2, 0, 3]} : (tensor<1x4x8x8xf32>, tensor<4x4x4x4xf32>) -> tensor<1x4x15x15xf32>
  return %0 : tensor<1x4x15x15xf32>
}

// MindSpore 3-D (head, tail, top, bottom, left, right)
// CHECK-LABEL: func @mindspore_asymmetric_padding_3d
// CHECK-NEXT: %[[R:.*]] = convt.canonical %arg0, %arg1 {dilations = [1, 1, 1], groups = 1 : i64, pads_begin = [0, 2, 4], pads_end = [1, 3, 5], strides = [2, 2, 2]} : (tensor<1x4x8x8x8xf32>, tensor<4x4x4x4x4xf32>) -> tensor<1x4x17x13x9xf32>
// CHECK-NEXT: return %[[R]]
func @mindspore_asymmetric_padding_3d(%x: tensor<1x4x8x8x8xf32>, %w: tensor<4x4x4x4x4xf32>) -> tensor<1x4x17x13x9xf32> {
  %0 = convt.mindspore %x, %w {stride = [2, 2, 2], pad_mode = "pad", padding = [0, 1, 2, 3, 4, 5]} : (tensor<1x4x8x8x8xf32>, tensor<4x4x4x4x4xf32>) -> tensor<1x4x17x13x9xf32>
  return %0 : tensor<1x4x17x13x9xf32>
}

// MindSpore group
// CHECK-LABEL: func @mindspore_group
// CHECK-NEXT: %[[R:.*]] = convt.canonical %arg0, %arg1, %arg2 {dilations = [1, 1], groups = 2 : i64, pads_begin = [0, 0], pads_end = [0, 0], strides = [2, 2]} : (tensor<1x4x5x5xf32>, tensor<4x3x3x3xf32>, tensor<6xf32>) -> tensor<1x6x11x11xf32>
// CHECK-NEXT: return %[[R]]
func @mindspore_group(%x: tensor<1x4x5x5xf32>, %w: tensor<4x3x3x3xf32>, %b: tensor<6xf32>) -> tensor<1x6x11x11xf32> {
  %0 = convt.mindspore %x, %w, %b {group = 2, pad_mode = "valid", stride = [2, 2]} : (tensor<1x4x5x5xf32>, tensor<4x3x3x3xf32>, tensor<6xf32>) -> tensor<1x6x11x11xf32>
  return %0 : tensor<1x6x11x11xf32>
}

// MindSpore Conv1dTranspose, default pad_mode 'same'
// CHECK-LABEL: func @mindspore_1d_same
// CHECK-NEXT: %[[R:.*]] = convt.canonical %arg0, %arg1 {dilations = [1], groups = 1 : i64, pads_begin = [1], pads_end = [1], strides = [2]} : (tensor<1x8x100xf32>, tensor<8x4x4xf32>) -> tensor<1x4x200xf32>
// CHECK-NEXT: return %[[R]]
func @mindspore_1d_same(%x: tensor<1x8x100xf32>, %w: tensor<8x4x4xf32>) -> tensor<1x4x200xf32> {
  %0 = convt.mindspore %x, %w {stride = [2]} : (tensor<1x8x100xf32>, tensor<8x4x4xf32>) -> tensor<1x4x200xf32>
  return %0 : tensor<1x4x200xf32>
}

// MindSpore 3-D output_padding extends the computed output: pads_end = tail - output_padding
// CHECK-LABEL: func @mindspore_3d_output_padding
// CHECK-NEXT: %[[R:.*]] = convt.canonical %arg0, %arg1 {dilations = [1, 1, 1], groups = 1 : i64, pads_begin = [1, 1, 1], pads_end = [0, 1, 0], strides = [2, 2, 2]} : (tensor<1x2x4x4x4xf32>, tensor<2x2x3x3x3xf32>) -> tensor<1x2x8x7x8xf32>
// CHECK-NEXT: return %[[R]]
func @mindspore_3d_output_padding(%x: tensor<1x2x4x4x4xf32>, %w: tensor<2x2x3x3x3xf32>) -> tensor<1x2x8x7x8xf32> {
  %0 = convt.mindspore %x, %w {stride = [2, 2, 2], pad_mode = "pad", padding = [1], output_padding = [1, 0, 1]} : (tensor<1x2x4x4x4xf32>, tensor<2x2x3x3x3xf32>) -> tensor<1x2x8x7x8xf32>
  return %0 : tensor<1x2x8x7x8xf32>
}

// MindSpore 3-D 'same' silently clears output_padding
// CHECK-LABEL: func @mindspore_3d_same_ignores_output_padding
// CHECK-NEXT: %[[R:.*]] = convt.canonical %arg0, %arg1 {dilations = [1, 1, 1], groups = 1 : i64, pads_begin = [0, 0, 0], pads_end = [1, 1, 1], strides = [2, 2, 2]} : (tensor<1x2x4x4x4xf32>, tensor<2x2x3x3x3xf32>) -> tensor<1x2x8x8x8xf32>
// CHECK-NEXT: return %[[R]]
func @mindspore_3d_same_ignores_output_padding(%x: tensor<1x2x4x4x4xf32>, %w: tensor<2x2x3x3x3xf32>) -> tensor<1x2x8x8x8xf32> {
  %0 = convt.mindspore %x, %w {stride = [2, 2, 2], output_padding = [1, 1, 1]} : (tensor<1x2x4x4x4xf32>, tensor<2x2x3x3x3xf32>) -> tensor<1x2x8x8x8xf32>
  return %0 : tensor<1x2x8x8x8xf32>
}

// CHECK-LABEL: func @channels_last_mindspore_3d
// CHECK-NEXT: convt.canonical %arg0, %arg1 {data_format = "NDHWC", dilations = [1, 1, 1], groups = 1 : i64, pads_begin = [1, 1, 1], pads_end = [1, 1, 1], strides = [3, 3, 3]} : (tensor<1x4x9x16x3xf32>, tensor<3x32x5x5x5xf32>) -> tensor<1x12x27x48x32xf32>
func @channels_last_mindspore_3d(%x: tensor<1x4x9x16x3xf32>, %w: tensor<3x32x5x5x5xf32>) -> tensor<1x12x27x48x32xf32> {
  %0 = convt.mindspore %x, %w {stride = [3, 3, 3], data_format = "NDHWC"} : (tensor<1x4x9x16x3xf32>, tensor<3x32x5x5x5xf32>) -> tensor<1x12x27x48x32xf32>
  return %0 : tensor<1x12x27x48x32xf32>
}
