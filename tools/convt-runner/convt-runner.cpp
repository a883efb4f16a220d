//===- convt-runner.cpp - Runs a compiled kernel, linking only the runtime
//-===//
//
//   convt-runner KERNEL.so run X.npy W.npy [B.npy] OUT.npy [--check Y.npy]
//   convt-runner KERNEL.so bench SECONDS [--json NAME]
//
// What `convtc run` and `convtc bench` start for a GPU target: the kernel
// runs in this process, which links libconvt_runtime and nothing of
// Halide's compiler or LLVM. PoCL (OpenCL on the CPU) links LLVM 15, and
// in one process with Halide's LLVM 14 the first kernel build crashes on
// their clashing symbols. `run` writes the output; with --check it also
// compares it with an expected one (float32: 1e-4 relative, as the
// conformance tests), exit status 3 on a mismatch. `bench` times calls on
// random data (inputs copied to the device and the output back, as every
// call of the runtime's host-buffer API does).
//
//===----------------------------------------------------------------------===//

#include "runtime/Context.h"
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
               "       convt-runner KERNEL.so bench SECONDS [--json NAME]\n");
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

TensorRef ref(std::vector<float> &v, const std::vector<int64_t> &shape) {
  return TensorRef{v.data(), shape, v.size(), ElementType::Float32};
}

/// Compares `got` with `want` as the conformance tests do; "" when equal.
std::string compare(const std::vector<float> &got,
                    const std::vector<float> &want) {
  for (size_t i = 0; i < want.size(); ++i) {
    const double w = want[i], g = got[i];
    if (!std::isfinite(w) || !std::isfinite(g)) {
      if (std::isnan(w) ? std::isnan(g) : g == w)
        continue;
    } else if (std::fabs(g - w) <= 1e-4 * std::max(1.0, std::fabs(w))) {
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
  std::vector<float> x, w, b, y(numElements(l.outputShape()));
  if (Status s = readAs(files[0], "input", l.inputShape(), x); !s)
    return fail(s.message());
  if (Status s = readAs(files[1], "weight", l.weightShape(), w); !s)
    return fail(s.message());
  if (l.hasBias)
    if (Status s = readAs(files[2], "bias", l.biasShape(), b); !s)
      return fail(s.message());
  TensorRef bias = ref(b, l.biasShape());
  if (Status s =
          kernel.run(context, ref(x, l.inputShape()), ref(w, l.weightShape()),
                     l.hasBias ? &bias : nullptr, ref(y, l.outputShape()));
      !s)
    return fail(s.message());
  if (Status s = writeNpy(files.back(), l.outputShape(), y.data()); !s)
    return fail(s.message());
  if (check.empty())
    return 0;
  std::vector<float> want;
  if (Status s = readAs(check, "expected output", l.outputShape(), want); !s)
    return fail(s.message());
  std::string diff = compare(y, want);
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
  std::vector<float> x = random(l.inputShape()), w = random(l.weightShape()),
                     b = random(l.biasShape()), y(numElements(l.outputShape()));
  PackedWeights packed;
  if (Status s = kernel.packWeights(context, ref(w, l.weightShape()), packed);
      !s)
    return fail(s.message());
  TensorRef in = ref(x, l.inputShape()), out = ref(y, l.outputShape()),
            bias = ref(b, l.biasShape());
  using Clock = std::chrono::steady_clock;
  auto call = [&] {
    return kernel.run(context, in, packed, l.hasBias ? &bias : nullptr, out);
  };
  auto t0 = Clock::now();
  if (Status s = call(); !s) // the device's first call builds its kernels
    return fail(s.message());
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
        std::chrono::duration<double, std::milli>(Clock::now() - t).count());
  }
  const double minMs = percentile(ms, 0), medianMs = percentile(ms, 0.5);
  const double gflops = static_cast<double>(l.usefulFlops()) / (minMs * 1e6);
  if (json)
    std::printf("{\"name\": \"%s\", \"device\": \"%s\", \"ms_min\": %.6f, "
                "\"ms_median\": %.6f, \"first_call_ms\": %.3f, \"gflops\": "
                "%.3f, \"runs\": %zu}\n",
                name.c_str(),
                kernel.device().empty() ? "cpu" : kernel.device().c_str(),
                minMs, medianMs, firstMs, gflops, ms.size());
  else
    std::printf("  %s: min %.4f ms, median %.4f ms over %zu runs, %.2f "
                "GFLOP/s (useful; each call copies the inputs to the device "
                "and the output back); first call %.1f ms\n",
                kernel.device().empty() ? "cpu" : kernel.device().c_str(),
                minMs, medianMs, ms.size(), gflops, firstMs);
  return 0;
}

} // namespace

int main(int argc, char **argv) {
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
