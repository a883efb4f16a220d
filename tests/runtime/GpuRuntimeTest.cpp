//===- GpuRuntimeTest.cpp - GPU kernels through the C API, on PoCL --------===//
//
// The upsample layer compiled for OpenCL at build time, run by the runtime
// on PoCL (OpenCL on this CPU) with host tensors and with device tensors,
// against PyTorch's numbers (make_data.py). CI has no GPU: this is the
// path a CUDA kernel takes too, with another device interface.
//
//===----------------------------------------------------------------------===//

#include "convt/convt.h"
#include "convt/convt.hpp"
#include "tests/runtime/RuntimeData.h"

#include <gtest/gtest.h>

#include <cmath>
#include <cstdlib>
#include <fstream>
#include <string>
#include <vector>

using namespace convt::testing;

namespace {

std::vector<float> read(const char *role) {
  return readFloats("upsample_bias", role);
}

void expectMatches(const std::vector<float> &got,
                   const std::vector<float> &want) {
  ASSERT_EQ(got.size(), want.size());
  for (size_t i = 0; i < want.size(); ++i)
    ASSERT_NEAR(got[i], want[i], 1e-4 * std::max(1.f, std::fabs(want[i])))
        << "element " << i;
}

struct OpenClKernel : ::testing::Test {
  convt::rt::Context ctx{2};
  convt::rt::Kernel k;
  std::vector<float> x = read("input"), w = read("weight"), b = read("bias"),
                     want = read("output");
  void SetUp() override {
    convt::rt::Status s = k.load(ctx, aotDir() + "/opencl/upsample_bias.so");
    ASSERT_TRUE(s.ok()) << s.message();
  }
};

TEST_F(OpenClKernel, DescribesItsDevice) {
  EXPECT_STREQ(convt_kernel_device(k.get()), "opencl");
  EXPECT_NE(k.metadata("target").find("opencl"), std::string::npos);
  EXPECT_EQ(k.metadata("schedule").rfind("gpu(", 0), 0u);
}

// Host tensors: the call copies to the device and back.
TEST_F(OpenClKernel, RunsOnHostTensors) {
  std::vector<float> y(want.size(), -7.f);
  convt_tensor_t in = convt::rt::tensor(x.data(), k.shape(CONVT_INPUT));
  convt_tensor_t wt = convt::rt::tensor(w.data(), k.shape(CONVT_WEIGHT));
  convt_tensor_t bi = convt::rt::tensor(b.data(), k.shape(CONVT_BIAS));
  convt_tensor_t out = convt::rt::tensor(y.data(), k.shape(CONVT_OUTPUT));
  convt::rt::Weights packed;
  convt::rt::Status s = packed.pack(ctx, k, wt);
  ASSERT_TRUE(s.ok()) << s.message();
  for (int call = 0; call < 2; ++call) { // device allocations reused
    s = k.run(ctx, in, packed, &bi, out);
    ASSERT_TRUE(s.ok()) << s.message();
    expectMatches(y, want);
  }
}

// Device tensors: written once, run twice, read back after synchronising.
TEST_F(OpenClKernel, RunsOnDeviceTensors) {
  convt_device_tensor_t *in = nullptr, *bias = nullptr, *out = nullptr;
  auto ok = [](convt_status_t s) {
    convt::rt::Status st(s);
    EXPECT_TRUE(st.ok()) << st.message();
    return st.ok();
  };
  ASSERT_TRUE(ok(convt_device_tensor_create(k.get(), CONVT_INPUT, &in)));
  ASSERT_TRUE(ok(convt_device_tensor_create(k.get(), CONVT_BIAS, &bias)));
  ASSERT_TRUE(ok(convt_device_tensor_create(k.get(), CONVT_OUTPUT, &out)));
  convt_tensor_t hx = convt::rt::tensor(x.data(), k.shape(CONVT_INPUT));
  convt_tensor_t hb = convt::rt::tensor(b.data(), k.shape(CONVT_BIAS));
  convt_tensor_t hw = convt::rt::tensor(w.data(), k.shape(CONVT_WEIGHT));
  ASSERT_TRUE(ok(convt_device_tensor_write(in, &hx)));
  ASSERT_TRUE(ok(convt_device_tensor_write(bias, &hb)));
  convt::rt::Weights packed;
  ASSERT_TRUE(packed.pack(ctx, k, hw).ok());
  for (int call = 0; call < 2; ++call)
    ASSERT_TRUE(ok(convt_kernel_run_device(ctx.get(), k.get(), in, packed.get(),
                                           bias, out)));
  ASSERT_TRUE(ok(convt_context_synchronize(ctx.get())));
  std::vector<float> y(want.size(), -7.f);
  convt_tensor_t hy = convt::rt::tensor(y.data(), k.shape(CONVT_OUTPUT));
  ASSERT_TRUE(ok(convt_device_tensor_read(out, &hy)));
  expectMatches(y, want);

  // Wrong shapes and roles are refused with a reason.
  convt::rt::Status s(convt_device_tensor_write(out, &hx));
  EXPECT_EQ(s.code(), CONVT_INVALID_ARGUMENT);
  EXPECT_NE(s.message().find("is not the device tensor's"), std::string::npos)
      << s.message();
  s = convt::rt::Status(
      convt_kernel_run_device(ctx.get(), k.get(), out, packed.get(), bias, in));
  EXPECT_EQ(s.code(), CONVT_INVALID_ARGUMENT);
  EXPECT_NE(s.message().find("the kernel takes a opencl tensor of shape"),
            std::string::npos)
      << s.message();
  convt_device_tensor_t *weight = nullptr;
  s = convt::rt::Status(
      convt_device_tensor_create(k.get(), CONVT_WEIGHT, &weight));
  EXPECT_EQ(s.code(), CONVT_INVALID_ARGUMENT);
  // The device in use cannot change under it.
  s = convt::rt::Status(convt_gpu_select_device(1));
  EXPECT_EQ(s.code(), CONVT_INVALID_ARGUMENT);
  EXPECT_TRUE(convt::rt::Status(convt_gpu_select_device(0)).ok());
  convt_device_tensor_release(in);
  convt_device_tensor_release(bias);
  convt_device_tensor_release(out);
}

// The same through the C++ wrapper (convt.hpp).
TEST_F(OpenClKernel, RunsOnDeviceTensorsFromCpp) {
  convt::rt::DeviceTensor in, bias, out;
  ASSERT_TRUE(in.create(k, CONVT_INPUT).ok());
  ASSERT_TRUE(bias.create(k, CONVT_BIAS).ok());
  ASSERT_TRUE(out.create(k, CONVT_OUTPUT).ok());
  ASSERT_TRUE(in.write(convt::rt::tensor(x.data(), k.shape(CONVT_INPUT))).ok());
  ASSERT_TRUE(
      bias.write(convt::rt::tensor(b.data(), k.shape(CONVT_BIAS))).ok());
  convt::rt::Weights packed;
  ASSERT_TRUE(
      packed.pack(ctx, k, convt::rt::tensor(w.data(), k.shape(CONVT_WEIGHT)))
          .ok());
  convt::rt::Status s = convt::rt::runDevice(ctx, k, in, packed, &bias, out);
  ASSERT_TRUE(s.ok()) << s.message();
  ASSERT_TRUE(convt::rt::synchronize(ctx).ok());
  std::vector<float> y(want.size(), -7.f);
  ASSERT_TRUE(
      out.read(convt::rt::tensor(y.data(), k.shape(CONVT_OUTPUT))).ok());
  expectMatches(y, want);
}

// A CPU kernel has no device tensors.
TEST(GpuRuntimeTest, CpuKernelsRefuseDeviceTensors) {
  convt::rt::Context ctx(2);
  convt::rt::Kernel k;
  ASSERT_TRUE(k.load(ctx, aotDir() + "/upsample_bias.so").ok());
  EXPECT_STREQ(convt_kernel_device(k.get()), "");
  convt_device_tensor_t *t = nullptr;
  convt::rt::Status s(convt_device_tensor_create(k.get(), CONVT_INPUT, &t));
  EXPECT_EQ(s.code(), CONVT_INVALID_ARGUMENT);
  EXPECT_NE(s.message().find("device tensors are for GPU kernels"),
            std::string::npos)
      << s.message();
}

} // namespace
