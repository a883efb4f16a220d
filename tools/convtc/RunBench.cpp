//===- RunBench.cpp - convtc run and convtc bench -------------------------===//

#include "tools/convtc/Commands.h"

#include "compiler/jit/Jit.h"
#include "compiler/jit/LayerBuffers.h"
#include "runtime/BFloat16.h"
#include "runtime/Float16.h"
#include "runtime/Npy.h"

#include "llvm/Support/Format.h"
#include "llvm/Support/raw_ostream.h"

#include <algorithm>
#include <atomic>
#include <chrono>
#include <csignal>

using namespace convt;

namespace convtc {

int fail(const std::string &message) {
  llvm::errs() << "error: " << message << "\n";
  return 1;
}

namespace {

using Clock = std::chrono::steady_clock;

double secondsSince(Clock::time_point t) {
  return std::chrono::duration<double>(Clock::now() - t).count();
}

/// Reads `path` as the layer's `what` of shape `shape`; `weightOf`: the
/// layer whose weight it is. MindSpore's 1-D weight [C_in, C_out/g, 1, k] is
/// accepted for [C_in, C_out/g, k].
Status loadTensor(const std::string &path, const char *what,
                  const std::vector<int64_t> &shape, std::vector<float> &out,
                  const CanonicalLayer *weightOf = nullptr) {
  NpyArray a;
  if (Status s = readNpy(path, a); !s)
    return s;
  std::vector<int64_t> mindspore1d;
  if (shape.size() == 3 && weightOf && !weightOf->weightChannelsLast)
    mindspore1d = {shape[0], shape[1], 1, shape[2]};
  // (A 0-d array's empty shape must not match the empty mindspore1d.)
  if (a.shape != shape && (mindspore1d.empty() || a.shape != mindspore1d))
    return Status::error(path + ": shape " + formatShape(a.shape) +
                         " does not match the layer's " + what + " shape " +
                         formatShape(shape) +
                         (weightOf ? std::string(" (weight_format ") +
                                         weightOf->weightFormat() + ": " +
                                         (weightOf->weightChannelsLast
                                              ? "[k..., C_out/groups, C_in]"
                                              : "[C_in, C_out/groups, k...]") +
                                         ")"
                                   : std::string()));
  out = std::move(a.data);
  return Status::success();
}

Status compileKernel(JitCompiler &jit, const Layer &layer,
                     const BackendOptions &options,
                     std::shared_ptr<Kernel> &kernel) {
  return jit.getKernel(layer.canonical, options, kernel, layer.name);
}

} // namespace

namespace {

std::atomic<bool> interrupted{false};
void onInterrupt(int) { interrupted = true; }

Status tuneAndStore(const Layer &layer, const TuneOptions &options,
                    const std::string &dbPath, TuneCandidate &winner) {
  TuningDb db(dbPath.empty() ? TuningDb::defaultPath() : dbPath);
  if (Status s = db.check(); !s)
    return s;
  std::string key;
  if (Status s = TuningDb::key(layer.canonical, options.threads, "host", key);
      !s)
    return s;
  JitCompiler jit;
  TuneOptions o = options;
  o.stop = &interrupted;
  auto previous = std::signal(SIGINT, onInterrupt);
  TuneResult result;
  Status s = tuneLayer(layer.canonical, jit, o, result);
  std::signal(SIGINT, previous);
  if (!s)
    return s;
  winner = result.best;
  return db.store(key, winner);
}

} // namespace

void printTuneCandidate(size_t i, size_t n, const TuneCandidate &c) {
  llvm::errs() << llvm::format("[%2zu/%zu] ", i + 1, n) << c.name() << ": ";
  if (c.error.empty())
    llvm::errs() << llvm::format("%.4f ms", c.ms) << "\n";
  else
    llvm::errs() << "failed: " << c.error << "\n";
}

void printTuneCount(size_t i, size_t n, const TuneCandidate &) {
  llvm::errs() << "\r  " << (i + 1) << "/" << n;
  if (i + 1 == n)
    llvm::errs() << "\n";
}

void printTuneWinner(const Layer &layer, const TuneCandidate &winner,
                     const std::string &db, const char *where) {
  llvm::outs() << layer.name << ": best " << winner.name() << ", "
               << llvm::format("%.4f", winner.ms) << " ms, "
               << llvm::format("%.2f", layer.canonical.usefulFlops() /
                                           (winner.ms * 1e6))
               << " GFLOP/s" << where << "; stored in "
               << (db.empty() ? TuningDb::defaultPath() : db) << "\n";
}

int tuneLayerCommand(const Layer &layer, const TuneCommandOptions &o) {
  TuneOptions options = o.tune;
  options.progress = printTuneCandidate;
  TuneCandidate winner;
  if (Status s = tuneAndStore(layer, options, o.db, winner); !s)
    return fail(s.message());
  printTuneWinner(layer, winner, o.db, "");
  return 0;
}

int listTuneCandidates(const Layer &layer, const TuneCommandOptions &o,
                       const std::string &target) {
  const bool gpu = isGpuTarget(target);
  if (!gpu && target != "host")
    return fail("tune measures on this machine: its target is host (CPU), "
                "cuda or opencl");
  std::vector<BackendOptions> candidates =
      gpu ? gpuTuneCandidates(layer.canonical, target, o.tune.autoschedulers)
          : tuneCandidates(layer.canonical, o.tune);
  for (const BackendOptions &c : candidates) {
    llvm::outs() << "--schedule=" << scheduleName(c.schedule);
    if (c.schedule == ScheduleKind::Expert)
      llvm::outs() << (gpu ? " --gpu=" + c.gpu.str()
                           : " --expert=" + c.expert.str());
    llvm::outs() << "\n";
  }
  return 0;
}

bool applyTuned(const Layer &layer, const std::string &dbPath,
                BackendOptions &backend) {
  if (isGpuTarget(backend.target))
    return applyTunedOnDevice(layer, dbPath, backend);
  TuningDb db(dbPath.empty() ? TuningDb::defaultPath() : dbPath);
  std::string key;
  bool found = false;
  Status s =
      TuningDb::key(layer.canonical, backend.threads, backend.target, key);
  if (s)
    s = db.lookup(key, backend, found);
  if (!s) {
    fail(s.message());
    return false;
  }
  if (found)
    return true;
  llvm::errs() << layer.name << ": not tuned yet, tuning (Ctrl-C stops)\n";
  TuneOptions options;
  options.threads = backend.threads;
  options.progress = printTuneCount;
  TuneCandidate winner;
  if (Status e = tuneAndStore(layer, options, dbPath, winner); !e) {
    fail(e.message());
    return false;
  }
  backend.schedule = winner.options.schedule;
  backend.expert = winner.options.expert;
  return true;
}

int runLayer(const Layer &layer, const RunOptions &o) {
  const CanonicalLayer &l = layer.canonical;
  std::vector<float> x, w, b;
  if (Status s = loadTensor(o.input, "input", l.inputShape(), x); !s)
    return fail(s.message());
  Status s = o.weight.empty()
                 ? initializeParameter(layer.init, l, false, o.seed, w)
                 : loadTensor(o.weight, "weight", l.weightShape(), w, &l);
  if (!s)
    return fail(s.message());
  if (l.hasBias) {
    s = o.bias.empty() ? initializeParameter(layer.init, l, true, o.seed, b)
                       : loadTensor(o.bias, "bias", l.biasShape(), b);
    if (!s)
      return fail(s.message());
  } else if (!o.bias.empty()) {
    return fail(o.bias + ": the layer has no bias (set \"bias\": true, or "
                         "\"has_bias\": true for MindSpore)");
  }

  if (isGpuTarget(o.backend.target))
    return runOnDevice(layer, o, w, b);
  std::unique_ptr<JitCompiler> jit = makeJit();
  std::shared_ptr<Kernel> kernel;
  if (Status e = compileKernel(*jit, layer, o.backend, kernel); !e)
    return fail(e.message());
  Context context(o.backend.threads);
  std::vector<float> y(static_cast<size_t>(numElements(l.outputShape())));
  // .npy files are read as float32 (float16 ones widened exactly); a
  // bfloat16 or float16 layer rounds what it reads to its type.
  const bool half = l.elementType != ElementType::Float32;
  const bool brain = l.elementType == ElementType::BFloat16;
  std::vector<uint16_t> x16, w16, b16, y16(half ? y.size() : 0);
  auto ref = [&](std::vector<float> &f, std::vector<uint16_t> &h,
                 std::vector<int64_t> shape) -> TensorRef {
    if (!half)
      return {f.data(), std::move(shape), f.size()};
    if (h.size() != f.size()) {
      h.resize(f.size());
      for (size_t i = 0; i < f.size(); ++i)
        h[i] = brain ? toBFloat16(f[i]) : toFloat16(f[i]);
    }
    return {h.data(), std::move(shape), h.size(), l.elementType};
  };
  TensorRef in = ref(x, x16, l.inputShape());
  TensorRef wt = ref(w, w16, l.weightShape());
  TensorRef bi = ref(b, b16, l.biasShape());
  TensorRef out = ref(y, y16, l.outputShape());
  if (Status e = kernel->run(context, in, wt, l.hasBias ? &bi : nullptr, out);
      !e)
    return fail(e.message());
  // float16 results as NumPy's float16 ('<f2'); bfloat16 ones, which NumPy
  // has no type for, widened to float32.
  if (half && !brain) {
    if (Status e = writeNpy16(o.output, l.outputShape(), y16.data()); !e)
      return fail(e.message());
    return 0;
  }
  for (size_t i = 0; i < y16.size(); ++i)
    y[i] = fromBFloat16(y16[i]);
  if (Status e = writeNpy(o.output, l.outputShape(), y.data()); !e)
    return fail(e.message());
  return 0;
}

namespace {

/// The value at fraction q of `v` (q = 0.5: the median), as an index into
/// the sorted values.
double percentile(std::vector<double> v, double q) {
  std::sort(v.begin(), v.end());
  size_t i = static_cast<size_t>(q * static_cast<double>(v.size()));
  return v[std::min(i, v.size() - 1)];
}

/// A schedule compiled with its packed weights, ready to time.
struct Timed {
  explicit Timed(const BackendOptions &o) : options(&o) {}
  const BackendOptions *options;
  std::shared_ptr<Kernel> kernel;
  PackedWeights packed;
  std::vector<double> ms;
  std::string name() const {
    return options->schedule == ScheduleKind::Expert
               ? options->expert.str()
               : scheduleName(options->schedule);
  }
};

/// `convtc bench --versus`: the two schedules run alternately, one call
/// each per round (which goes first alternates too), so that the machine's
/// slow spells hit both alike; the per-round ratio's median is the verdict.
int benchVersus(const Layer &layer, const BenchOptions &o, LayerBuffers &data) {
  const CanonicalLayer &l = layer.canonical;
  // One compiler each: the same schedule twice gives two kernels, whose
  // ratio shows the measurement's own spread.
  JitCompiler jitA, jitB;
  Context context(o.backend.threads);
  Timed a(o.backend), b(*o.versus);
  TensorRef in = data.input(), wt = data.weight(), out = data.output();
  const TensorRef *bias = data.bias();
  for (Timed *t : {&a, &b}) {
    JitCompiler &jit = t == &a ? jitA : jitB;
    if (Status e = compileKernel(jit, layer, *t->options, t->kernel); !e)
      return fail(e.message());
    if (Status e = t->kernel->packWeights(context, wt, t->packed); !e)
      return fail(e.message());
    if (Status e = t->kernel->run(context, in, t->packed, bias, out); !e)
      return fail(e.message());
  }
  std::vector<double> ratios;
  auto start = Clock::now();
  for (size_t round = 0;
       round < 5 || (secondsSince(start) < o.seconds && round < 10000);
       ++round) {
    Timed *order[2] = {&a, &b};
    if (round % 2)
      std::swap(order[0], order[1]);
    for (Timed *t : order) {
      auto t0 = Clock::now();
      if (Status e = t->kernel->run(context, in, t->packed, bias, out); !e)
        return fail(e.message());
      t->ms.push_back(secondsSince(t0) * 1e3);
    }
    ratios.push_back(b.ms.back() / a.ms.back());
  }
  auto &os = llvm::outs();
  if (o.json) {
    os << "{\"name\": \"" << layer.name << "\", \"rounds\": " << ratios.size();
    for (auto [t, key] : {std::pair<Timed *, const char *>{&a, "a"}, {&b, "b"}})
      os << ", \"" << key << "\": {\"schedule\": \"" << t->name()
         << "\", \"ms_min\": " << llvm::format("%.6f", percentile(t->ms, 0))
         << ", \"ms_median\": " << llvm::format("%.6f", percentile(t->ms, 0.5))
         << "}";
    os << ", \"median_ratio\": "
       << llvm::format("%.4f", percentile(ratios, 0.5))
       << ", \"ratio_p10\": " << llvm::format("%.4f", percentile(ratios, 0.1))
       << ", \"ratio_p90\": " << llvm::format("%.4f", percentile(ratios, 0.9))
       << "}\n";
    return 0;
  }
  os << layer.name << ": " << ratios.size() << " rounds, "
     << formatShape(l.inputShape()) << " -> " << formatShape(l.outputShape())
     << "\n";
  for (Timed *t : {&a, &b})
    os << "  " << t->name() << ": min "
       << llvm::format("%.4f", percentile(t->ms, 0)) << " ms, median "
       << llvm::format("%.4f", percentile(t->ms, 0.5)) << " ms\n";
  os << "  " << b.name() << " / " << a.name() << ": median ratio "
     << llvm::format("%.3f", percentile(ratios, 0.5))
     << " (10-90%: " << llvm::format("%.3f", percentile(ratios, 0.1)) << "-"
     << llvm::format("%.3f", percentile(ratios, 0.9)) << "), ratio of minima "
     << llvm::format("%.3f", percentile(b.ms, 0) / percentile(a.ms, 0)) << "\n";
  return 0;
}

} // namespace

int benchLayer(const Layer &layer, const BenchOptions &o, double *minMsOut) {
  const CanonicalLayer &l = layer.canonical;
  if (isGpuTarget(o.backend.target))
    return benchOnDevice(layer, o);
  LayerBuffers data(l);
  if (o.versus)
    return benchVersus(layer, o, data);

  std::unique_ptr<JitCompiler> jit = makeJit();
  std::shared_ptr<Kernel> kernel;
  auto t0 = Clock::now();
  if (Status e = compileKernel(*jit, layer, o.backend, kernel); !e)
    return fail(e.message());
  double compileSeconds = secondsSince(t0);
  // Where the kernel came from, and what asking again costs (a hit in the
  // in-memory cache: the median of 100).
  const char *source = jit->diskHits() ? "disk" : "compiled";
  std::vector<double> hits;
  for (int i = 0; i < 100; ++i) {
    t0 = Clock::now();
    std::shared_ptr<Kernel> again;
    if (Status e = compileKernel(*jit, layer, o.backend, again); !e)
      return fail(e.message());
    hits.push_back(secondsSince(t0) * 1e6);
  }
  double memoryHitUs = percentile(hits, 0.5);
  Context context(o.backend.threads);

  TensorRef in = data.input(), wt = data.weight(), out = data.output();
  const TensorRef *bias = data.bias();
  // Weights are packed once, as an application does when it loads a model.
  PackedWeights packed;
  if (Status e = kernel->packWeights(context, wt, packed); !e)
    return fail(e.message());
  if (Status e = kernel->run(context, in, packed, bias, out); !e) // warm-up
    return fail(e.message());
  std::vector<double> times;
  auto start = Clock::now();
  while (times.size() < 5 ||
         (secondsSince(start) < o.seconds && times.size() < 10000)) {
    auto t = Clock::now();
    if (Status e = kernel->run(context, in, packed, bias, out); !e)
      return fail(e.message());
    times.push_back(secondsSince(t) * 1e3);
  }
  double minMs = percentile(times, 0), medianMs = percentile(times, 0.5);
  if (minMsOut)
    *minMsOut = minMs;
  // The spread says whether a median is the kernel or the machine.
  double p10Ms = percentile(times, 0.1), p90Ms = percentile(times, 0.9);
  double gflops = static_cast<double>(l.usefulFlops()) / (minMs * 1e6);
  int threads = o.backend.threads > 0 ? o.backend.threads : hardwareThreads();
  auto &os = llvm::outs();
  if (o.json) {
    os << "{\"name\": \"" << layer.name << "\", \"schedule\": \""
       << scheduleName(o.backend.schedule) << "\", \"data_format\": \""
       << l.dataFormat() << "\", \"threads\": " << threads
       << ", \"ms_min\": " << llvm::format("%.6f", minMs)
       << ", \"ms_median\": " << llvm::format("%.6f", medianMs)
       << ", \"ms_p10\": " << llvm::format("%.6f", p10Ms)
       << ", \"ms_p90\": " << llvm::format("%.6f", p90Ms)
       << ", \"gflops\": " << llvm::format("%.3f", gflops)
       << ", \"flops\": " << l.usefulFlops() << ", \"runs\": " << times.size()
       << ", \"compile_s\": " << llvm::format("%.6f", compileSeconds)
       << ", \"kernel_source\": \"" << source << "\""
       << ", \"memory_hit_us\": " << llvm::format("%.3f", memoryHitUs)
       << ", \"output_shape\": \"" << formatShape(l.outputShape()) << "\"}\n";
  } else {
    os << layer.name << ": " << formatShape(l.inputShape()) << " -> "
       << formatShape(l.outputShape()) << " (" << l.dataFormat()
       << "), schedule " << scheduleName(o.backend.schedule) << ", " << threads
       << " threads\n"
       << "  min " << llvm::format("%.4f", minMs) << " ms, median "
       << llvm::format("%.4f", medianMs)
       << " ms (10-90%: " << llvm::format("%.4f", p10Ms) << "-"
       << llvm::format("%.4f", p90Ms) << ") over " << times.size() << " runs, "
       << llvm::format("%.2f", gflops) << " GFLOP/s (useful), kernel "
       << (jit->diskHits() ? "loaded from the disk cache" : "compiled")
       << " in " << llvm::format("%.2f", compileSeconds * 1e3) << " ms\n";
  }
  return 0;
}

} // namespace convtc
