//===- OnnxRulesTest.cpp - lowerOnnx on the spec's own cases --------------===//
//
// The pads ONNX's operator spec gives (docs/semantics.md section 4) for the
// shapes of ONNX's backend tests and the cases its implementations differ
// on (docs/frontends.md).
//
//===----------------------------------------------------------------------===//

#include "compiler/frontends/onnx/OnnxRules.h"

#include <gtest/gtest.h>

using namespace convt;

namespace {

OperandShapes shapes(std::vector<int64_t> input, int64_t outPerGroup,
                     std::vector<int64_t> kernel) {
  OperandShapes s;
  s.input = input;
  s.weight = {input[1], outPerGroup};
  s.weight.insert(s.weight.end(), kernel.begin(), kernel.end());
  return s;
}

CanonicalLayer lower(const OnnxAttrs &a, const OperandShapes &s) {
  CanonicalLayer l;
  auto e = lowerOnnx(a, s, l);
  EXPECT_FALSE(e) << e->attribute << " " << e->message;
  return l;
}

// test_convtranspose_output_shape: strides (3, 2), output_shape (10, 8)
// from a 3 x 3 input and kernel: total padding -1 in both dimensions, the
// larger half (0) at the start: one zero row and column at the end.
TEST(OnnxRulesTest, OutputShapeBackendCase) {
  OnnxAttrs a;
  a.strides = {3, 2};
  a.outputShape = std::vector<int64_t>{10, 8};
  CanonicalLayer l = lower(a, shapes({1, 1, 3, 3}, 2, {3, 3}));
  EXPECT_EQ(l.padsBegin[0], 0);
  EXPECT_EQ(l.padsEnd[0], -1);
  EXPECT_EQ(l.padsEnd[1], -1);
  EXPECT_EQ(l.outputShape(), (std::vector<int64_t>{1, 2, 10, 8}));
}

// SAME_UPPER and SAME_LOWER split an odd total (k4 s3: 1) to opposite ends.
TEST(OnnxRulesTest, SameUpperAndLower) {
  OnnxAttrs a;
  a.strides = {3};
  a.autoPad = "SAME_UPPER";
  CanonicalLayer upper = lower(a, shapes({1, 2, 5}, 3, {4}));
  EXPECT_EQ(upper.padsBegin[0], 0);
  EXPECT_EQ(upper.padsEnd[0], 1);
  a.autoPad = "SAME_LOWER";
  CanonicalLayer lowerL = lower(a, shapes({1, 2, 5}, 3, {4}));
  EXPECT_EQ(lowerL.padsBegin[0], 1);
  EXPECT_EQ(lowerL.padsEnd[0], 0);
  EXPECT_EQ(lowerL.outputSize(0), 15);
}

// A kernel shorter than the stride: the spec's text gives n*s (shape
// inference would say F); the negative total is floor-divided.
TEST(OnnxRulesTest, SameWithKernelBelowStride) {
  OnnxAttrs a;
  a.strides = {5};
  a.autoPad = "SAME_LOWER";
  CanonicalLayer l = lower(a, shapes({1, 2, 5}, 3, {2}));
  // total = 2 - 5 = -3: start -3 - (-2) = -1, end -2.
  EXPECT_EQ(l.padsBegin[0], -1);
  EXPECT_EQ(l.padsEnd[0], -2);
  EXPECT_EQ(l.outputSize(0), 25);
}

TEST(OnnxRulesTest, Errors) {
  CanonicalLayer l;
  OnnxAttrs a;
  a.autoPad = "VALID";
  a.pads = {1, 1};
  auto e = lowerOnnx(a, shapes({1, 2, 5}, 3, {3}), l);
  ASSERT_TRUE(e);
  EXPECT_EQ(e->attribute, "pads");
  a = OnnxAttrs();
  a.outputPadding = {1};
  e = lowerOnnx(a, shapes({1, 2, 5}, 3, {3}), l);
  ASSERT_TRUE(e);
  EXPECT_EQ(e->attribute, "output_padding");
}

} // namespace
