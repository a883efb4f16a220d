//===- Tuner.cpp - Measured schedule search, stored per layer -------------===//

#include "compiler/tuner/Tuner.h"
#include "compiler/jit/LayerBuffers.h"
#include "compiler/spec/JsonScan.h"

#include "llvm/Support/FileSystem.h"
#include "llvm/Support/JSON.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/Path.h"
#include "llvm/Support/raw_ostream.h"

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <unistd.h>

namespace convt {

std::string TuneCandidate::name() const {
  if (options.schedule == ScheduleKind::Expert)
    return isGpuTarget(options.target) ? "gpu " + options.gpu.str()
                                       : "expert " + options.expert.str();
  return scheduleName(options.schedule);
}

namespace {

using Clock = std::chrono::steady_clock;

double median(std::vector<double> v) {
  std::sort(v.begin(), v.end());
  return v[v.size() / 2];
}

/// Candidates by their first-pass median, fastest first.
void sortFastestFirst(std::vector<TuneCandidate> &v) {
  std::stable_sort(v.begin(), v.end(),
                   [](const TuneCandidate &a, const TuneCandidate &b) {
                     return a.ms < b.ms;
                   });
}

/// Calls `kernel` on `data` at least three times and for at least
/// `seconds`, appending each call's milliseconds to `ms`.
Status timeCalls(Context &context, const Kernel &kernel,
                 const PackedWeights &packed, LayerBuffers &data,
                 double seconds, std::vector<double> &ms) {
  TensorRef in = data.input(), out = data.output();
  auto start = Clock::now();
  for (int runs = 0;
       runs < 3 ||
       std::chrono::duration<double>(Clock::now() - start).count() < seconds;
       ++runs) {
    auto t = Clock::now();
    if (Status s = kernel.run(context, in, packed, data.bias(), out); !s)
      return s;
    ms.push_back(std::chrono::duration<double>(Clock::now() - t).count() * 1e3);
  }
  return Status::success();
}

} // namespace

std::vector<BackendOptions>
parallelVariants(const CanonicalLayer &l, const TuneOptions &o,
                 const std::vector<TuneCandidate> &measured) {
  std::vector<TuneCandidate> sorted = measured;
  sortFastestFirst(sorted);
  const int threads = o.threads > 0 ? o.threads : hardwareThreads();
  const int vec = tuneVectorLanes(o);
  std::vector<BackendOptions> out;
  int bases = 0;
  for (const TuneCandidate &c : sorted) {
    if (bases == 2)
      break;
    if (!c.error.empty() || c.options.schedule != ScheduleKind::Expert ||
        c.options.expert.tasksPerThread != 0)
      continue;
    ++bases;
    const ExpertParams resolved = resolveExpertParams(l, c.options.expert, vec);
    const int64_t usual = taskSplit(l, resolved, vec, threads).outerSplit;
    std::vector<int64_t> splits = {usual};
    for (int perThread : {1, 2, 8}) {
      ExpertParams p = resolved;
      p.tasksPerThread = perThread;
      // Only splits that differ: with many channel blocks or images, one
      // task a thread and four can be the same schedule.
      const int64_t split = taskSplit(l, p, vec, threads).outerSplit;
      if (std::find(splits.begin(), splits.end(), split) != splits.end())
        continue;
      splits.push_back(split);
      BackendOptions b = c.options;
      b.expert.tasksPerThread = perThread;
      out.push_back(b);
    }
  }
  return out;
}

TuneCandidate measureCandidate(const CanonicalLayer &l, JitCompiler &jit,
                               Context &context, const TuneOptions &o,
                               const BackendOptions &options,
                               LayerBuffers &data) {
  TensorRef in = data.input(), wt = data.weight(), out = data.output();
  const TensorRef *bias = data.bias();
  TuneCandidate c;
  c.options = options;
  std::shared_ptr<Kernel> kernel;
  PackedWeights packed;
  Status s = jit.getKernel(l, c.options, kernel);
  if (s)
    s = kernel->packWeights(context, wt, packed);
  context.takePeakScratchBytes();
  if (s)
    s = kernel->run(context, in, packed, bias, out); // warm-up
  // The scratch contract: no heap buffer larger than the output (a single
  // task's padded copy of the whole input can be, with few tasks). Below
  // 64 KiB a buffer is tile rounding on a tiny layer (16 channels of
  // accumulator for 8 outputs), not a copy of the input, and stays in L2.
  c.scratchBytes = context.takePeakScratchBytes();
  const size_t outputBytes =
      static_cast<size_t>(numElements(l.outputShape())) * sizeof(float);
  if (s && c.scratchBytes > outputBytes && c.scratchBytes > (64u << 10))
    s = Status::error("scratch of " + std::to_string(c.scratchBytes) +
                      " bytes, more than the output's " +
                      std::to_string(outputBytes));
  std::vector<double> times;
  if (s)
    s = timeCalls(context, *kernel, packed, data, o.secondsPerCandidate, times);
  if (s)
    c.ms = median(times);
  else
    c.error = s.message();
  return c;
}

Status tuneLayer(const CanonicalLayer &l, JitCompiler &jit,
                 const TuneOptions &o, TuneResult &result) {
  LayerBuffers data(l);
  Context context(o.threads);

  std::vector<BackendOptions> candidates = tuneCandidates(l, o);
  result = TuneResult();
  const size_t firstPass = candidates.size();
  for (size_t i = 0; i < candidates.size(); ++i) {
    if (o.stop && o.stop->load())
      return Status::error("interrupted");
    TuneCandidate c = measureCandidate(l, jit, context, o, candidates[i], data);
    result.tried.push_back(c);
    if (c.ms < result.best.ms)
      result.best = c;
    if (o.progress)
      o.progress(i, candidates.size(), c);
    // Second stage, once the first pass is measured: the parallel split of
    // its two fastest expert schedules (the count the progress reports
    // grows by these).
    if (i + 1 == firstPass) {
      std::vector<BackendOptions> more = parallelVariants(l, o, result.tried);
      candidates.insert(candidates.end(), more.begin(), more.end());
    }
  }
  if (!(result.best.ms < std::numeric_limits<double>::infinity()))
    return Status::error("no candidate compiled and ran");

  // The machine's speed drifts over seconds (shared cores), so one pass
  // ranks candidates measured at different times. The fastest few are
  // measured again, interleaved round by round, and the final choice uses
  // only those rounds.
  std::vector<TuneCandidate> finalists = result.tried;
  sortFastestFirst(finalists);
  finalists.resize(std::min<size_t>(finalists.size(), 4));
  std::vector<std::vector<double>> times(finalists.size());
  for (int round = 0; round < 3; ++round)
    for (size_t i = 0; i < finalists.size(); ++i) {
      if (o.stop && o.stop->load())
        return Status::error("interrupted");
      if (!finalists[i].error.empty())
        continue;
      std::shared_ptr<Kernel> kernel;
      PackedWeights packed;
      Status s = jit.getKernel(l, finalists[i].options, kernel); // cached
      if (s)
        s = kernel->packWeights(context, data.weight(), packed);
      if (s)
        (void)timeCalls(context, *kernel, packed, data,
                        o.secondsPerCandidate / 2, times[i]);
    }
  // The median, not the minimum: what an application sees run after run
  // (a schedule whose best run is fast but whose typical run waits on an
  // unbalanced task loses).
  std::vector<double> best(finalists.size(),
                           std::numeric_limits<double>::infinity());
  for (size_t i = 0; i < finalists.size(); ++i)
    if (!times[i].empty())
      best[i] = median(times[i]);
  size_t winner = static_cast<size_t>(
      std::min_element(best.begin(), best.end()) - best.begin());
  result.best = finalists[winner];
  result.best.ms = best[winner];
  return Status::success();
}

//===----------------------------------------------------------------------===//
// TuningDb
//===----------------------------------------------------------------------===//

std::string TuningDb::defaultPath() {
  if (const char *p = std::getenv("CONVT_TUNING_DB"); p && *p)
    return p;
  std::string base;
  if (const char *x = std::getenv("XDG_CACHE_HOME"); x && *x)
    base = x;
  else if (const char *h = std::getenv("HOME"); h && *h)
    base = std::string(h) + "/.cache";
  else if (const char *t = std::getenv("TMPDIR"); t && *t)
    base = t;
  else
    base = "/tmp";
  return base + "/convt/tuning.json";
}

Status TuningDb::key(const CanonicalLayer &l, int threads,
                     const std::string &target, std::string &key) {
  BackendOptions o;
  o.threads = threads;
  o.target = target;
  KernelKey k;
  if (Status s = makeKernelKey(l, o, k); !s)
    return s;
  k.schedule.clear(); // the layer's entry, whichever schedule wins
  key = k.str();
  return Status::success();
}

namespace {

Status readDb(const std::string &path, llvm::json::Object &entries) {
  entries = llvm::json::Object();
  llvm::sys::fs::file_status st;
  if (std::error_code ec = llvm::sys::fs::status(path, st)) {
    if (ec == std::errc::no_such_file_or_directory)
      return Status::success(); // no database yet
    return Status::error(path +
                         ": cannot read the tuning database: " + ec.message());
  }
  if (st.type() != llvm::sys::fs::file_type::regular_file)
    return Status::error(path + ": the tuning database must be a regular "
                                "file");
  if (st.getSize() > (64u << 20))
    return Status::error(path + ": not a convt tuning database (larger than "
                                "64 MiB)");
  auto buf = llvm::MemoryBuffer::getFile(path);
  if (!buf)
    return Status::error(path + ": cannot read the tuning database: " +
                         buf.getError().message());
  // Nesting, duplicate keys: before the recursive parser.
  JsonScan scan = scanJson((*buf)->getBuffer().str());
  if (!scan.error.empty())
    return Status::error(path + ": " + scan.error + " (at byte " +
                         std::to_string(scan.offset) + ")");
  auto v = llvm::json::parse((*buf)->getBuffer());
  if (!v || !v->getAsObject() || !v->getAsObject()->getObject("entries"))
    return Status::error(path + ": not a convt tuning database (delete it to "
                                "start over)");
  entries = *v->getAsObject()->getObject("entries");
  return Status::success();
}

} // namespace

Status TuningDb::check() const {
  llvm::json::Object entries;
  if (Status s = readDb(path_, entries); !s)
    return s;
  std::string dir = llvm::sys::path::parent_path(path_).str();
  if (!dir.empty() && llvm::sys::fs::create_directories(dir))
    return Status::error("cannot create " + dir + " for the tuning database");
  if (!dir.empty() && ::access(dir.c_str(), W_OK) != 0)
    return Status::error("cannot write the tuning database into " + dir);
  return Status::success();
}

Status TuningDb::lookup(const std::string &key, BackendOptions &options,
                        bool &found) const {
  found = false;
  llvm::json::Object entries;
  if (Status s = readDb(path_, entries); !s)
    return s;
  const llvm::json::Object *e = entries.getObject(key);
  if (!e)
    return Status::success();
  auto schedule = e->getString("schedule");
  auto kind = schedule ? parseScheduleName(schedule->str()) : std::nullopt;
  auto expert = e->getString("expert");
  auto params = expert ? ExpertParams::parse(expert->str()) : std::nullopt;
  // GPU entries carry the GPU template's parameters too.
  auto gpu = e->getString("gpu");
  auto gpuParams = gpu ? GpuParams::parse(gpu->str()) : GpuParams();
  if (!kind || !params || !gpuParams)
    return Status::error(path_ + ": malformed entry for " + key);
  options.schedule = *kind;
  options.expert = *params;
  options.gpu = *gpuParams;
  found = true;
  return Status::success();
}

Status TuningDb::store(const std::string &key,
                       const TuneCandidate &winner) const {
  llvm::json::Object entries;
  if (Status s = readDb(path_, entries); !s)
    return s;
  llvm::json::Object entry{{"schedule", scheduleName(winner.options.schedule)},
                           {"expert", winner.options.expert.str()},
                           {"ms", winner.ms}};
  if (!winner.options.gpu.isDefault())
    entry["gpu"] = winner.options.gpu.str();
  entries[key] = std::move(entry);
  std::string dir = llvm::sys::path::parent_path(path_).str();
  if (!dir.empty() && llvm::sys::fs::create_directories(dir))
    return Status::error("cannot create " + dir);
  std::string tmp = path_ + ".tmp." + std::to_string(::getpid());
  {
    std::error_code ec;
    llvm::raw_fd_ostream os(tmp, ec);
    if (ec)
      return Status::error("cannot write " + tmp + ": " + ec.message());
    os << llvm::formatv("{0:2}",
                        llvm::json::Value(llvm::json::Object{
                            {"version", 1}, {"entries", std::move(entries)}}));
    os << "\n";
    os.close();
    if (os.has_error()) {
      std::remove(tmp.c_str());
      return Status::error("cannot write " + tmp);
    }
  }
  if (std::rename(tmp.c_str(), path_.c_str()) != 0) {
    std::remove(tmp.c_str());
    return Status::error("cannot move " + tmp + " to " + path_);
  }
  return Status::success();
}

} // namespace convt
