//===- RuntimeTest.cpp - The C API, in a process that links only it ------===//
//
// This binary links libconvt_runtime.so, GoogleTest and a kernel's static
// library compiled ahead of time at build time (as an application ships
// it): no MLIR, LLVM or libHalide. Expected outputs come from PyTorch
// (make_data.py).
//
//===----------------------------------------------------------------------===//

#include "convt/convt.h"
#include "convt/convt.hpp"
#include "tests/runtime/RuntimeData.h"
#include "torch3d_ex1.h"

#include <gtest/gtest.h>

#include <cmath>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <iterator>
#include <string>
#include <thread>
#include <vector>

using namespace convt::testing;

namespace {

/// A layer's data from make_data.py, with tensors over it.
struct Data {
  std::vector<float> x, w, b, want, y;
  convt_tensor_t input, weight, bias, output;
  bool hasBias;
  Data(const std::string &name, const convt::rt::Kernel &k)
      : x(readFloats(name, "input")), w(readFloats(name, "weight")),
        want(readFloats(name, "output")), y(want.size(), -7.f) {
    hasBias = !k.shape(CONVT_BIAS).empty();
    if (hasBias)
      b = readFloats(name, "bias");
    input = convt::rt::tensor(x.data(), k.shape(CONVT_INPUT));
    weight = convt::rt::tensor(w.data(), k.shape(CONVT_WEIGHT));
    bias = convt::rt::tensor(b.data(), k.shape(CONVT_BIAS));
    output = convt::rt::tensor(y.data(), k.shape(CONVT_OUTPUT));
  }
  void expectMatches(const std::vector<float> &got) const {
    ASSERT_EQ(got.size(), want.size());
    for (size_t i = 0; i < want.size(); ++i)
      ASSERT_NEAR(got[i], want[i], 1e-4 * std::max(1.f, std::fabs(want[i])))
          << "element " << i;
  }
};

TEST(RuntimeTest, LoadsASharedKernelAndMatchesPyTorch) {
  convt::rt::Context ctx(2);
  ASSERT_TRUE(ctx.valid()) << ctx.status().message();
  EXPECT_EQ(ctx.threads(), 2);
  convt::rt::Kernel k;
  convt::rt::Status s = k.load(ctx, aotDir() + "/upsample_bias.so");
  ASSERT_TRUE(s.ok()) << s.message();
  // The kernel describes itself.
  EXPECT_EQ(k.metadata("abi"), std::to_string(CONVT_KERNEL_ABI_VERSION));
  EXPECT_EQ(k.metadata("name"), "upsample_bias");
  EXPECT_EQ(k.metadata("threads"), "2");
  EXPECT_EQ(k.metadata("layer"),
            "rank=2 N=2 Cin=16 Cout=32 groups=2 in=8x8 k=4x4 s=2x2 d=1x1 "
            "pb=1x1 pe=1x1 post=0x0 bias=1 dtype=float32");
  EXPECT_EQ(k.metadata("entry").rfind("convt_", 0), 0u);
  EXPECT_EQ(k.metadata("compiler").rfind("convt-", 0), 0u);
  EXPECT_NE(k.metadata("target").find("user_context"), std::string::npos);
  EXPECT_EQ(k.metadata("no_such_field"), "");
  EXPECT_EQ(k.shape(CONVT_OUTPUT), (std::vector<int64_t>{2, 32, 16, 16}));
  EXPECT_EQ(k.shape(CONVT_WEIGHT), (std::vector<int64_t>{16, 16, 4, 4}));
  EXPECT_EQ(k.shape(CONVT_BIAS), (std::vector<int64_t>{32}));

  Data d("upsample_bias", k);
  convt::rt::Weights w;
  s = w.pack(ctx, k, d.weight);
  ASSERT_TRUE(s.ok()) << s.message();
  s = k.run(ctx, d.input, w, &d.bias, d.output);
  ASSERT_TRUE(s.ok()) << s.message();
  d.expectMatches(d.y);
}

/// Raw little-endian 16-bit values (bfloat16 bit patterns).
std::vector<uint16_t> readHalves(const std::string &name, const char *role) {
  std::string path = env("CONVT_TEST_DATA") + "/" + name + "." + role + ".bin";
  std::ifstream in(path, std::ios::binary | std::ios::ate);
  EXPECT_TRUE(in) << "cannot read " << path;
  std::vector<uint16_t> v(static_cast<size_t>(in.tellg()) / 2);
  in.seekg(0);
  in.read(reinterpret_cast<char *>(v.data()),
          static_cast<std::streamsize>(v.size() * 2));
  return v;
}

float widen(uint16_t h) {
  uint32_t u = static_cast<uint32_t>(h) << 16;
  float f;
  std::memcpy(&f, &u, 4);
  return f;
}

// A bfloat16 kernel with channels-last input and output through the C API:
// shapes in the layout, bfloat16 tensors, results within one unit in
// bfloat16's last place of the definition (float64 on the same values,
// rounded once).
TEST(RuntimeTest, BFloat16ChannelsLastKernel) {
  convt::rt::Context ctx(2);
  convt::rt::Kernel k;
  convt::rt::Status s = k.load(ctx, aotDir() + "/upsample_bf16_nhwc.so");
  ASSERT_TRUE(s.ok()) << s.message();
  EXPECT_EQ(k.metadata("layer"),
            "rank=2 N=2 Cin=16 Cout=32 groups=2 in=8x8 k=4x4 s=2x2 d=1x1 "
            "pb=1x1 pe=1x1 post=0x0 bias=1 dtype=bfloat16 format=NHWC");
  EXPECT_EQ(k.shape(CONVT_INPUT), (std::vector<int64_t>{2, 8, 8, 16}));
  EXPECT_EQ(k.shape(CONVT_OUTPUT), (std::vector<int64_t>{2, 16, 16, 32}));
  const std::string name = "upsample_bf16_nhwc";
  std::vector<uint16_t> x = readHalves(name, "input"),
                        w = readHalves(name, "weight"),
                        b = readHalves(name, "bias"),
                        want = readHalves(name, "output");
  std::vector<uint16_t> y(want.size(), 0x7fc0);
  convt_tensor_t tx = convt::rt::tensorBFloat16(x.data(), k.shape(CONVT_INPUT));
  convt_tensor_t tw =
      convt::rt::tensorBFloat16(w.data(), k.shape(CONVT_WEIGHT));
  convt_tensor_t tb = convt::rt::tensorBFloat16(b.data(), k.shape(CONVT_BIAS));
  convt_tensor_t ty =
      convt::rt::tensorBFloat16(y.data(), k.shape(CONVT_OUTPUT));
  convt::rt::Weights packed;
  s = packed.pack(ctx, k, tw);
  ASSERT_TRUE(s.ok()) << s.message();
  s = k.run(ctx, tx, packed, &tb, ty);
  ASSERT_TRUE(s.ok()) << s.message();
  for (size_t i = 0; i < want.size(); ++i)
    ASSERT_NEAR(widen(y[i]), widen(want[i]),
                std::max(0.05f, std::fabs(widen(want[i]))) / 128)
        << "element " << i;
  // float32 tensors are refused, with the reason.
  std::vector<float> xf(x.size());
  convt_tensor_t wrong = convt::rt::tensor(xf.data(), k.shape(CONVT_INPUT));
  EXPECT_EQ(k.run(ctx, wrong, packed, &tb, ty).message(),
            "input is float32, the layer's tensors are bfloat16");
}

// TensorFlow's layouts through the C API: NHWC data and the weight
// [kh, kw, C_out, C_in], packed from that layout; PyTorch's numbers.
TEST(RuntimeTest, TensorFlowLayoutsKernel) {
  convt::rt::Context ctx(2);
  convt::rt::Kernel k;
  convt::rt::Status s = k.load(ctx, aotDir() + "/upsample_hwoi.so");
  ASSERT_TRUE(s.ok()) << s.message();
  EXPECT_EQ(k.metadata("layer"),
            "rank=2 N=2 Cin=8 Cout=12 groups=1 in=6x7 k=4x3 s=2x2 d=1x1 "
            "pb=1x1 pe=1x1 post=0x0 bias=1 dtype=float32 format=NHWC "
            "weights=HWOI");
  EXPECT_EQ(k.shape(CONVT_WEIGHT), (std::vector<int64_t>{4, 3, 12, 8}));
  EXPECT_EQ(k.shape(CONVT_OUTPUT), (std::vector<int64_t>{2, 12, 13, 12}));
  const std::string name = "upsample_hwoi";
  std::vector<float> x = readFloats(name, "input"),
                     w = readFloats(name, "weight"),
                     b = readFloats(name, "bias"),
                     want = readFloats(name, "output");
  std::vector<float> y(want.size());
  convt_tensor_t tx = convt::rt::tensor(x.data(), k.shape(CONVT_INPUT));
  convt_tensor_t tw = convt::rt::tensor(w.data(), k.shape(CONVT_WEIGHT));
  convt_tensor_t tb = convt::rt::tensor(b.data(), k.shape(CONVT_BIAS));
  convt_tensor_t ty = convt::rt::tensor(y.data(), k.shape(CONVT_OUTPUT));
  convt::rt::Weights packed;
  s = packed.pack(ctx, k, tw);
  ASSERT_TRUE(s.ok()) << s.message();
  s = k.run(ctx, tx, packed, &tb, ty);
  ASSERT_TRUE(s.ok()) << s.message();
  for (size_t i = 0; i < want.size(); ++i)
    ASSERT_NEAR(y[i], want[i], 1e-4 * std::max(1.f, std::fabs(want[i])))
        << "element " << i;
  // The weight in PyTorch's layout is refused by its shape.
  convt_tensor_t iohw = convt::rt::tensor(w.data(), {8, 12, 4, 3});
  convt::rt::Weights wrong;
  EXPECT_FALSE(wrong.pack(ctx, k, iohw).ok());
}

TEST(RuntimeTest, LinkedKernelMatchesPyTorch) {
  convt::rt::Context ctx;
  convt_kernel_t *raw = nullptr;
  convt::rt::Status s(convt_load_torch3d_ex1(ctx.get(), &raw));
  ASSERT_TRUE(s.ok()) << s.message();
  const char *name = nullptr;
  convt::rt::Status f(convt_kernel_metadata_field(raw, "name", &name));
  ASSERT_TRUE(f.ok());
  EXPECT_STREQ(name, "torch3d_ex1");
  int64_t dims[CONVT_MAX_RANK];
  int rank = 0;
  convt::rt::Status sh(convt_kernel_shape(raw, CONVT_OUTPUT, dims, &rank));
  ASSERT_EQ(rank, 5);
  EXPECT_EQ(std::vector<int64_t>(dims, dims + rank),
            (std::vector<int64_t>{1, 32, 12, 27, 48}));

  std::vector<float> x = readFloats("torch3d_ex1", "input");
  std::vector<float> w = readFloats("torch3d_ex1", "weight");
  std::vector<float> want = readFloats("torch3d_ex1", "output");
  std::vector<float> y(want.size());
  convt_tensor_t in = convt::rt::tensor(x.data(), {1, 3, 4, 9, 16});
  convt_tensor_t wt = convt::rt::tensor(w.data(), {3, 32, 5, 5, 5});
  convt_tensor_t out = convt::rt::tensor(y.data(), {1, 32, 12, 27, 48});
  convt_weights_t *packed = nullptr;
  convt::rt::Status p(convt_weights_pack(ctx.get(), raw, &wt, &packed));
  ASSERT_TRUE(p.ok()) << p.message();
  convt::rt::Status r(
      convt_kernel_run(ctx.get(), raw, &in, packed, nullptr, &out));
  ASSERT_TRUE(r.ok()) << r.message();
  for (size_t i = 0; i < want.size(); ++i)
    ASSERT_NEAR(y[i], want[i], 1e-4 * std::max(1.f, std::fabs(want[i])))
        << "element " << i;
  convt_weights_release(packed);
  convt_kernel_release(raw);
}

// One context, one kernel, one set of packed weights, 16 threads calling at
// once: every result equals the one computed alone.
TEST(RuntimeTest, SixteenThreadsRunOneKernelAtOnce) {
  convt::rt::Context ctx(2);
  convt::rt::Kernel k;
  ASSERT_TRUE(k.load(ctx, aotDir() + "/upsample_bias.so").ok());
  Data d("upsample_bias", k);
  convt::rt::Weights w;
  ASSERT_TRUE(w.pack(ctx, k, d.weight).ok());
  ASSERT_TRUE(k.run(ctx, d.input, w, &d.bias, d.output).ok());
  d.expectMatches(d.y);
  constexpr int kThreads = 16, kRuns = 20;
  std::vector<std::vector<float>> outs(kThreads,
                                       std::vector<float>(d.y.size()));
  std::vector<int> failures(kThreads, 0), mismatches(kThreads, 0);
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t)
    threads.emplace_back([&, t] {
      convt_tensor_t out = d.output;
      out.data = outs[t].data();
      for (int r = 0; r < kRuns; ++r) {
        std::fill(outs[t].begin(), outs[t].end(), 0.f);
        convt::rt::Status s = k.run(ctx, d.input, w, &d.bias, out);
        failures[t] += !s.ok();
        mismatches[t] += outs[t] != d.y;
      }
    });
  for (std::thread &t : threads)
    t.join();
  for (int t = 0; t < kThreads; ++t) {
    EXPECT_EQ(failures[t], 0) << "thread " << t;
    EXPECT_EQ(mismatches[t], 0) << "thread " << t;
  }
}

TEST(RuntimeTest, ChecksEveryBufferBeforeRunning) {
  convt::rt::Context ctx(1);
  convt::rt::Kernel k;
  ASSERT_TRUE(k.load(ctx, aotDir() + "/upsample_bias.so").ok());
  Data d("upsample_bias", k);
  convt::rt::Weights w;
  ASSERT_TRUE(w.pack(ctx, k, d.weight).ok());
  auto expectRejected = [&](const convt_tensor_t &in, const convt_tensor_t *b,
                            const convt_tensor_t &out,
                            const std::string &message) {
    std::fill(d.y.begin(), d.y.end(), -7.f);
    convt::rt::Status s = k.run(ctx, in, w, b, out);
    EXPECT_EQ(s.code(), CONVT_INVALID_ARGUMENT);
    EXPECT_EQ(s.message(), message);
    for (float v : d.y)
      ASSERT_EQ(v, -7.f) << "the output was written";
  };
  convt_tensor_t bad = d.input;
  bad.shape[3] = 9;
  expectRejected(bad, &d.bias, d.output,
                 "input has shape [2, 16, 8, 9], the layer expects "
                 "[2, 16, 8, 8]");
  bad = d.input;
  bad.element_type = CONVT_BFLOAT16;
  expectRejected(bad, &d.bias, d.output,
                 "input is bfloat16, the layer's tensors are float32");
  bad = d.output;
  bad.size_bytes -= 4;
  expectRejected(d.input, &d.bias, bad,
                 "output holds 16383 elements, the layer needs 16384");
  expectRejected(d.input, nullptr, d.output,
                 "the layer has a bias but none was given");
  std::vector<float> both(d.x.size() + d.y.size());
  convt_tensor_t in = d.input, out = d.output;
  in.data = both.data();
  out.data = both.data() + 8;
  expectRejected(in, &d.bias, out, "output overlaps an input buffer");
  bad = d.input;
  bad.rank = 9;
  expectRejected(bad, &d.bias, d.output,
                 "input has rank 9, at most 5 is possible");
  convt::rt::Status s(convt_kernel_run(ctx.get(), k.get(), &d.input, nullptr,
                                       &d.bias, &d.output));
  EXPECT_EQ(s.code(), CONVT_INVALID_ARGUMENT);
  EXPECT_EQ(s.message(), "context, kernel and weights must not be NULL");
}

TEST(RuntimeTest, RefusesKernelsThisMachineCannotRun) {
  convt::rt::Context ctx(1);
  convt::rt::Kernel k;
  convt::rt::Status s = k.load(ctx, aotDir() + "/arm/upsample_bias.so");
  EXPECT_EQ(s.code(), CONVT_INCOMPATIBLE) << s.message();
  EXPECT_NE(s.message().find("compiled for AArch64, this machine is x86-64"),
            std::string::npos)
      << s.message();
  // AVX-512 ER/PF (Knights Landing) exist on no CPU this runs on.
  s = k.load(ctx, aotDir() + "/knl/upsample_bias.so");
  EXPECT_EQ(s.code(), CONVT_INCOMPATIBLE) << s.message();
  EXPECT_NE(s.message().find("needs CPU features this machine lacks: "
                             "avx512_knl"),
            std::string::npos)
      << s.message();
  // The same kernel claiming another ABI version (one byte of its metadata
  // changed) is refused before it runs.
  {
    std::ifstream in(aotDir() + "/upsample_bias.so", std::ios::binary);
    std::string bytes((std::istreambuf_iterator<char>(in)),
                      std::istreambuf_iterator<char>());
    size_t at = bytes.find("\nabi=1\n");
    ASSERT_NE(at, std::string::npos);
    bytes[at + 5] = '7';
    std::string path = env("CONVT_TEST_DATA") + "/abi7.so";
    std::ofstream(path, std::ios::binary) << bytes;
    s = k.load(ctx, path);
    EXPECT_EQ(s.code(), CONVT_INCOMPATIBLE) << s.message();
    EXPECT_NE(s.message().find("the kernel has ABI version 7, this runtime "
                               "loads version 1"),
              std::string::npos)
        << s.message();
  }
  s = k.load(ctx, aotDir() + "/no-such-kernel.so");
  EXPECT_EQ(s.code(), CONVT_NOT_FOUND) << s.message();
  s = k.load(ctx, env("CONVT_RUNTIME_LIBRARY"));
  EXPECT_EQ(s.code(), CONVT_INCOMPATIBLE) << s.message();
  EXPECT_NE(s.message().find("not a kernel compiled by convt"),
            std::string::npos)
      << s.message();
}

// A kernel another process (convtc) compiled into the disk cache, loaded by
// its key alone.
TEST(RuntimeTest, LoadsAKernelFromTheDiskCache) {
  convt::rt::Context ctx(2);
  convt::rt::Kernel aot;
  ASSERT_TRUE(aot.load(ctx, aotDir() + "/upsample_bias.so").ok());
  std::string key = aot.metadata("key");
  std::string cache = env("CONVT_TEST_CACHE");
  convt_kernel_t *raw = nullptr;
  convt::rt::Status s(
      convt_kernel_load_cached(ctx.get(), cache.c_str(), key.c_str(), &raw));
  ASSERT_TRUE(s.ok()) << s.message();
  const char *name = nullptr;
  convt::rt::Status f(convt_kernel_metadata_field(raw, "key", &name));
  EXPECT_EQ(key, name);
  convt_kernel_release(raw);
  std::string other(32, '0');
  convt::rt::Status missing(
      convt_kernel_load_cached(ctx.get(), cache.c_str(), other.c_str(), &raw));
  EXPECT_EQ(missing.code(), CONVT_NOT_FOUND);
  EXPECT_EQ(missing.message(), "no kernel " + other + " in the cache " + cache);
  convt::rt::Status bad(
      convt_kernel_load_cached(ctx.get(), cache.c_str(), "../x", &raw));
  EXPECT_EQ(bad.code(), CONVT_INVALID_ARGUMENT);
}

TEST(RuntimeTest, StatusesAndContexts) {
  EXPECT_EQ(convt_status_code(nullptr), CONVT_OK);
  EXPECT_STREQ(convt_status_message(nullptr), "");
  convt_status_free(nullptr);
  convt_context_t *c = nullptr;
  convt_context_options_t bad{-1};
  convt::rt::Status s(convt_context_create(&bad, &c));
  EXPECT_EQ(s.code(), CONVT_INVALID_ARGUMENT);
  EXPECT_EQ(c, nullptr);
  convt::rt::Context one(1), three(3);
  EXPECT_EQ(one.threads(), 1);
  EXPECT_EQ(three.threads(), 3);
  convt_kernel_t *k = nullptr;
  convt::rt::Status n(convt_kernel_load(one.get(), nullptr, &k));
  EXPECT_EQ(n.code(), CONVT_INVALID_ARGUMENT);
  EXPECT_EQ(n.message(), "path must not be NULL");
}

} // namespace
