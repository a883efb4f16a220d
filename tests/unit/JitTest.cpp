//===- JitTest.cpp - The JIT with a disk cache, from many threads ---------===//
//
// Two JitCompilers share one disk cache, as two processes would, and 16
// threads ask them for two layers at once (also the ThreadSanitizer run of
// scripts/sanitize.sh thread): each key is compiled once in all, the other
// compiler loads it from disk, and every kernel computes the reference.
//
//===----------------------------------------------------------------------===//

#include "compiler/jit/Jit.h"
#include "compiler/aot/Linker.h"
#include "compiler/jit/LayerBuffers.h"
#include "tests/reference/Reference.h"

#include <atomic>
#include <cmath>
#include <gtest/gtest.h>
#include <thread>

using namespace convt;

namespace {

CanonicalLayer layer(int64_t stride, int64_t kernel) {
  CanonicalLayer l;
  l.rank = 2;
  l.batch = 1;
  l.inChannels = 4;
  l.outChannels = 6;
  l.groups = 2;
  l.inputSize = {5, 7, 1};
  l.kernelSize = {kernel, kernel, 1};
  l.strides = {stride, stride, 1};
  l.dilations = {1, 1, 1};
  l.padsBegin = {1, 0, 0};
  l.padsEnd = {0, 1, 0};
  l.postPads = {0, 0, 0};
  l.hasBias = true;
  return l;
}

/// Removes the cache directory the test made, whatever the test left.
struct TempDir {
  std::string path;
  TempDir() { EXPECT_TRUE(makePrivateTempDir("convt-jit-test", path).ok()); }
  ~TempDir() { std::system(("rm -rf '" + path + "'").c_str()); }
};

} // namespace

TEST(JitTest, TwoCompilersShareADiskCacheFromManyThreads) {
  TempDir tmp;
  DiskCache disk(tmp.path + "/cache");
  std::vector<std::string> warnings;
  std::mutex warningsMutex;
  disk.setWarningHandler([&](const std::string &w) {
    std::lock_guard<std::mutex> g(warningsMutex);
    warnings.push_back(w);
  });
  JitCompiler first(&disk), second(&disk);
  const CanonicalLayer layers[2] = {layer(2, 3), layer(3, 4)};
  constexpr int kThreads = 16;
  std::vector<std::shared_ptr<Kernel>> got(kThreads);
  std::atomic<int> failures{0};
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t)
    threads.emplace_back([&, t] {
      JitCompiler &c = t % 2 ? first : second;
      if (!c.getKernel(layers[(t / 2) % 2], BackendOptions(), got[t]))
        ++failures;
    });
  for (std::thread &t : threads)
    t.join();
  ASSERT_EQ(failures, 0);
  EXPECT_TRUE(warnings.empty()) << warnings.front();
  // Each compiler asked its disk cache once per key (the memory caches
  // took the other 12 requests); of those four, two compiled and two found
  // the other compiler's entry.
  EXPECT_EQ(first.stats().compiles + second.stats().compiles, 4u);
  EXPECT_EQ(first.diskHits() + second.diskHits(), 2u);
  std::vector<DiskCache::Entry> entries;
  ASSERT_TRUE(disk.list(entries).ok());
  ASSERT_EQ(entries.size(), 2u);
  for (const DiskCache::Entry &e : entries)
    EXPECT_EQ(e.problem, "") << e.hash;

  Context context(2);
  for (int t = 0; t < kThreads; ++t) {
    const CanonicalLayer &l = layers[(t / 2) % 2];
    SCOPED_TRACE("thread " + std::to_string(t) + ": " + l.str());
    LayerBuffers m(l, 11);
    ASSERT_TRUE(
        got[t]->run(context, m.input(), m.weight(), m.bias(), m.output()).ok());
    std::vector<float> want = reference::convTranspose(l, m.x, m.w, &m.b);
    ASSERT_EQ(m.y.size(), want.size());
    for (size_t i = 0; i < want.size(); ++i)
      ASSERT_NEAR(m.y[i], want[i], 1e-4 * std::max(1.f, std::fabs(want[i])))
          << "element " << i;
  }
}

// glibc's dlopen finds a loaded object by the name it was opened under
// before it looks at the file: two entries loaded one after the other
// through /proc/self/fd/N with the same N must still be two kernels.
TEST(JitTest, EntriesLoadedOneAfterAnotherAreDifferentKernels) {
  TempDir tmp;
  DiskCache disk(tmp.path + "/cache");
  std::vector<std::string> warnings;
  disk.setWarningHandler([&](const std::string &w) { warnings.push_back(w); });
  const CanonicalLayer layers[3] = {layer(2, 3), layer(3, 4), layer(1, 2)};
  {
    JitCompiler filler(&disk);
    for (const CanonicalLayer &l : layers) {
      std::shared_ptr<Kernel> k;
      ASSERT_TRUE(filler.getKernel(l, BackendOptions(), k).ok());
    }
  }
  JitCompiler reader(&disk);
  std::vector<std::shared_ptr<Kernel>> kernels;
  for (const CanonicalLayer &l : layers) {
    std::shared_ptr<Kernel> k;
    ASSERT_TRUE(reader.getKernel(l, BackendOptions(), k).ok());
    EXPECT_EQ(k->layer().str(), l.str());
    kernels.push_back(k);
  }
  EXPECT_EQ(reader.diskHits(), 3u);
  EXPECT_EQ(warnings.size(), 0u) << warnings.front();
}
