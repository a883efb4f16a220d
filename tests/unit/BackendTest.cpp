//===- BackendTest.cpp - Halide backend, runtime kernels, kernel cache ----===//

#include "compiler/driver/Driver.h"
#include "compiler/jit/Jit.h"
#include "compiler/jit/LayerBuffers.h"
#include "runtime/BFloat16.h"
#include "tests/reference/Reference.h"
#include "tests/unit/BackendTestSupport.h"

#include <llvm/Support/JSON.h>
#include <llvm/Support/raw_ostream.h>

#include <atomic>
#include <fstream>
#include <gtest/gtest.h>
#include <sstream>
#include <thread>

using namespace convt;
using namespace convt::testing;

namespace {

/// Multiply-adds the definition performs inside the output window, by brute
/// force: every (i, j) pair whose position i*s + j*d lands in the window.
int64_t usefulInWindow(const CanonicalLayer &l) {
  int64_t total = l.batch * l.outChannels * (l.inChannels / l.groups);
  for (int d = 0; d < l.rank; ++d) {
    int64_t count = 0;
    for (int64_t i = 0; i < l.inputSize[d]; ++i)
      for (int64_t j = 0; j < l.kernelSize[d]; ++j) {
        int64_t o = i * l.strides[d] + j * l.dilations[d] - l.padsBegin[d];
        count += o >= 0 && o < l.windowSize(d);
      }
    total *= count;
  }
  return total;
}

// The kernel performs exactly the useful multiply-adds: the formula minus
// the taps clipped at the edges, and nothing for empty phases.
TEST(BackendTest, MultiplyAddsAreExactlyTheUsefulOnes) {
  for (const CanonicalLayer &l : countingLayers()) {
    SCOPED_TRACE(l.str());
    int64_t counted = -1;
    Status s = countMultiplyAdds(l, counted);
    ASSERT_TRUE(s.ok()) << s.message();
    EXPECT_EQ(counted, usefulInWindow(l));
    EXPECT_LE(counted, l.usefulFlops() / 2);
  }
  // With no clipping at all, the count is the formula: N*Cin*prod(n) *
  // (Cout/g)*prod(k) = 2*16*3*3*16*16 / 2... computed from the formula.
  CanonicalLayer full =
      makeLayer(2, 2, 16, 32, 2, {3, 3, 1}, {4, 4, 1}, {2, 2, 1}, {1, 1, 1},
                {0, 0, 0}, {0, 0, 0}, true);
  int64_t counted = -1;
  ASSERT_TRUE(countMultiplyAdds(full, counted).ok());
  EXPECT_EQ(counted, 2 * 16 * 9 * 16 * 16);
  EXPECT_EQ(2 * counted, full.usefulFlops());
}

TEST(BackendTest, KernelChecksEveryBuffer) {
  CanonicalLayer l = countingLayers()[0];
  std::shared_ptr<Kernel> k;
  ASSERT_TRUE(jit().getKernel(l, BackendOptions(), k).ok());
  LayerBuffers m(l, 7);
  TensorRef x = m.input(), w = m.weight(), y = m.output();
  TensorRef b = *m.bias();
  ASSERT_TRUE(k->run(ctx(), x, w, &b, y).ok());

  TensorRef badShape = x;
  badShape.shape = {1, 8, 8, 9};
  EXPECT_EQ(k->run(ctx(), badShape, w, &b, y).message(),
            "input has shape [1, 8, 8, 9], the layer expects [1, 8, 8, 8]");
  TensorRef small = y;
  small.capacity = m.y.size() - 1;
  EXPECT_EQ(k->run(ctx(), x, w, &b, small).message(),
            "output holds 4095 elements, the layer needs 4096");
  EXPECT_EQ(k->run(ctx(), x, w, nullptr, y).message(),
            "the layer has a bias but none was given");
  std::vector<float> big(m.y.size() + m.x.size());
  TensorRef bigIn{big.data(), l.inputShape(), m.x.size()};
  TensorRef overlapOut{big.data() + 8, l.outputShape(), m.y.size()};
  EXPECT_EQ(k->run(ctx(), bigIn, w, &b, overlapOut).message(),
            "output overlaps an input buffer");
  TensorRef null = x;
  null.data = nullptr;
  EXPECT_EQ(k->run(ctx(), null, w, &b, y).message(), "input has no data");
}

TEST(BackendTest, KernelMatchesReference) {
  for (const CanonicalLayer &l : countingLayers()) {
    SCOPED_TRACE(l.str());
    std::shared_ptr<Kernel> k;
    Status s = jit().getKernel(l, BackendOptions(), k);
    ASSERT_TRUE(s.ok()) << s.message();
    LayerBuffers m(l, 7);
    ASSERT_TRUE(
        k->run(ctx(), m.input(), m.weight(), m.bias(), m.output()).ok());
    std::vector<float> want =
        reference::convTranspose(l, m.x, m.w, l.hasBias ? &m.b : nullptr);
    for (size_t i = 0; i < want.size(); ++i)
      ASSERT_NEAR(m.y[i], want[i], 1e-4 * std::max(1.f, std::fabs(want[i])))
          << "element " << i;
  }
}

// Output columns no tap reaches (negative pads past the full result, the
// trailing zeros, a window that misses the full result altogether), with
// the gather form's register tiles lying wholly among them: the kernel
// failed at run time ("Bounds given for acc_intm ... do not cover required
// region") before the accumulator's region was limited to reached columns.
TEST(BackendTest, ColumnsNoTapReaches) {
  const CanonicalLayer layers[] = {
      makeLayer(1, 1, 2, 3, 1, {1, 1, 1}, {1, 1, 1}, {1, 1, 1}, {1, 1, 1},
                {-50, 0, 0}, {-70, 0, 0}, true),
      makeLayer(2, 2, 4, 4, 2, {3, 4, 1}, {2, 3, 1}, {2, 1, 1}, {1, 2, 1},
                {-9, -1, 0}, {2, -12, 0}, false),
      makeLayer(1, 1, 3, 2, 1, {4, 1, 1}, {3, 1, 1}, {3, 1, 1}, {1, 1, 1},
                {-4, 0, 0}, {14, 0, 0}, true), // misses the full result
      makeLayer(2, 1, 2, 5, 1, {2, 3, 1}, {2, 2, 1}, {1, 2, 1}, {1, 1, 1},
                {0, 0, 0}, {0, 0, 0}, true, {9, 17, 0}), // trailing zeros
  };
  for (const CanonicalLayer &l : layers)
    for (const char *expert : {"auto", "v1m2k8t1f1", "v1m2k8t2f1", "v2m4k8t1f1",
                               "v1m2k8t1f2", "v1m2k8t2f3"}) {
      SCOPED_TRACE(l.str() + " " + expert);
      BackendOptions options;
      options.expert = *ExpertParams::parse(expert);
      std::shared_ptr<Kernel> k;
      Status s = jit().getKernel(l, options, k);
      ASSERT_TRUE(s.ok()) << s.message();
      LayerBuffers m(l, 9);
      s = k->run(ctx(), m.input(), m.weight(), m.bias(), m.output());
      ASSERT_TRUE(s.ok()) << s.message();
      std::vector<float> want =
          reference::convTranspose(l, m.x, m.w, l.hasBias ? &m.b : nullptr);
      for (size_t i = 0; i < want.size(); ++i)
        ASSERT_NEAR(m.y[i], want[i], 1e-4 * std::max(1.f, std::fabs(want[i])))
            << "element " << i;
    }
}

// The benchmark's layers with their default schedules: no heap buffer a
// kernel allocates (padded input, accumulators) is larger than the output.
// The dilated layer (stride 1, a halo of 2 on each side) pads per task;
// a whole padded copy would be 1.27x its output.
TEST(BackendTest, ScratchIsNeverLargerThanTheOutput) {
  std::ifstream in(CONVT_SOURCE_DIR "/bench/suite.json");
  std::stringstream text;
  text << in.rdbuf();
  llvm::Expected<llvm::json::Value> suite = llvm::json::parse(text.str());
  ASSERT_TRUE(bool(suite)) << llvm::toString(suite.takeError());
  const llvm::json::Array *layers = suite->getAsObject()->getArray("layers");
  ASSERT_TRUE(layers && layers->size() == 11);
  for (const llvm::json::Value &entry : *layers) {
    llvm::json::Object spec = *entry.getAsObject();
    std::string name = spec.getString("name")->str();
    SCOPED_TRACE(name);
    spec.erase("why");
    std::string json;
    llvm::raw_string_ostream os(json);
    os << llvm::json::Value(std::move(spec));
    os.flush();
    CanonicalLayer l;
    Status s = canonicalLayerFromJson(json, name + ".json", l);
    ASSERT_TRUE(s.ok()) << s.message();
    std::shared_ptr<Kernel> k;
    s = jit().getKernel(l, BackendOptions(), k);
    ASSERT_TRUE(s.ok()) << s.message();
    LayerBuffers m(l, 3);
    ctx().takePeakScratchBytes();
    ASSERT_TRUE(
        k->run(ctx(), m.input(), m.weight(), m.bias(), m.output()).ok());
    const size_t peak = ctx().takePeakScratchBytes();
    // The meter sees the accumulators at least.
    EXPECT_GT(peak, 0u);
    EXPECT_LE(peak, m.y.size() * sizeof(float));
  }
}

// A second request costs no compilation; concurrent requests for one key
// compile it once; every thread gets the same kernel.
TEST(BackendTest, CacheCompilesEachKeyOnce) {
  JitCompiler compiler;
  CanonicalLayer a = countingLayers()[2], b = countingLayers()[3];
  constexpr int kThreads = 16;
  std::vector<std::shared_ptr<Kernel>> got(kThreads);
  std::atomic<int> failures{0};
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t)
    threads.emplace_back([&, t] {
      Status s = compiler.getKernel(t % 2 ? a : b, BackendOptions(), got[t]);
      if (!s)
        ++failures;
    });
  for (auto &t : threads)
    t.join();
  EXPECT_EQ(failures, 0);
  KernelCache::Stats st = compiler.stats();
  EXPECT_EQ(st.compiles, 2u);
  EXPECT_EQ(st.hits + st.waits, static_cast<uint64_t>(kThreads - 2));
  for (int t = 2; t < kThreads; ++t)
    EXPECT_EQ(got[t].get(), got[t % 2].get());

  std::shared_ptr<Kernel> again;
  ASSERT_TRUE(compiler.getKernel(a, BackendOptions(), again).ok());
  EXPECT_EQ(again.get(), got[1].get());
  EXPECT_EQ(compiler.stats().compiles, 2u);
  EXPECT_EQ(compiler.stats().hits, st.hits + 1);
}

// One kernel, one context, one set of packed weights, 16 threads at once
// (also the ThreadSanitizer run of scripts/sanitize.sh thread): every result
// equals the one computed alone.
TEST(BackendTest, OneKernelFromSixteenThreads) {
  CanonicalLayer l = countingLayers()[2];
  std::shared_ptr<Kernel> k;
  ASSERT_TRUE(jit().getKernel(l, BackendOptions(), k).ok());
  Context context(2);
  LayerBuffers m(l, 5);
  PackedWeights packed;
  ASSERT_TRUE(k->packWeights(context, m.weight(), packed).ok());
  ASSERT_TRUE(k->run(context, m.input(), packed, m.bias(), m.output()).ok());
  const std::vector<float> want = m.y;
  // Taken once: LayerBuffers::bias() writes its member (TSan saw the race
  // when every thread called it).
  const TensorRef in = m.input(), *bias = m.bias();
  constexpr int kThreads = 16;
  std::vector<std::vector<float>> outs(kThreads,
                                       std::vector<float>(want.size()));
  std::vector<int> bad(kThreads, 0);
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t)
    threads.emplace_back([&, t] {
      TensorRef out{outs[t].data(), l.outputShape(), outs[t].size()};
      for (int r = 0; r < 10; ++r) {
        std::fill(outs[t].begin(), outs[t].end(), 0.f);
        Status s = k->run(context, in, packed, bias, out);
        bad[t] += !s.ok() || outs[t] != want;
      }
    });
  for (std::thread &t : threads)
    t.join();
  for (int t = 0; t < kThreads; ++t)
    EXPECT_EQ(bad[t], 0) << "thread " << t;
}

TEST(BackendTest, KernelKeySeparatesWhatChangesTheCode) {
  CanonicalLayer l = countingLayers()[0];
  BackendOptions o;
  KernelKey k1, k2, k3, k4, k5;
  ASSERT_TRUE(makeKernelKey(l, o, k1).ok());
  ASSERT_TRUE(makeKernelKey(l, o, k2).ok());
  EXPECT_EQ(k1.str(), k2.str());
  EXPECT_EQ(k1.hash(), k2.hash());
  EXPECT_EQ(k1.hash().size(), 32u);
  o.schedule = ScheduleKind::Li2018;
  ASSERT_TRUE(makeKernelKey(l, o, k3).ok());
  EXPECT_NE(k1.hash(), k3.hash());
  EXPECT_EQ(k3.schedule, "li2018");
  CanonicalLayer other = l;
  other.padsEnd[0] = 0;
  ASSERT_TRUE(makeKernelKey(other, BackendOptions(), k4).ok());
  EXPECT_NE(k1.hash(), k4.hash());
  BackendOptions threads;
  threads.threads = 3;
  ASSERT_TRUE(makeKernelKey(l, threads, k5).ok());
  EXPECT_NE(k1.hash(), k5.hash());
  EXPECT_EQ(k5.threads, 3);
  // The default schedule is named with the template's resolved parameters,
  // so the explicit equivalent shares the key.
  EXPECT_EQ(k1.schedule.rfind("expert(v", 0), 0u) << k1.schedule;
  EXPECT_NE(k1.str().find(kCompilerVersion), std::string::npos);
  EXPECT_NE(k1.str().find(backendVersion()), std::string::npos);
  EXPECT_NE(k1.str().find("abi=" + std::to_string(kKernelAbiVersion)),
            std::string::npos);
  EXPECT_NE(k1.target.find("user_context"), std::string::npos);
  EXPECT_NE(k1.str().find("dtype=float32"), std::string::npos);
}

TEST(BackendTest, FailedCompilesAreNotCached) {
  JitCompiler compiler;
  BackendOptions o;
  o.target = "not-a-target";
  std::shared_ptr<Kernel> k;
  Status s = compiler.getKernel(countingLayers()[0], o, k);
  EXPECT_FALSE(s.ok());
  EXPECT_NE(s.message().find("unknown target 'not-a-target'"),
            std::string::npos);
  CanonicalLayer bad = countingLayers()[0];
  bad.groups = 3;
  EXPECT_EQ(compiler.getKernel(bad, BackendOptions(), k).message(),
            "invalid layer: channels must be divisible by groups");
}

bool hostHasAvx512() {
  std::ifstream f("/proc/cpuinfo");
  std::string line;
  while (std::getline(f, line))
    if (line.find("avx512f") != std::string::npos)
      return true;
  return false;
}

// Code is generated for this CPU's real features.
TEST(BackendTest, StagesAndHostFeatures) {
  CanonicalLayer l = countingLayers()[0];
  std::string text;
  ASSERT_TRUE(
      emitBackendStage(l, BackendOptions(), BackendStage::Halide, text).ok());
  EXPECT_NE(text.find("reduction over r$x in [0, 0 + 8)"), std::string::npos)
      << text;
  EXPECT_NE(text.find("  where "), std::string::npos);
  ASSERT_TRUE(
      emitBackendStage(l, BackendOptions(), BackendStage::Stmt, text).ok());
  EXPECT_NE(text.find("produce output"), std::string::npos);
  ASSERT_TRUE(
      emitBackendStage(l, BackendOptions(), BackendStage::Schedule, text).ok());
  EXPECT_NE(text.find("parallel"), std::string::npos);
  ASSERT_TRUE(
      emitBackendStage(l, BackendOptions(), BackendStage::Llvm, text).ok());
  EXPECT_NE(text.find("define"), std::string::npos);
  ASSERT_TRUE(
      emitBackendStage(l, BackendOptions(), BackendStage::Asm, text).ok());
  std::string target;
  ASSERT_TRUE(resolveTarget("host", target).ok());
  if (hostHasAvx512()) {
    EXPECT_NE(target.find("avx512"), std::string::npos) << target;
    EXPECT_NE(text.find("zmm"), std::string::npos);
  }
}

} // namespace
