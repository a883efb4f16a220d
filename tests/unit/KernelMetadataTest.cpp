//===- KernelMetadataTest.cpp - Metadata, keys, CPU checks, thread pool ---===//

#include "runtime/KernelMetadata.h"
#include "runtime/Context.h"
#include "runtime/CpuFeatures.h"
#include "runtime/ThreadPool.h"

#include <gtest/gtest.h>

#include <atomic>
#include <thread>

using namespace convt;

namespace {

CanonicalLayer sampleLayer() {
  CanonicalLayer l;
  l.rank = 3;
  l.batch = 2;
  l.inChannels = 6;
  l.outChannels = 4;
  l.groups = 2;
  l.inputSize = {3, 4, 5};
  l.kernelSize = {2, 3, 4};
  l.strides = {1, 2, 3};
  l.dilations = {2, 1, 1};
  l.padsBegin = {0, -1, 2};
  l.padsEnd = {1, 0, -3};
  l.postPads = {0, 0, 0};
  l.hasBias = true;
  return l;
}

TEST(KernelMetadataTest, LayerTextRoundTrips) {
  CanonicalLayer l = sampleLayer(), back;
  ASSERT_TRUE(CanonicalLayer::parse(l.str(), back)) << l.str();
  EXPECT_EQ(back, l);
  l.elementType = ElementType::BFloat16;
  ASSERT_TRUE(CanonicalLayer::parse(l.str(), back));
  EXPECT_EQ(back.elementType, ElementType::BFloat16);
  // Anything else is refused: a missing field, a reordered one, garbage, an
  // invalid layer.
  std::string text = l.str();
  EXPECT_FALSE(CanonicalLayer::parse(text.substr(0, text.rfind(' ')), back));
  EXPECT_FALSE(CanonicalLayer::parse("N=1 " + text, back));
  EXPECT_FALSE(CanonicalLayer::parse(text + " extra=1", back));
  EXPECT_FALSE(CanonicalLayer::parse("", back));
  CanonicalLayer bad = sampleLayer();
  bad.groups = 4; // does not divide 6
  EXPECT_FALSE(CanonicalLayer::parse(bad.str(), back));
}

// Channels last adds one field at the end; channels-first lines (and so the
// keys of kernels cached before layouts) are unchanged.
TEST(KernelMetadataTest, LayoutInTheLayerText) {
  CanonicalLayer l = sampleLayer(), back;
  EXPECT_EQ(l.str().find("format"), std::string::npos);
  EXPECT_EQ(l.inputShape(), (std::vector<int64_t>{2, 6, 3, 4, 5}));
  l.channelsLast = true;
  EXPECT_EQ(l.str().substr(l.str().rfind(' ')), " format=NDHWC");
  ASSERT_TRUE(CanonicalLayer::parse(l.str(), back)) << l.str();
  EXPECT_EQ(back, l);
  EXPECT_TRUE(back.channelsLast);
  EXPECT_FALSE(back == sampleLayer());
  EXPECT_EQ(l.inputShape(), (std::vector<int64_t>{2, 3, 4, 5, 6}));
  EXPECT_EQ(l.logicalInputShape(), (std::vector<int64_t>{2, 6, 3, 4, 5}));
  EXPECT_EQ(l.outputShape()[4], 4);
  EXPECT_EQ(l.logicalOutputShape()[1], 4);
  // Only the rank's channels-last name; "format=NCDHW" is the absent field.
  std::string text = sampleLayer().str();
  EXPECT_FALSE(CanonicalLayer::parse(text + " format=NHWC", back));
  EXPECT_FALSE(CanonicalLayer::parse(text + " format=NCDHW", back));
  EXPECT_FALSE(CanonicalLayer::parse(text + " format=NDHWC extra=1", back));
  bool last = true;
  EXPECT_TRUE(parseDataFormat("NCW", 1, last));
  EXPECT_FALSE(last);
  EXPECT_TRUE(parseDataFormat("NHWC", 2, last));
  EXPECT_TRUE(last);
  EXPECT_FALSE(parseDataFormat("NHWC", 3, last));
  EXPECT_FALSE(parseDataFormat("nchw", 2, last));
  EXPECT_STREQ(dataFormatName(1, true), "NWC");
}

TEST(KernelMetadataTest, TextRoundTripsAndIsChecked) {
  KernelKey key;
  key.layer = sampleLayer();
  key.target = "x86-64-linux-avx2-user_context";
  key.schedule = "expert(v2m8k16t1f2)";
  key.threads = 2;
  key.compilerVersion = "convt-test|halide-14.0.0";
  KernelMetadata m = KernelMetadata::fromKey(key);
  m.name = "sample";
  m.entry = "convt_" + key.hash();
  m.pack = m.entry + "_pack";
  m.packedWeightShape = {1, 2, 3, 4, 16};
  KernelMetadata back;
  Status s = KernelMetadata::parse(m.str(), back);
  ASSERT_TRUE(s.ok()) << s.message();
  EXPECT_EQ(back.str(), m.str());
  EXPECT_EQ(back.key, key.hash());
  EXPECT_EQ(back.layer, key.layer);
  EXPECT_EQ(back.threads, 2);

  std::string other = m.str();
  other.replace(other.find("abi=1"), 5, "abi=7");
  s = KernelMetadata::parse(other, back);
  EXPECT_EQ(s.code(), StatusCode::Incompatible);
  EXPECT_EQ(s.message(), "the kernel has ABI version 7, this runtime loads "
                         "version 1 (recompile it with this convt)");
  EXPECT_FALSE(KernelMetadata::parse("ELF garbage", back).ok());
  EXPECT_FALSE(KernelMetadata::parse(m.str().substr(0, 100), back).ok());
}

TEST(KernelMetadataTest, KeyHashIsStable) {
  KernelKey key;
  key.layer = sampleLayer();
  key.target = "x86-64-linux";
  key.schedule = "li2018";
  key.threads = 1;
  key.compilerVersion = "v";
  EXPECT_EQ(key.str(),
            "v|abi=1|x86-64-linux|li2018|threads=1|" + key.layer.str());
  // XXH3-128 of that text: the same on every machine and run.
  EXPECT_EQ(key.hash(), KernelKey(key).hash());
  EXPECT_EQ(key.hash().size(), 32u);
  KernelKey other = key;
  other.threads = 2;
  EXPECT_NE(other.hash(), key.hash());
  EXPECT_EQ(checksum64("", 0), 0x2d06800538d394c2ull); // XXH3-64 of nothing
}

TEST(CpuFeaturesTest, TargetsAgainstAHost) {
  HostCpu avx2;
  avx2.arch = "x86";
  avx2.bits = 64;
  avx2.os = "linux";
  avx2.features = {"sse41", "avx", "avx2", "fma", "f16c"};
  EXPECT_EQ(targetProblem("x86-64-linux-avx2-fma-user_context", avx2), "");
  EXPECT_EQ(targetProblem("x86-64-linux", avx2), "");
  EXPECT_EQ(targetProblem("x86-64-linux-avx-avx2-avx512-avx512_skylake-fma-"
                          "user_context-no_runtime",
                          avx2),
            "the kernel was compiled for x86-64-linux-avx-avx2-avx512-"
            "avx512_skylake-fma-user_context-no_runtime and needs CPU "
            "features this machine lacks: avx512, avx512_skylake");
  EXPECT_EQ(targetProblem("arm-64-linux", avx2),
            "the kernel was compiled for arm-64-linux, this machine is "
            "x86-64-linux");
  // GPU features are the device's, not the CPU's: a GPU kernel's call
  // finds out whether the machine has one.
  EXPECT_EQ(targetProblem("x86-64-linux-sse41-opencl", avx2), "");
  EXPECT_EQ(targetProblem("x86-64-linux-sse41-cuda-cuda_capability_80", avx2),
            "");
  EXPECT_EQ(targetProblem("x86-64-linux-avx512-cuda", avx2),
            "the kernel was compiled for x86-64-linux-avx512-cuda and needs "
            "CPU features this machine lacks: avx512");
  EXPECT_EQ(targetDevice("x86-64-linux-sse41-cuda-cuda_capability_80"), "cuda");
  EXPECT_EQ(targetDevice("x86-64-linux-opencl-user_context"), "opencl");
  EXPECT_EQ(targetDevice("x86-64-linux-avx2"), "");
  EXPECT_NE(targetProblem("garbage", avx2), "");
  // bfloat16 kernels with vdpbf16ps need AVX512-BF16, which no Halide level
  // names (Ice Lake and Cannon Lake have the level, not the feature).
  HostCpu icelake = avx2;
  icelake.features.insert({"avx512", "avx512_skylake", "avx512_cannonlake"});
  HostCpu zen5 = icelake;
  zen5.features.insert("avx512bf16");
  const char *bf16 = "x86-64-linux-avx512-avx512_cannonlake-avx512_skylake-"
                     "user_context-avx512bf16";
  EXPECT_EQ(targetProblem(bf16, zen5), "");
  EXPECT_EQ(targetProblem(bf16, icelake),
            std::string("the kernel was compiled for ") + bf16 +
                " and needs CPU features this machine lacks: avx512bf16");
}

TEST(CpuFeaturesTest, ThisMachineRunsItsOwnBaseline) {
  const HostCpu &host = HostCpu::detect();
  EXPECT_EQ(host.os, "linux");
  std::string base =
      host.arch + "-" + std::to_string(host.bits) + "-" + host.os;
  EXPECT_EQ(targetProblem(base, host), "");
  // Each level implies the ones Halide puts below it.
  if (host.features.count("avx512_skylake")) {
    EXPECT_TRUE(host.features.count("avx512"));
  }
  if (host.features.count("avx2")) {
    EXPECT_TRUE(host.features.count("avx"));
  }
}

int addIndex(void *uc, int i, uint8_t *) {
  static_cast<std::atomic<long> *>(uc)->fetch_add(i);
  return 0;
}

int failAtSeven(void *, int i, uint8_t *) { return i == 7 ? -3 : 0; }

TEST(ThreadPoolTest, RunsEveryIndexOnceFromManyCallers) {
  ThreadPool pool(3);
  EXPECT_EQ(pool.threads(), 3);
  std::vector<std::thread> callers;
  std::atomic<long> sum{0};
  for (int c = 0; c < 8; ++c)
    callers.emplace_back([&] {
      for (int r = 0; r < 50; ++r)
        EXPECT_EQ(pool.parallelFor(addIndex, &sum, 10, 100, nullptr), 0);
    });
  for (std::thread &t : callers)
    t.join();
  // sum of 10..109 = 5950, 8 callers x 50 loops.
  EXPECT_EQ(sum.load(), 8L * 50 * 5950);
  EXPECT_EQ(pool.parallelFor(failAtSeven, nullptr, 0, 16, nullptr), -3);
  EXPECT_EQ(pool.parallelFor(failAtSeven, nullptr, 0, 0, nullptr), 0);
}

TEST(ThreadPoolTest, ContextsKeepTheirOwnThreadCount) {
  Context one(1), four(4);
  EXPECT_EQ(one.threads(), 1);
  EXPECT_EQ(four.threads(), 4);
  EXPECT_EQ(Context().threads(), hardwareConcurrency());
}

} // namespace
