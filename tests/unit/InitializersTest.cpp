//===- InitializersTest.cpp - Framework initialisation of parameters -----===//

#include "compiler/spec/Initializers.h"

#include <cmath>
#include <gtest/gtest.h>

using namespace convt;

namespace {

// Weight [64, 32, 4, 4] (C_in 64, C_out 64, groups 2): fan_in = 32*16 = 512,
// fan_out = 64*16 = 1024.
CanonicalLayer layer() {
  CanonicalLayer l;
  l.rank = 2;
  l.inChannels = 64;
  l.outChannels = 64;
  l.groups = 2;
  l.inputSize = {8, 8, 1};
  l.kernelSize = {4, 4, 1};
  l.hasBias = true;
  return l;
}

struct Stats {
  double min = 1e9, max = -1e9, mean = 0, sd = 0;
};

Stats stats(const std::vector<float> &v) {
  Stats s;
  for (float x : v) {
    s.min = std::min<double>(s.min, x);
    s.max = std::max<double>(s.max, x);
    s.mean += x;
  }
  s.mean /= v.size();
  for (float x : v)
    s.sd += (x - s.mean) * (x - s.mean);
  s.sd = std::sqrt(s.sd / v.size());
  return s;
}

std::vector<float> init(InitScheme scheme, bool bias, uint64_t seed = 1) {
  std::vector<float> v;
  Status s = initializeParameter(scheme, layer(), bias, seed, v);
  EXPECT_TRUE(s.ok()) << s.message();
  return v;
}

TEST(InitializersTest, PyTorchDefaults) {
  // kaiming_uniform_(a=sqrt(5)) and the bias: U(-1/sqrt(512), 1/sqrt(512)).
  const double bound = 1 / std::sqrt(512.0);
  std::vector<float> w = init({}, false);
  ASSERT_EQ(w.size(), 64u * 32 * 16);
  Stats s = stats(w);
  EXPECT_GE(s.min, -bound);
  EXPECT_LE(s.max, bound);
  EXPECT_GT(s.max, 0.99 * bound); // the whole interval is used
  EXPECT_NEAR(s.sd, bound / std::sqrt(3.0), 0.02 * bound);
  std::vector<float> b = init({}, true);
  ASSERT_EQ(b.size(), 64u);
  EXPECT_LE(stats(b).max, bound);
  EXPECT_GE(stats(b).min, -bound);
  // Deterministic per seed, different across seeds.
  EXPECT_EQ(init({}, false, 5), init({}, false, 5));
  EXPECT_NE(init({}, false, 5), init({}, false, 6));
}

TEST(InitializersTest, MindSporeNames) {
  InitScheme ms;
  ms.style = Style::MindSpore;
  // None: the same as PyTorch (MindSpore >= 2.1).
  EXPECT_LE(stats(init(ms, false)).max, 1 / std::sqrt(512.0));

  ms.weightInit = "ones";
  EXPECT_EQ(stats(init(ms, false)).min, 1.0);
  EXPECT_EQ(stats(init(ms, false)).max, 1.0);
  ms.weightInit = "zeros";
  EXPECT_EQ(stats(init(ms, false)).max, 0.0);
  ms.weightInit = "constant";
  ms.weightValue = 0.25;
  EXPECT_EQ(stats(init(ms, false)).min, 0.25);

  ms.weightInit = "normal"; // N(0, 0.01^2)
  Stats n = stats(init(ms, false));
  EXPECT_NEAR(n.sd, 0.01, 0.0005);
  EXPECT_NEAR(n.mean, 0.0, 0.0005);
  ms.weightInit = "truncatednormal"; // cut at 2 sigma
  Stats t = stats(init(ms, false));
  EXPECT_LE(t.max, 0.02);
  EXPECT_GE(t.min, -0.02);
  ms.weightInit = "uniform"; // U(-0.07, 0.07)
  Stats u = stats(init(ms, false));
  EXPECT_LE(u.max, 0.07);
  EXPECT_GT(u.max, 0.069);
  ms.weightInit = "he_uniform"; // sqrt(6 / fan_in)
  EXPECT_LE(stats(init(ms, false)).max, std::sqrt(6.0 / 512));
  EXPECT_GT(stats(init(ms, false)).max, 0.99 * std::sqrt(6.0 / 512));
  ms.weightInit = "xavier_uniform"; // sqrt(6 / (fan_in + fan_out))
  EXPECT_LE(stats(init(ms, false)).max, std::sqrt(6.0 / 1536));
  EXPECT_GT(stats(init(ms, false)).max, 0.99 * std::sqrt(6.0 / 1536));

  ms.biasInit = "he_uniform";
  std::vector<float> b;
  EXPECT_EQ(initializeParameter(ms, layer(), true, 1, b).message(),
            "bias_init \"he_uniform\" needs a tensor of rank 2 or more for its "
            "fans (MindSpore raises for a 1-D bias)");
}

} // namespace
