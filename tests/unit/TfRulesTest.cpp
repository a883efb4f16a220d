//===- TfRulesTest.cpp - lowerTf on docs/semantics.md's cases
//--------------===//
//
// Keras' output lengths (conv_utils.deconv_output_length) and TensorFlow's
// crop from the forward convolution (kernel_shape_util.cc), on the worked
// examples and edge cases of docs/semantics.md sections 5, 7 and 8; and
// the weight layout TensorFlow's filters bring.
//
//===----------------------------------------------------------------------===//

#include "compiler/frontends/tf/TfRules.h"

#include <gtest/gtest.h>

using namespace convt;

namespace {

/// Channels last, filters [k..., C_out, C_in]: TensorFlow's layouts.
OperandShapes shapes(std::vector<int64_t> spatial, int64_t cin, int64_t cout,
                     std::vector<int64_t> kernel) {
  OperandShapes s;
  s.input = {1};
  s.input.insert(s.input.end(), spatial.begin(), spatial.end());
  s.input.push_back(cin);
  s.channelsLast = true;
  s.weight = kernel;
  s.weight.push_back(cout);
  s.weight.push_back(cin);
  s.weightChannelsLast = true;
  return s;
}

CanonicalLayer lower(const TfAttrs &a, const OperandShapes &s) {
  CanonicalLayer l;
  auto e = lowerTf(a, s, l);
  EXPECT_FALSE(e) << e->attribute << " " << e->message;
  return l;
}

// Keras 2's deconv_output_length (semantics.md section 5): None gives n*s
// ("same") or n*s + max(fs - s, 0) ("valid"); a given output_padding gives
// (n-1)*s + fs%2 + op ("same") or (n-1)*s + fs + op ("valid").
TEST(TfRulesTest, KerasOutputLengths) {
  EXPECT_EQ(kerasOutputLength(5, 2, 3, "same", -1), 10);
  EXPECT_EQ(kerasOutputLength(5, 2, 3, "valid", -1), 11);
  EXPECT_EQ(kerasOutputLength(5, 4, 2, "valid", -1), 20); // X1: fs < s
  EXPECT_EQ(kerasOutputLength(5, 2, 3, "same", 1), 10);
  EXPECT_EQ(kerasOutputLength(5, 2, 4, "same", 1), 9);
  EXPECT_EQ(kerasOutputLength(5, 3, 3, "valid", 2), 17);
}

// E3: 'SAME' with output 48x150 from 16x50, k=5, s=3: (1, 1).
TEST(TfRulesTest, SeedExample3) {
  TfAttrs a;
  a.api = "nn";
  a.strides = {3, 3};
  a.outputShape = std::vector<int64_t>{48, 150};
  CanonicalLayer l = lower(a, shapes({16, 50}, 3, 64, {5, 5}));
  EXPECT_EQ(l.padsBegin[0], 1);
  EXPECT_EQ(l.padsEnd[0], 1);
  EXPECT_EQ(l.padsBegin[1], 1);
  EXPECT_EQ(l.padsEnd[1], 1);
  EXPECT_EQ(l.outputShape(), (std::vector<int64_t>{1, 48, 150, 64}));
  EXPECT_TRUE(l.weightChannelsLast);
  EXPECT_EQ(l.weightShape(), (std::vector<int64_t>{5, 5, 64, 3}));
  EXPECT_EQ(l.logicalWeightShape(), (std::vector<int64_t>{3, 64, 5, 5}));
}

// E5: Keras 'same' on 48x48, k=3, s=2, with output_padding None or 1: 96,
// cropped (0, 1), a pixel off PyTorch's p=1, op=1 (1, 0).
TEST(TfRulesTest, SeedExample5Shifted) {
  for (bool withOp : {false, true}) {
    TfAttrs a;
    a.padding = "same";
    a.strides = {2, 2};
    if (withOp)
      a.outputPadding = std::vector<int64_t>{1, 1};
    CanonicalLayer l = lower(a, shapes({48, 48}, 3, 8, {3, 3}));
    EXPECT_EQ(l.padsBegin[0], 0);
    EXPECT_EQ(l.padsEnd[0], 1);
    EXPECT_EQ(l.outputSize(0), 96);
  }
}

// X2: SAME with fs < s (k=1, s=2, n=5): L = n*s, the zero at the end.
TEST(TfRulesTest, SameKernelBelowStride) {
  TfAttrs a;
  a.padding = "SAME";
  a.strides = {2};
  CanonicalLayer l = lower(a, shapes({5}, 2, 2, {1}));
  EXPECT_EQ(l.padsBegin[0], 0);
  EXPECT_EQ(l.padsEnd[0], -1);
  EXPECT_EQ(l.outputSize(0), 10);
}

// tf.nn 'VALID' takes L in [F, F + s - 1] and nothing else.
TEST(TfRulesTest, ValidRange) {
  TfAttrs a;
  a.api = "nn";
  a.padding = "VALID";
  a.strides = {3};
  for (int64_t L = 8; L <= 16; ++L) {
    a.outputShape = std::vector<int64_t>{L};
    CanonicalLayer l;
    const bool ok = !lowerTf(a, shapes({4}, 1, 1, {3}), l); // F = 12
    EXPECT_EQ(ok, L >= 12 && L <= 14) << "L = " << L;
    if (ok) {
      EXPECT_EQ(l.padsEnd[0], 12 - L);
    }
  }
}

// Explicit padding (tf.nn.conv2d_transpose only): L with
// (L + before + after - fs)/s + 1 == n; the crop is `before` at the start
// and what is left at the end.
TEST(TfRulesTest, ExplicitPadding) {
  TfAttrs a;
  a.api = "nn";
  a.padding = "EXPLICIT";
  a.explicitPaddings = {2, 1, 0, 0};
  a.strides = {2, 1};
  a.outputShape = std::vector<int64_t>{8, 4};
  CanonicalLayer l = lower(a, shapes({5, 2}, 1, 1, {3, 3})); // F = 11, 4
  EXPECT_EQ(l.padsBegin[0], 2);
  EXPECT_EQ(l.padsEnd[0], 1);
  EXPECT_EQ(l.padsEnd[1], 0);
  a.outputShape = std::vector<int64_t>{6, 4}; // (6+3-3)/2+1 = 4: rejected
  auto e = lowerTf(a, shapes({5, 2}, 1, 1, {3, 3}), l);
  ASSERT_TRUE(e);
  EXPECT_EQ(e->attribute, "output_shape");
  // conv1d_transpose and conv3d_transpose take SAME or VALID only.
  a.explicitPaddings = {2, 1};
  a.strides = {2};
  a.outputShape = std::vector<int64_t>{8};
  e = lowerTf(a, shapes({5}, 1, 1, {3}), l);
  ASSERT_TRUE(e);
  EXPECT_EQ(e->attribute, "padding");
}

// The layout names and the weight moved between layouts.
TEST(TfRulesTest, WeightLayouts) {
  bool last = false;
  EXPECT_TRUE(parseWeightFormat("DHWOI", 3, last));
  EXPECT_TRUE(last);
  EXPECT_TRUE(parseWeightFormat("IOW", 1, last));
  EXPECT_FALSE(last);
  EXPECT_FALSE(parseWeightFormat("HWOI", 3, last));
  // [C_in=2, C_out=3, k=2]: w[i][o][k] = 100i + 10o + k.
  std::vector<int> w;
  for (int i = 0; i < 2; ++i)
    for (int o = 0; o < 3; ++o)
      for (int k = 0; k < 2; ++k)
        w.push_back(100 * i + 10 * o + k);
  std::vector<int> t = moveWeightChannels(w, {2, 3, 2}, true);
  // [k, C_out, C_in]: t[k][o][i].
  EXPECT_EQ(t[(1 * 3 + 2) * 2 + 1], 121);
  EXPECT_EQ(t[(0 * 3 + 1) * 2 + 0], 10);
  EXPECT_EQ(moveWeightChannels(t, {2, 3, 2}, false), w);
}

// A layer's line carries the weight layout, and reads back.
TEST(TfRulesTest, LayerLineRoundTrip) {
  TfAttrs a;
  a.padding = "same";
  a.strides = {2, 2};
  CanonicalLayer l = lower(a, shapes({5, 6}, 3, 4, {3, 3}));
  const std::string line = l.str();
  EXPECT_NE(line.find(" format=NHWC weights=HWOI"), std::string::npos) << line;
  CanonicalLayer back;
  ASSERT_TRUE(CanonicalLayer::parse(line, back)) << line;
  EXPECT_EQ(back, l);
  l.channelsLast = false; // weights= without format=
  ASSERT_TRUE(CanonicalLayer::parse(l.str(), back)) << l.str();
  EXPECT_EQ(back, l);
}

} // namespace
