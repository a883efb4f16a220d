//===- convt-runner.cpp - Runs a compiled kernel, linking only the runtime
//-===//
//
//   convt-runner KERNEL.so run X.npy W.npy [B.npy] OUT.npy [--check Y.npy]
//   convt-runner KERNEL.so bench SECONDS [--json NAME]
//   convt-runner --device-name cuda|opencl
//
// What `convtc run` and `convtc bench` start for a GPU target: the kernel
// runs in this process, which links libconvt_runtime and nothing of
// Halide's compiler or LLVM. PoCL (OpenCL on the CPU) links LLVM 15, and
// in one process with Halide's LLVM 14 the first kernel build crashes on
// their clashing symbols. `run` writes the output; with --check it also
// compares it with an expected one (1e-4 relative for float32, one unit in
// the last place for float16 and bfloat16, as the conformance tests), exit
// status 3 on a mismatch. 16-bit layers read .npy files of any float type
// (rounded to the layer's), and write float16 results as float16, bfloat16
// ones as the float32 values they are (as `convtc run`). `bench` times calls on
// random data: a GPU kernel's on device tensors (the data stays on the
// device, as a model's activations do; batches of 10 calls between
// synchronisations), a CPU kernel's on host tensors.
//
//===----------------------------------------------------------------------===//

#include "runtime/BFloat16.h"
#include "runtime/Context.h"
#include "runtime/DeviceTensor.h"
#include "runtime/Float16.h"
#include "runtime/Kernel.h"
#include "runtime/Npy.h"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <random>
#include <string>
#include <vector>

using namespace convt;

namespace {

int fail(const std::string &message) {
  std::fprintf(stderr, "error: %s\n", message.c_str());
  return 1;
}

int usage() {
  std::fprintf(stderr,
               "usage: convt-runner KERNEL.so run X.npy W.npy [B.npy] OUT.npy "
               "[--check Y.npy]\n"
               "       convt-runner KERNEL.so bench SECONDS [--json NAME]\n"
               "       convt-runner --device-name cuda|opencl\n");
  return 2;
}

Status readAs(const std::string &path, const char *what,
              const std::vector<int64_t> &shape, std::vector<float> &out) {
  NpyArray a;
  if (Status s = readNpy(path, a); !s)
    return s;
  if (a.shape != shape)
    return Status::error(path + ": " + what + " of shape " +
                         formatShape(a.shape) + ", the kernel's is " +
                         formatShape(shape));
  out = std::move(a.data);
  return Status::success();
}

/// A tensor's values in a layer's element type: float32, or the bit
/// patterns of float16 or bfloat16.
struct Values {
  ElementType type = ElementType::Float32;
  std::vector<float> wide;
  std::vector<uint16_t> narrow;

  Values(ElementType type, std::vector<float> v) : type(type) {
    if (type == ElementType::Float32) {
      wide = std::move(v);
      return;
    }
    narrow.resize(v.size());
    for (size_t i = 0; i < v.size(); ++i)
      narrow[i] =
          type == ElementType::Float16 ? toFloat16(v[i]) : toBFloat16(v[i]);
  }
  TensorRef ref(const std::vector<int64_t> &shape) {
    if (type == ElementType::Float32)
      return TensorRef{wide.data(), shape, wide.size(), type};
    return TensorRef{narrow.data(), shape, narrow.size(), type};
  }
  /// The values as float32 (exact: both 16-bit types widen exactly).
  std::vector<float> widened() const {
    if (type == ElementType::Float32)
      return wide;
    std::vector<float> v(narrow.size());
    for (size_t i = 0; i < v.size(); ++i)
      v[i] = type == ElementType::Float16 ? fromFloat16(narrow[i])
                                          : fromBFloat16(narrow[i]);
    return v;
  }
};

/// Compares `got` with `want` as the conformance tests do (`ulp`: the
/// relative tolerance of the type); "" when equal.
std::string compare(const std::vector<float> &got,
                    const std::vector<float> &want, double ulp) {
  for (size_t i = 0; i < want.size(); ++i) {
    const double w = want[i], g = got[i];
    if (!std::isfinite(w) || !std::isfinite(g)) {
      if (std::isnan(w) ? std::isnan(g) : g == w)
        continue;
    } else if (std::fabs(g - w) <= ulp * std::max(1.0, std::fabs(w))) {
      continue;
    }
    return "element " + std::to_string(i) + ": got " + std::to_string(g) +
           ", expected " + std::to_string(w);
  }
  return "";
}

int runCommand(Kernel &kernel, Context &context, int argc, char **argv) {
  const CanonicalLayer &l = kernel.layer();
  std::vector<std::string> files;
  std::string check;
  for (int i = 0; i < argc; ++i) {
    if (std::strcmp(argv[i], "--check") == 0 && i + 1 < argc)
      check = argv[++i];
    else
      files.push_back(argv[i]);
  }
  if (files.size() != (l.hasBias ? 4u : 3u))
    return usage();
  const ElementType type = l.elementType;
  std::vector<float> x, w, b;
  if (Status s = readAs(files[0], "input", l.inputShape(), x); !s)
    return fail(s.message());
  if (Status s = readAs(files[1], "weight", l.weightShape(), w); !s)
    return fail(s.message());
  if (l.hasBias)
    if (Status s = readAs(files[2], "bias", l.biasShape(), b); !s)
      return fail(s.message());
  Values xv(type, std::move(x)), wv(type, std::move(w)), bv(type, std::move(b));
  Values yv(type, std::vector<float>(numElements(l.outputShape())));
  TensorRef bias = bv.ref(l.biasShape());
  if (Status s =
          kernel.run(context, xv.ref(l.inputShape()), wv.ref(l.weightShape()),
                     l.hasBias ? &bias : nullptr, yv.ref(l.outputShape()));
      !s)
    return fail(s.message());
  const std::vector<float> y = yv.widened();
  Status written =
      type == ElementType::Float16
          ? writeNpy16(files.back(), l.outputShape(), yv.narrow.data())
          : writeNpy(files.back(), l.outputShape(), y.data());
  if (!written)
    return fail(written.message());
  if (check.empty())
    return 0;
  std::vector<float> want;
  if (Status s = readAs(check, "expected output", l.outputShape(), want); !s)
    return fail(s.message());
  const double ulp = type == ElementType::Float32   ? 1e-4
                     : type == ElementType::Float16 ? 0x1p-10
                                                    : 0x1p-7;
  std::string diff = compare(y, want, ulp);
  if (diff.empty())
    return 0;
  std::fprintf(stderr, "mismatch: %s (%s)\n", diff.c_str(), l.str().c_str());
  return 3;
}

double percentile(std::vector<double> v, double q) {
  std::sort(v.begin(), v.end());
  return v[std::min(v.size() - 1, static_cast<size_t>(q * v.size()))];
}

int benchCommand(Kernel &kernel, Context &context, int argc, char **argv) {
  if (argc < 1)
    return usage();
  const double seconds = std::atof(argv[0]);
  const bool json = argc > 2 && std::strcmp(argv[1], "--json") == 0;
  const std::string name = json ? argv[2] : "";
  for (char c : name)
    if (c == '"' || c == '\\' || static_cast<unsigned char>(c) < 0x20)
      return fail("a JSON name has no quotes, backslashes or controls");
  const CanonicalLayer &l = kernel.layer();
  std::mt19937 rng(1);
  std::uniform_real_distribution<float> dist(-1.f, 1.f);
  auto random = [&](const std::vector<int64_t> &shape) {
    std::vector<float> v(static_cast<size_t>(numElements(shape)));
    for (float &f : v)
      f = dist(rng);
    return v;
  };
  const ElementType type = l.elementType;
  Values x(type, random(l.inputShape())), w(type, random(l.weightShape())),
      b(type, random(l.biasShape())),
      y(type, std::vector<float>(numElements(l.outputShape())));
  PackedWeights packed;
  if (Status s = kernel.packWeights(context, w.ref(l.weightShape()), packed);
      !s)
    return fail(s.message());
  TensorRef in = x.ref(l.inputShape()), out = y.ref(l.outputShape()),
            bias = b.ref(l.biasShape());
  using Clock = std::chrono::steady_clock;
  // A GPU kernel: device tensors written once; each timed sample is a
  // batch of calls and one synchronisation, divided by the batch.
  const bool gpu = !kernel.device().empty();
  const int batch = gpu ? 10 : 1;
  std::unique_ptr<DeviceTensor> dIn, dBias, dOut;
  if (gpu) {
    Status s = DeviceTensor::create(kernel.device(), l.elementType,
                                    l.inputShape(), l.channelsLast, dIn);
    if (s)
      s = DeviceTensor::create(kernel.device(), l.elementType, l.outputShape(),
                               l.channelsLast, dOut);
    if (s && l.hasBias)
      s = DeviceTensor::create(kernel.device(), l.elementType, l.biasShape(),
                               false, dBias);
    if (s)
      s = dIn->write(in);
    if (s && l.hasBias)
      s = dBias->write(bias);
    if (!s)
      return fail(s.message());
  }
  auto call = [&]() -> Status {
    if (!gpu)
      return kernel.run(context, in, packed, l.hasBias ? &bias : nullptr, out);
    for (int i = 0; i < batch; ++i)
      if (Status s =
              kernel.runDevice(context, *dIn, packed, dBias.get(), *dOut);
          !s)
        return s;
    return synchronizeDevices();
  };
  auto t0 = Clock::now();
  // The first call (a GPU's builds its kernels: the driver compiles PTX,
  // PoCL compiles OpenCL C).
  Status first =
      gpu ? kernel.runDevice(context, *dIn, packed, dBias.get(), *dOut)
          : call();
  if (first && gpu)
    first = synchronizeDevices();
  if (!first)
    return fail(first.message());
  const double firstMs =
      std::chrono::duration<double, std::milli>(Clock::now() - t0).count();
  std::vector<double> ms;
  auto start = Clock::now();
  while (
      ms.size() < 3 ||
      (std::chrono::duration<double>(Clock::now() - start).count() < seconds &&
       ms.size() < 10000)) {
    auto t = Clock::now();
    if (Status s = call(); !s)
      return fail(s.message());
    ms.push_back(
        std::chrono::duration<double, std::milli>(Clock::now() - t).count() /
        batch);
  }
  if (gpu) // what the device computed, checked against the host path
    if (Status s = dOut->read(out); !s)
      return fail(s.message());
  const double minMs = percentile(ms, 0), medianMs = percentile(ms, 0.5);
  std::string device = "cpu";
  if (gpu)
    if (Status s = deviceName(kernel.device(), device); !s)
      return fail(s.message());
  for (char &c : device) // JSON-safe
    if (c == '"' || c == '\\' || static_cast<unsigned char>(c) < 0x20)
      c = ' ';
  const double gflops = static_cast<double>(l.usefulFlops()) / (minMs * 1e6);
  if (json)
    std::printf("{\"name\": \"%s\", \"device\": \"%s\", \"device_name\": "
                "\"%s\", \"ms_min\": %.6f, "
                "\"ms_median\": %.6f, \"first_call_ms\": %.3f, \"gflops\": "
                "%.3f, \"runs\": %zu, \"data\": \"%s\"}\n",
                name.c_str(),
                kernel.device().empty() ? "cpu" : kernel.device().c_str(),
                device.c_str(), minMs, medianMs, firstMs, gflops,
                ms.size() * batch, gpu ? "device" : "host");
  else
    std::printf("  %s: min %.4f ms, median %.4f ms over %zu runs, %.2f "
                "GFLOP/s (useful; tensors in %s memory); first call %.1f "
                "ms\n",
                kernel.device().empty() ? "cpu" : kernel.device().c_str(),
                minMs, medianMs, ms.size() * batch, gflops,
                gpu ? "device" : "host", firstMs);
  return 0;
}

} // namespace

int main(int argc, char **argv) {
  if (argc == 3 && std::strcmp(argv[1], "--device-name") == 0) {
    // The device the API's kernels run on: tuned schedules are stored
    // under its name.
    std::string name;
    if (Status s = deviceName(argv[2], name); !s)
      return fail(s.message());
    std::printf("%s\n", name.c_str());
    return 0;
  }
  if (argc < 3)
    return usage();
  std::shared_ptr<Kernel> kernel;
  if (Status s = Kernel::loadFile(argv[1], kernel); !s)
    return fail(s.message());
  Context context;
  if (std::strcmp(argv[2], "run") == 0)
    return runCommand(*kernel, context, argc - 3, argv + 3);
  if (std::strcmp(argv[2], "bench") == 0)
    return benchCommand(*kernel, context, argc - 3, argv + 3);
  return usage();
}
