//===- BenchMain.cpp - convt against oneDNN and XNNPACK on the suite ------===//
//
// convt-bench [--suite=FILE] [--layer=NAME] [--threads=N] [--schedule=K]
// [--tuned] [GoogleBenchmark flags]
//
// For every layer of the suite, each library in each layout it supports:
// convt's kernel channels first (convt/) and channels last (convt_cl/),
// and bfloat16 channels first (convt_bf16/, checked against float32 on the
// same values within one unit in bfloat16's last place);
// oneDNN's deconvolution with plain NCHW (onednn_nchw/), channels last
// (onednn_cl/) and its own preferred blocked layouts (onednn_blocked/),
// primitive created once, bias included; XNNPACK's NHWC deconvolution
// (xnnpack_nhwc/, 2-D and 1-D layers it can express); the cost of a cached
// kernel lookup and of a cold compile; the FMA peak of the same number of
// threads. Before anything is timed, every output is checked equal to
// convt's channels-first one (relative error 1e-4); a layer that disagrees
// stops the run. --layer sets up one layer only (bench/run.py times each
// layer's libraries back to back).
//
//===----------------------------------------------------------------------===//

#include "bench/OneDnnDeconv.h"
#include "bench/PeakFma.h"
#include "bench/XnnpackDeconv.h"
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

/// convt in one layout: its kernel, data and packed weights.
struct ConvtRun {
  BackendOptions options; // the default schedule, or the layer's tuned one
  CanonicalLayer layer;
  std::unique_ptr<LayerBuffers> data; // random input, weight, bias, output
  std::shared_ptr<Kernel> kernel;
  PackedWeights packed; // packed once, like oneDNN's weight reorder
};

using OneDnnLayout = bench::OneDnnDeconv::Layout;

struct Layer {
  std::string name;
  CanonicalLayer canonical; // channels first
  /// float32 channels first and last, bfloat16 channels first and last.
  ConvtRun convt[4];
  std::unique_ptr<bench::OneDnnDeconv> dnnl[3]; // by OneDnnLayout
  std::unique_ptr<bench::XnnpackDeconv> xnn;    // when XNNPACK can run it
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

void runConvt(benchmark::State &state, Layer *l, int layout) {
  ConvtRun &r = l->convt[layout];
  const CanonicalLayer &c = r.layer;
  TensorRef x = r.data->input(), y = r.data->output();
  const TensorRef *bias = r.data->bias();
  // The largest heap buffer of one call, against the output's size.
  l->context->takePeakScratchBytes();
  if (Status s = r.kernel->run(*l->context, x, r.packed, bias, y); !s)
    state.SkipWithError(s.message().c_str());
  state.counters["scratch_over_output"] =
      static_cast<double>(l->context->takePeakScratchBytes()) /
      static_cast<double>(r.data->y.size() * sizeof(float));
  timeIterations(state, [&] {
    Status s = r.kernel->run(*l->context, x, r.packed, bias, y);
    if (!s)
      state.SkipWithError(s.message().c_str());
  });
  state.counters["GFLOPs"] =
      benchmark::Counter(static_cast<double>(c.usefulFlops()) * 1e-9,
                         benchmark::Counter::kIsIterationInvariantRate);
  state.SetLabel((r.options.schedule == ScheduleKind::Expert
                      ? "expert " + r.options.expert.str()
                      : scheduleName(r.options.schedule)) +
                 ", " + c.dataFormat() +
                 (c.elementType == ElementType::BFloat16 ? ", bfloat16" : ""));
}

/// oneDNN in `layout`, or XNNPACK (layout -1).
void runPeer(benchmark::State &state, Layer *l, int layout) {
  timeIterations(state, [&] {
    if (layout < 0)
      l->xnn->run();
    else
      l->dnnl[layout]->run();
  });
  state.counters["GFLOPs"] =
      benchmark::Counter(static_cast<double>(l->canonical.usefulFlops()) * 1e-9,
                         benchmark::Counter::kIsIterationInvariantRate);
  state.SetLabel(layout < 0 ? "XNNPACK, NHWC"
                            : l->dnnl[layout]->implementation());
}

/// A kernel request that hits the in-memory cache: key building, hashing,
/// lookup.
void runCachedLookup(benchmark::State &state, Layer *l, JitCompiler *jit) {
  std::shared_ptr<Kernel> k;
  for (auto _ : state) {
    Status s = jit->getKernel(l->canonical, l->convt[0].options, k);
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
    Status s = fresh.getKernel(l->canonical, l->convt[0].options, k);
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
    l->canonical.channelsLast = false;
    const CanonicalLayer &c = l->canonical;
    static Context context(threads);
    l->context = &context;
    for (int layout : {0, 1, 2, 3}) {
      ConvtRun &r = l->convt[layout];
      r.layer = c;
      r.layer.channelsLast = layout % 2 == 1;
      if (layout >= 2)
        r.layer.elementType = ElementType::BFloat16;
      r.data = std::make_unique<LayerBuffers>(r.layer);
      if (layout == 3) {
        // bfloat16 channels last: the bfloat16 values, transposed.
        const LayerBuffers &first = *l->convt[2].data;
        r.data->x = moveChannels(first.x, c.batch, c.inChannels, true);
        r.data->x16 = moveChannels(first.x16, c.batch, c.inChannels, true);
        r.data->w16 = first.w16;
        r.data->b16 = first.b16;
        r.data->w = first.w;
        r.data->b = first.b;
      }
      if (layout == 1) {
        // The same values as channels first, transposed.
        const LayerBuffers &first = *l->convt[0].data;
        r.data->x = moveChannels(first.x, c.batch, c.inChannels, true);
        r.data->w = first.w;
        r.data->b = first.b;
      }
      r.options = options;
      if (tuned) {
        TuningDb db(TuningDb::defaultPath());
        std::string key;
        bool found = false;
        Status s = TuningDb::key(r.layer, threads, "host", key);
        if (s)
          s = db.lookup(key, r.options, found);
        if (!s)
          return fail(s.message());
        if (!found)
          llvm::errs() << "convt-bench: " << l->name << " ("
                       << r.layer.dataFormat()
                       << ") is not tuned (convtc tune); default schedule\n";
      }
      if (Status s = jit.getKernel(r.layer, r.options, r.kernel); !s)
        return fail(l->name + ": " + s.message());
      TensorRef x = r.data->input(), w = r.data->weight(), y = r.data->output();
      if (Status s = r.kernel->packWeights(context, w, r.packed); !s)
        return fail(l->name + ": " + s.message());
      if (Status s = r.kernel->run(context, x, r.packed, r.data->bias(), y); !s)
        return fail(l->name + ": " + s.message());
    }

    // The peers, on the same values; every output against convt's.
    std::string error;
    const LayerBuffers &data = *l->convt[0].data;
    const std::vector<float> *bias = c.hasBias ? &data.b : nullptr;
    for (OneDnnLayout layout :
         {OneDnnLayout::Plain, OneDnnLayout::ChannelsLast, OneDnnLayout::Any}) {
      auto &d = l->dnnl[static_cast<int>(layout)];
      d = std::make_unique<bench::OneDnnDeconv>(c, layout, data.x, data.w, bias,
                                                error);
      if (!error.empty())
        return fail(l->name + ": " + error);
    }
    if (bench::XnnpackDeconv::supported(c).empty()) {
      l->xnn = std::make_unique<bench::XnnpackDeconv>(c, threads, data.x,
                                                      data.w, bias, error);
      if (!error.empty())
        return fail(l->name + ": XNNPACK: " + error);
    }
    auto check = [&](const std::string &who, const std::vector<float> &got) {
      int64_t bad = mismatch(got, data.y);
      if (bad < 0)
        return true;
      fail(l->name + ": " + who + " and convt differ at flat index " +
           std::to_string(bad) + ": " + std::to_string(got[bad]) + " vs " +
           std::to_string(data.y[bad]));
      return false;
    };
    if (int64_t bad =
            mismatch(l->convt[1].data->y,
                     moveChannels(data.y, c.batch, c.outChannels, true));
        bad >= 0)
      return fail(l->name +
                  ": convt's channels-last and channels-first "
                  "outputs differ at flat index " +
                  std::to_string(bad));
    {
      // bfloat16 against the float32 kernel on the same (bfloat16) values:
      // within one unit in bfloat16's last place.
      LayerBuffers &h = *l->convt[2].data;
      LayerBuffers same(c);
      same.x = h.x;
      same.w = h.w;
      same.b = h.b;
      if (Status s = l->convt[0].kernel->run(
              context, same.input(), same.weight(), same.bias(), same.output());
          !s)
        return fail(l->name + ": " + s.message());
      std::vector<float> got = h.result();
      std::vector<float> last = moveChannels(got, c.batch, c.outChannels, true),
                         gotLast = l->convt[3].data->result();
      float largest = 0;
      for (float v : same.y)
        largest = std::max(largest, std::fabs(v));
      for (size_t i = 0; i < got.size(); ++i) {
        const float tolerance =
            std::max(std::fabs(same.y[i]), 1e-3f * largest) / 128;
        if (!(std::fabs(got[i] - same.y[i]) <= tolerance))
          return fail(l->name + ": convt's bfloat16 output differs from " +
                      "float32's at flat index " + std::to_string(i) + ": " +
                      std::to_string(got[i]) + " vs " +
                      std::to_string(same.y[i]));
        // Channels last sums in another order (one block of input
        // channels, output tiles): one unit in the last place either way,
        // of the value at the same (channels-last) index.
        const float lastTolerance =
            std::max(std::fabs(last[i]), 1e-3f * largest) / 128;
        if (!(std::fabs(gotLast[i] - last[i]) <= 2 * lastTolerance))
          return fail(l->name + ": convt's bfloat16 channels-last output " +
                      "differs from channels first at flat index " +
                      std::to_string(i) + ": " + std::to_string(gotLast[i]) +
                      " vs " + std::to_string(last[i]));
      }
    }
    for (auto &d : l->dnnl) {
      d->run();
      if (!check("oneDNN " + d->implementation(), d->output()))
        return 1;
    }
    if (l->xnn) {
      l->xnn->run();
      if (!check("XNNPACK", l->xnn->output()))
        return 1;
    }
    layers.push_back(std::move(l));
  }
  if (!only.empty() && layers.empty())
    return fail(suite + " has no layer " + only);

  for (auto &l : layers) {
    Layer *p = l.get();
    const char *convtNames[] = {"convt/", "convt_cl/", "convt_bf16/",
                                "convt_bf16_cl/"};
    for (int layout : {0, 1, 2, 3})
      benchmark::RegisterBenchmark((convtNames[layout] + p->name).c_str(),
                                   runConvt, p, layout)
          ->UseRealTime()
          ->Unit(benchmark::kMillisecond);
    const char *dnnlNames[] = {"onednn_nchw/", "onednn_cl/", "onednn_blocked/"};
    for (int layout : {0, 1, 2})
      benchmark::RegisterBenchmark((dnnlNames[layout] + p->name).c_str(),
                                   runPeer, p, layout)
          ->UseRealTime()
          ->Unit(benchmark::kMillisecond);
    if (p->xnn)
      benchmark::RegisterBenchmark(("xnnpack_nhwc/" + p->name).c_str(), runPeer,
                                   p, -1)
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
