//===- GpuParamsTest.cpp - The GPU template's parameters ------------------===//

#include "compiler/backend/Backend.h"

#include <gtest/gtest.h>

namespace convt {
namespace {

CanonicalLayer layer2d(int64_t n, int64_t cin, int64_t cout, int64_t size,
                       int64_t k, int64_t s, int64_t p, int64_t groups = 1) {
  CanonicalLayer l;
  l.rank = 2;
  l.batch = n;
  l.inChannels = cin;
  l.outChannels = cout;
  l.groups = groups;
  l.inputSize = {size, size};
  l.kernelSize = {k, k};
  l.strides = {s, s};
  l.dilations = {1, 1};
  l.padsBegin = {p, p};
  l.padsEnd = {p, p};
  l.postPads = {0, 0};
  return l;
}

TEST(GpuParamsTest, ParsesWhatItPrints) {
  auto p = GpuParams::parse("f2c4q2x8y8z2k4s1");
  ASSERT_TRUE(p);
  EXPECT_EQ(p->form, 2);
  EXPECT_EQ(p->channels, 4);
  EXPECT_EQ(p->columns, 2);
  EXPECT_EQ(p->threadsX, 8);
  EXPECT_EQ(p->threadsY, 8);
  EXPECT_EQ(p->threadsZ, 2);
  EXPECT_EQ(p->chunk, 4);
  EXPECT_EQ(p->stage, 1);
  EXPECT_EQ(p->str(), "f2c4q2x8y8z2k4s1");
  EXPECT_EQ(GpuParams::parse("auto")->str(), "auto");
  EXPECT_TRUE(GpuParams::parse("auto")->isDefault());
}

TEST(GpuParamsTest, RefusesWhatTheTemplateCannotRun) {
  for (const char *bad :
       {"", "f2", "f3c4q2x8y8z2k4s1", "f2c4q2x8y8z2k4s3", "f2c0q2x8y8z2k4s1",
        "f2c4q2x32y32z2k4s1" /* 2048 threads a block */,
        "f2c64q2x8y8z2k4s1" /* 64 channels a thread */, "f2c4q2x8y8z2k4s1x",
        "c4f2q2x8y8z2k4s1"})
    EXPECT_FALSE(GpuParams::parse(bad)) << bad;
}

// The heuristic on the GPU suite's DCGAN layer (512 -> 256, 8x8, k4 s2 p1,
// batch 64): 2 channels x 2 columns x 4 phases = 16 sums a thread (the
// fastest of the tuner's candidates on the H100), a block of 4 x 8 x 4 =
// 128 threads over the 8 x 8 phase grid, 4 input channels unrolled a step;
// its weights (8 channels x 16 taps x 512) do not fit 16 KiB.
TEST(GpuParamsTest, HeuristicForADenseLayer) {
  GpuParams p = resolveGpuParams(layer2d(64, 512, 256, 8, 4, 2, 1), {});
  EXPECT_EQ(p.str(), "f2c2q2x4y8z4k4s2");
  EXPECT_GT(gpuStageBytes(layer2d(64, 512, 256, 8, 4, 2, 1), p, 1), 16384);
}

// A copy of the weights larger than a block may hold (1 MiB here) is not
// made, even when asked for: it failed to launch on the H100.
TEST(GpuParamsTest, NoSharedWeightsPastWhatABlockHolds) {
  CanonicalLayer l = layer2d(64, 512, 256, 8, 4, 2, 1);
  GpuParams asked = *GpuParams::parse("f2c8q2x4y8z4k4s1");
  EXPECT_EQ(gpuStageBytes(l, asked, 1), 8 * 4 * 16 * 512 * 4);
  EXPECT_EQ(resolveGpuParams(l, asked).stage, 2);
  GpuParams small = *GpuParams::parse("f2c1q1x32y4z1k4s1");
  EXPECT_EQ(resolveGpuParams(layer2d(1, 8, 8, 8, 4, 2, 1), small).stage, 1);
}

// Depthwise (4 multiply-adds an output): one channel and one position a
// thread; the block's weights fit in shared memory.
TEST(GpuParamsTest, HeuristicForADepthwiseLayer) {
  CanonicalLayer l = layer2d(32, 64, 64, 32, 4, 2, 1, 64);
  GpuParams p = resolveGpuParams(l, {});
  EXPECT_EQ(p.form, 2);
  EXPECT_EQ(p.channels, 1);
  EXPECT_EQ(p.columns, 1);
  EXPECT_EQ(p.stage, 1);
  EXPECT_LE(gpuStageBytes(l, p, 1), 16384);
}

// A block whose channels reach past C_out reads its weights through the
// cache, whatever is asked (staged, Halide 14 sized the copy from the
// unclamped channels and read past the packed weights).
TEST(GpuParamsTest, NoSharedWeightsPastTheLastChannel) {
  CanonicalLayer l = layer2d(2, 6, 9, 5, 3, 2, 1, 3);
  GpuParams asked = *GpuParams::parse("f2c2q2x2y8z2k2s1");
  EXPECT_EQ(resolveGpuParams(l, asked).stage, 2);
}

// Past what the phase-major form unrolls, the gather form.
TEST(GpuParamsTest, GatherFormForLargeStrides) {
  CanonicalLayer l = layer2d(1, 4, 4, 8, 40, 40, 0);
  EXPECT_EQ(resolveGpuParams(l, {}).form, 1);
}

TEST(GpuParamsTest, GpuTargets) {
  EXPECT_TRUE(isGpuTarget("cuda"));
  EXPECT_TRUE(isGpuTarget("opencl"));
  EXPECT_TRUE(isGpuTarget("x86-64-linux-cuda-cuda_capability_86"));
  EXPECT_FALSE(isGpuTarget("host"));
  EXPECT_FALSE(isGpuTarget("x86-64-linux-avx2"));
  EXPECT_FALSE(isGpuTarget("x86-64-linux-metal")); // refused
  std::string resolved;
  ASSERT_TRUE(resolveTarget("cuda", resolved));
  EXPECT_EQ(resolved,
            "x86-64-linux-cuda-cuda_capability_80-sse41-user_context");
}

} // namespace
} // namespace convt
