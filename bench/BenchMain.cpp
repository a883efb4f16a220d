//===- BenchMain.cpp - convt against oneDNN on the benchmark suite --------===//
//
// convt-bench [--suite=FILE] [--layer=NAME] [--threads=N] [--schedule=K]
// [--tuned] [GoogleBenchmark flags]
//
// For every layer of the suite: convt's kernel, oneDNN's deconvolution with
// plain NCHW and with its own preferred layouts (primitive created once, bias
// included), the cost of a cached kernel lookup and of a cold compile, and
// the FMA peak of the same number of threads. Before anything is timed,
// convt's output and both oneDNN outputs are checked equal (relative error
// 1e-4); a layer that disagrees stops the run. --layer sets up one layer
// only (bench/run.py times each layer's libraries back to back).
//
//===----------------------------------------------------------------------===//

#include "bench/OneDnnDeconv.h"
#include "bench/PeakFma.h"
#include "compiler/driver/Driver.h"
#include "compiler/jit/Jit.h"
#include "compiler/jit/LayerBuffers.h"
#include "compiler/tuner/Tuner.h"

#include "llvm/Support/JSON.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/raw_ostream.h"

#include <benchmark/benchmark.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdlib>
#include <cstring>
#include <thread>

using namespace convt;

namespace {

struct Layer {
  std::string name;
  BackendOptions options; // the default schedule, or the layer's tuned one
  CanonicalLayer canonical;
  std::unique_ptr<LayerBuffers> data; // random input, weight, bias, output
  std::shared_ptr<Kernel> kernel;
  PackedWeights packed; // packed once, like oneDNN's weight reorder
  std::unique_ptr<bench::OneDnnDeconv> dnnlPlain, dnnlAny;
  Context *context = nullptr; // threads the kernels run on, shared
};

std::vector<std::unique_ptr<Layer>> layers;
BackendOptions options;

int fail(const std::string &msg) {
  llvm::errs() << "convt-bench: " << msg << "\n";
  return 1;
}

/// The first element where a and b differ by more than 1e-4 relative, or -1.
int64_t mismatch(const std::vector<float> &a, const std::vector<float> &b) {
  if (a.size() != b.size())
    return 0;
  for (size_t i = 0; i < a.size(); ++i)
    if (!(std::fabs(a[i] - b[i]) <= 1e-4 * std::max(1.f, std::fabs(b[i]))))
      return static_cast<int64_t>(i);
  return -1;
}

/// Times each iteration of `body` and reports the median and the minimum
/// (`median_ms`, `min_ms`): on a shared machine a preempted iteration can
/// take several times as long, which moves Google Benchmark's mean but not
/// the median.
template <typename Body>
void timeIterations(benchmark::State &state, Body body) {
  std::vector<double> ms;
  for (auto _ : state) {
    auto start = std::chrono::steady_clock::now();
    body();
    ms.push_back(std::chrono::duration<double, std::milli>(
                     std::chrono::steady_clock::now() - start)
                     .count());
  }
  if (ms.empty())
    return;
  std::sort(ms.begin(), ms.end());
  state.counters["median_ms"] = ms[ms.size() / 2];
  state.counters["min_ms"] = ms.front();
}

void runConvt(benchmark::State &state, Layer *l) {
  const CanonicalLayer &c = l->canonical;
  TensorRef x = l->data->input(), y = l->data->output();
  const TensorRef *bias = l->data->bias();
  // The largest heap buffer of one call, against the output's size.
  l->context->takePeakScratchBytes();
  if (Status s = l->kernel->run(*l->context, x, l->packed, bias, y); !s)
    state.SkipWithError(s.message().c_str());
  state.counters["scratch_over_output"] =
      static_cast<double>(l->context->takePeakScratchBytes()) /
      static_cast<double>(l->data->y.size() * sizeof(float));
  timeIterations(state, [&] {
    Status s = l->kernel->run(*l->context, x, l->packed, bias, y);
    if (!s)
      state.SkipWithError(s.message().c_str());
  });
  state.counters["GFLOPs"] =
      benchmark::Counter(static_cast<double>(c.usefulFlops()) * 1e-9,
                         benchmark::Counter::kIsIterationInvariantRate);
  state.SetLabel(l->options.schedule == ScheduleKind::Expert
                     ? "expert " + l->options.expert.str()
                     : scheduleName(l->options.schedule));
}

void runOneDnn(benchmark::State &state, Layer *l, bool any) {
  bench::OneDnnDeconv &d = any ? *l->dnnlAny : *l->dnnlPlain;
  timeIterations(state, [&] { d.run(); });
  state.counters["GFLOPs"] =
      benchmark::Counter(static_cast<double>(l->canonical.usefulFlops()) * 1e-9,
                         benchmark::Counter::kIsIterationInvariantRate);
  state.SetLabel(d.implementation());
}

/// A kernel request that hits the in-memory cache: key building, hashing,
/// lookup.
void runCachedLookup(benchmark::State &state, Layer *l, JitCompiler *jit) {
  std::shared_ptr<Kernel> k;
  for (auto _ : state) {
    Status s = jit->getKernel(l->canonical, l->options, k);
    benchmark::DoNotOptimize(k);
    if (!s)
      state.SkipWithError(s.message().c_str());
  }
}

/// A first request in a fresh compiler: schedule, code generation, link,
/// load (the shared Halide runtime is already built).
void runColdCompile(benchmark::State &state, Layer *l) {
  for (auto _ : state) {
    JitCompiler fresh;
    std::shared_ptr<Kernel> k;
    Status s = fresh.getKernel(l->canonical, l->options, k);
    if (!s)
      state.SkipWithError(s.message().c_str());
  }
}

void runPeak(benchmark::State &state) {
  float sink = 0;
  int64_t flops = 0;
  for (auto _ : state)
    flops += bench::peakFmaKernel(1 << 16, sink);
  benchmark::DoNotOptimize(sink);
  // Summed over threads: the machine's peak at this thread count.
  state.counters["GFLOPs"] = benchmark::Counter(
      static_cast<double>(flops) * 1e-9, benchmark::Counter::kIsRate);
}

} // namespace

int main(int argc, char **argv) {
  std::string suite = "bench/suite.json";
  int threads = hardwareThreads();
  std::string schedule = scheduleName(kDefaultSchedule);
  bool tuned = false;
  std::string only;
  std::vector<char *> rest = {argv[0]};
  for (int i = 1; i < argc; ++i) {
    if (!std::strncmp(argv[i], "--suite=", 8))
      suite = argv[i] + 8;
    else if (!std::strncmp(argv[i], "--threads=", 10))
      threads = std::atoi(argv[i] + 10);
    else if (!std::strncmp(argv[i], "--schedule=", 11))
      schedule = argv[i] + 11;
    else if (!std::strncmp(argv[i], "--layer=", 8))
      only = argv[i] + 8;
    else if (!std::strcmp(argv[i], "--tuned"))
      tuned = true;
    else
      rest.push_back(argv[i]);
  }
  auto kind = parseScheduleName(schedule);
  if (!kind)
    return fail("unknown schedule " + schedule);
  options.schedule = *kind;
  options.threads = threads;
  // oneDNN (OpenMP) reads this when its first parallel region starts.
  setenv("OMP_NUM_THREADS", std::to_string(threads).c_str(), 1);

  auto buf = llvm::MemoryBuffer::getFile(suite);
  if (!buf)
    return fail("cannot read " + suite);
  auto json = llvm::json::parse((*buf)->getBuffer());
  if (!json || !json->getAsObject() || !json->getAsObject()->getArray("layers"))
    return fail(suite + ": expected {\"layers\": [...]}");

  static JitCompiler jit;
  for (llvm::json::Value &v : *json->getAsObject()->getArray("layers")) {
    llvm::json::Object spec = *v.getAsObject();
    spec.erase("why");
    auto l = std::make_unique<Layer>();
    l->name = spec.getString("name")->str();
    if (!only.empty() && l->name != only)
      continue;
    std::string text;
    llvm::raw_string_ostream os(text);
    os << llvm::json::Value(std::move(spec));
    os.flush();
    if (Status s = canonicalLayerFromJson(text, l->name, l->canonical); !s)
      return fail(s.message());
    const CanonicalLayer &c = l->canonical;
    l->data = std::make_unique<LayerBuffers>(c);
    l->options = options;
    if (tuned) {
      TuningDb db(TuningDb::defaultPath());
      std::string key;
      bool found = false;
      Status s = TuningDb::key(c, threads, "host", key);
      if (s)
        s = db.lookup(key, l->options, found);
      if (!s)
        return fail(s.message());
      if (!found)
        llvm::errs() << "convt-bench: " << l->name
                     << " is not tuned (convtc tune); default schedule\n";
    }
    if (Status s = jit.getKernel(c, l->options, l->kernel); !s)
      return fail(l->name + ": " + s.message());
    static Context context(threads);
    l->context = &context;

    std::string error;
    const std::vector<float> *bias = c.hasBias ? &l->data->b : nullptr;
    l->dnnlPlain = std::make_unique<bench::OneDnnDeconv>(
        c, false, l->data->x, l->data->w, bias, error);
    if (!error.empty())
      return fail(l->name + ": " + error);
    l->dnnlAny = std::make_unique<bench::OneDnnDeconv>(c, true, l->data->x,
                                                       l->data->w, bias, error);
    if (!error.empty())
      return fail(l->name + ": " + error);

    // Same inputs, same results, before anything is timed.
    TensorRef x = l->data->input(), w = l->data->weight(),
              y = l->data->output();
    if (Status s = l->kernel->packWeights(*l->context, w, l->packed); !s)
      return fail(l->name + ": " + s.message());
    if (Status s =
            l->kernel->run(*l->context, x, l->packed, l->data->bias(), y);
        !s)
      return fail(l->name + ": " + s.message());
    for (bench::OneDnnDeconv *d : {l->dnnlPlain.get(), l->dnnlAny.get()}) {
      d->run();
      std::vector<float> ref = d->output();
      int64_t bad = mismatch(l->data->y, ref);
      if (bad >= 0)
        return fail(l->name + ": convt and oneDNN differ at flat index " +
                    std::to_string(bad) + ": " +
                    std::to_string(l->data->y[bad]) + " vs " +
                    std::to_string(ref[bad]));
    }
    layers.push_back(std::move(l));
  }
  if (!only.empty() && layers.empty())
    return fail(suite + " has no layer " + only);

  for (auto &l : layers) {
    Layer *p = l.get();
    benchmark::RegisterBenchmark(("convt/" + p->name).c_str(), runConvt, p)
        ->UseRealTime()
        ->Unit(benchmark::kMillisecond);
    benchmark::RegisterBenchmark(("onednn_nchw/" + p->name).c_str(), runOneDnn,
                                 p, false)
        ->UseRealTime()
        ->Unit(benchmark::kMillisecond);
    benchmark::RegisterBenchmark(("onednn_blocked/" + p->name).c_str(),
                                 runOneDnn, p, true)
        ->UseRealTime()
        ->Unit(benchmark::kMillisecond);
    benchmark::RegisterBenchmark(("cache_lookup/" + p->name).c_str(),
                                 runCachedLookup, p, &jit)
        ->Unit(benchmark::kMicrosecond);
    benchmark::RegisterBenchmark(("compile_cold/" + p->name).c_str(),
                                 runColdCompile, p)
        ->Iterations(1)
        ->Repetitions(2)
        ->UseRealTime()
        ->Unit(benchmark::kSecond);
  }
  benchmark::RegisterBenchmark("peak_fma", runPeak)
      ->Threads(threads)
      ->UseRealTime();

  int bargc = static_cast<int>(rest.size());
  // OpenMP's workers spin for a while after oneDNN's correctness runs; let
  // them go to sleep before anything is timed (bench/run.py also times
  // convt and oneDNN in separate processes for the same reason).
  std::this_thread::sleep_for(std::chrono::seconds(1));
  benchmark::Initialize(&bargc, rest.data());
  if (benchmark::ReportUnrecognizedArguments(bargc, rest.data()))
    return 1;
  benchmark::RunSpecifiedBenchmarks();
  benchmark::Shutdown();
  return 0;
}
