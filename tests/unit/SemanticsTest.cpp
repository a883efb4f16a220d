//===- SemanticsTest.cpp - Frontend rules on the worked examples ----------===//
//
// docs/semantics.md section 7 (worked examples) and section 8 (edge cases
// where frameworks differ), each with the pads and sizes the document gives.
//
//===----------------------------------------------------------------------===//

#include "dialects/convt/Semantics.h"
#include "compiler/frontends/mindspore/MindSporeRules.h"
#include "compiler/frontends/torch/TorchRules.h"

#include <gtest/gtest.h>
#include <string>

using namespace convt;

namespace {

OperandShapes shapes(std::vector<int64_t> input, int64_t cout,
                     std::vector<int64_t> kernel, bool bias = false) {
  OperandShapes s;
  s.input = input;
  s.weight = {input[1], cout};
  s.weight.insert(s.weight.end(), kernel.begin(), kernel.end());
  if (bias)
    s.bias = std::vector<int64_t>{cout};
  return s;
}

struct Expect {
  std::vector<int64_t> padsBegin, padsEnd, postPads, output;
};

void check(const CanonicalLayer &l, const Expect &e) {
  for (int d = 0; d < l.rank; ++d) {
    EXPECT_EQ(l.padsBegin[d], e.padsBegin[d]) << "dimension " << d;
    EXPECT_EQ(l.padsEnd[d], e.padsEnd[d]) << "dimension " << d;
    EXPECT_EQ(l.postPads[d], e.postPads.empty() ? 0 : e.postPads[d]);
  }
  EXPECT_EQ(l.outputShape(), e.output);
}

CanonicalLayer torch(TorchAttrs a, OperandShapes s) {
  CanonicalLayer l;
  auto e = lowerTorch(a, s, l);
  EXPECT_FALSE(e) << e->attribute << " " << e->message;
  return l;
}

CanonicalLayer mindspore(MindSporeAttrs a, OperandShapes s) {
  CanonicalLayer l;
  auto e = lowerMindSpore(a, s, l);
  EXPECT_FALSE(e) << e->attribute << " " << e->message;
  return l;
}

TEST(SemanticsTest, E1TorchPadding24) {
  TorchAttrs a;
  a.padding = {2, 4};
  check(torch(a, shapes({1, 3, 16, 50}, 64, {4, 4})),
        {{2, 4}, {2, 4}, {}, {1, 64, 15, 45}});
}

TEST(SemanticsTest, E1MindSporePad2244) {
  MindSporeAttrs a;
  a.padMode = "pad";
  a.padding = {2, 2, 4, 4};
  check(mindspore(a, shapes({1, 3, 16, 50}, 64, {4, 4})),
        {{2, 4}, {2, 4}, {}, {1, 64, 15, 45}});
}

TEST(SemanticsTest, E2TorchOutputPadding) {
  TorchAttrs a;
  a.stride = {3, 3};
  a.padding = {2, 2};
  a.outputPadding = {2, 2};
  check(torch(a, shapes({1, 3, 16, 50}, 64, {5, 5})),
        {{2, 2}, {0, 0}, {}, {1, 64, 48, 150}});
}

TEST(SemanticsTest, E3MindSporeSame) {
  MindSporeAttrs a;
  a.stride = {3, 3};
  check(mindspore(a, shapes({1, 3, 16, 50}, 64, {5, 5})),
        {{1, 1}, {1, 1}, {}, {1, 64, 48, 150}});
}

TEST(SemanticsTest, E4MindSporeValid) {
  MindSporeAttrs a;
  a.stride = {3, 3};
  a.padMode = "valid";
  check(mindspore(a, shapes({1, 3, 16, 50}, 64, {5, 5})),
        {{0, 0}, {0, 0}, {}, {1, 64, 50, 152}});
}

TEST(SemanticsTest, E5TorchAndMindSporeDifferByOnePixel) {
  TorchAttrs t;
  t.stride = {2, 2};
  t.padding = {1, 1};
  t.outputPadding = {1, 1};
  check(torch(t, shapes({1, 3, 48, 48}, 32, {3, 3})),
        {{1, 1}, {0, 0}, {}, {1, 32, 96, 96}});
  // MindSpore 'same': same size, shifted by one pixel.
  MindSporeAttrs m;
  m.stride = {2, 2};
  check(mindspore(m, shapes({1, 3, 48, 48}, 32, {3, 3})),
        {{0, 0}, {1, 1}, {}, {1, 32, 96, 96}});
  // MindSpore 'pad' 1 + output_padding 1: a zero row after the bias.
  m.padMode = "pad";
  m.padding = {1};
  m.outputPadding = {1, 1};
  check(mindspore(m, shapes({1, 3, 48, 48}, 32, {3, 3})),
        {{1, 1}, {1, 1}, {1, 1}, {1, 32, 96, 96}});
}

TEST(SemanticsTest, E6MindSpore3D) {
  MindSporeAttrs a;
  a.stride = {3, 3, 3};
  check(mindspore(a, shapes({1, 3, 4, 9, 16}, 32, {5, 5, 5})),
        {{1, 1, 1}, {1, 1, 1}, {}, {1, 32, 12, 27, 48}});
  a.padMode = "valid";
  check(mindspore(a, shapes({1, 3, 4, 9, 16}, 32, {5, 5, 5})),
        {{0, 0, 0}, {0, 0, 0}, {}, {1, 32, 14, 29, 50}});
}

TEST(SemanticsTest, E7TorchOutputSize) {
  TorchAttrs a;
  a.stride = {2, 2};
  a.padding = {1, 1};
  a.outputSize = std::vector<int64_t>{12, 12};
  check(torch(a, shapes({1, 16, 6, 6}, 16, {3, 3})),
        {{1, 1}, {0, 0}, {}, {1, 16, 12, 12}});
}

// X1: 'valid' with fs < s. MindSpore gives n*s, PyTorch (padding 0) gives F.
TEST(SemanticsTest, X1ValidWithKernelBelowStride) {
  MindSporeAttrs m;
  m.padMode = "valid";
  m.stride = {4};
  check(mindspore(m, shapes({1, 1, 5}, 1, {2})), {{0}, {-2}, {}, {1, 1, 20}});
  m.stride = {6};
  m.dilation = {2};
  check(mindspore(m, shapes({1, 1, 5}, 1, {3})), {{0}, {-1}, {}, {1, 1, 30}});
  TorchAttrs t;
  t.stride = {4};
  check(torch(t, shapes({1, 1, 5}, 1, {2})), {{0}, {0}, {}, {1, 1, 18}});
}

// X2: 'same' with fs < s keeps the zeros at the end.
TEST(SemanticsTest, X2SameWithKernelBelowStride) {
  MindSporeAttrs m;
  m.stride = {2};
  check(mindspore(m, shapes({1, 1, 5}, 1, {1})), {{0}, {-1}, {}, {1, 1, 10}});
}

// X3: odd SAME total (k=4, s=1, T=3) puts the extra at the end: (1, 2).
TEST(SemanticsTest, X3SameOddTotal) {
  MindSporeAttrs m;
  check(mindspore(m, shapes({1, 1, 7, 7}, 1, {4, 4})),
        {{1, 1}, {2, 2}, {}, {1, 1, 7, 7}});
}

// X7: PyTorch allows output_padding >= stride when below the dilation;
// MindSpore's 2-D rule is [0, max(s, d)).
TEST(SemanticsTest, X7OutputPaddingLimits) {
  TorchAttrs t;
  t.dilation = {3};
  t.outputPadding = {2};
  check(torch(t, shapes({1, 1, 5}, 1, {3})), {{0}, {-2}, {}, {1, 1, 13}});
  t.outputPadding = {3};
  CanonicalLayer l;
  auto e = lowerTorch(t, shapes({1, 1, 5}, 1, {3}), l);
  ASSERT_TRUE(e);
  EXPECT_EQ(e->attribute, "output_padding");

  MindSporeAttrs m;
  m.padMode = "pad";
  m.stride = {2, 2};
  m.dilation = {3, 1};
  m.outputPadding = {2, 1};
  check(mindspore(m, shapes({1, 1, 4, 4}, 1, {2, 2})),
        {{0, 0}, {0, 0}, {2, 1}, {1, 1, 12, 9}});
}

// MindSpore's own length formula (_deconv_output_length in nn/layer/conv.py)
// against the lowering, over many generated layers of every pad mode.
TEST(SemanticsTest, MindSporeLengthsMatchDeconvOutputLength) {
  uint64_t state = 12345;
  auto next = [&](int64_t lo, int64_t hi) {
    state = state * 6364136223846793005ULL + 1442695040888963407ULL;
    return lo + static_cast<int64_t>((state >> 33) % (hi - lo + 1));
  };
  int checked = 0;
  for (int iter = 0; iter < 3000; ++iter) {
    int rank = static_cast<int>(next(1, 3));
    MindSporeAttrs m;
    m.padMode = std::vector<std::string>{"same", "valid", "pad"}[next(0, 2)];
    std::vector<int64_t> input{next(1, 2), 2}, kernel;
    for (int d = 0; d < rank; ++d) {
      input.push_back(next(1, 9));
      kernel.push_back(next(1, 6));
      m.stride.push_back(next(1, 4));
      m.dilation.push_back(next(1, 3));
      if (m.padMode == "pad") {
        m.padding.push_back(next(0, 3));
        m.padding.push_back(rank == 1 ? m.padding.back() : next(0, 3));
      }
    }
    if (rank == 1 && m.padMode == "pad")
      m.padding.resize(1);
    CanonicalLayer l;
    if (lowerMindSpore(m, shapes(input, 3, kernel), l))
      continue; // an output below 1 in 'pad' mode
    ++checked;
    for (int d = 0; d < rank; ++d) {
      int64_t n = input[2 + d], s = m.stride[d];
      int64_t fs = kernel[d] + (kernel[d] - 1) * (m.dilation[d] - 1);
      int64_t expected;
      if (m.padMode == "valid")
        expected = fs - s > 0 ? n * s + (fs - s) : n * s;
      else if (m.padMode == "same")
        expected = n * s;
      else {
        int64_t begin = m.padding[rank == 1 ? 0 : 2 * d];
        int64_t end = m.padding[rank == 1 ? 0 : 2 * d + 1];
        expected = n * s - (begin + end) + fs - s;
      }
      EXPECT_EQ(l.outputSize(d), expected)
          << m.padMode << " rank " << rank << " dimension " << d;
    }
  }
  EXPECT_GT(checked, 2500);
}

TEST(SemanticsTest, CanonicalAcceptsTheTrivialLayer) {
  CanonicalAttrs c;
  c.strides = {1, 1};
  c.dilations = {1, 1};
  c.padsBegin = {0, 0};
  c.padsEnd = {0, 0};
  CanonicalLayer l;
  EXPECT_FALSE(checkCanonical(c, shapes({1, 4, 5, 5}, 4, {1, 1}), l));
  EXPECT_EQ(l.outputShape(), (std::vector<int64_t>{1, 4, 5, 5}));
  EXPECT_EQ(l.validate(), "");
}

TEST(SemanticsTest, UsefulFlops) {
  TorchAttrs a;
  a.stride = {2, 2};
  a.padding = {1, 1};
  // DCGAN g1 of bench/suite.json: 2*1*512*64*256*16.
  CanonicalLayer l = torch(a, shapes({1, 512, 8, 8}, 256, {4, 4}));
  EXPECT_EQ(l.usefulFlops(), 2LL * 512 * 64 * 256 * 16);
}

} // namespace
