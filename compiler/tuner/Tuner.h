//===- Tuner.h - Measured schedule search, stored per layer ----*- C++ -*-===//
//
// "Auto-scheduled" in convt means measured: the tuner compiles a layer with
// variants of the expert template (channel vectors, columns per phase,
// input-channel block, tap order; then, for the fastest, the number of
// parallel tasks) and with each of Halide's autoschedulers,
// times every variant on this machine, and stores the fastest in a tuning
// database so that a layer is tuned once per machine, thread count and
// compiler version.
//
//===----------------------------------------------------------------------===//
#ifndef CONVT_COMPILER_TUNER_TUNER_H
#define CONVT_COMPILER_TUNER_TUNER_H

#include "compiler/jit/Jit.h"
#include "compiler/jit/LayerBuffers.h"

#include <atomic>
#include <functional>
#include <limits>
#include <string>
#include <vector>

namespace convt {

struct TuneCandidate {
  BackendOptions options;
  double ms = std::numeric_limits<double>::infinity(); ///< median over runs
  std::string error;                                   ///< if it failed
  /// The largest heap buffer of one call; a candidate whose scratch is
  /// larger than the output fails.
  size_t scratchBytes = 0;

  /// "expert v2m4k64t1" or "adams2019".
  std::string name() const;
};

struct TuneOptions {
  int threads = 0; ///< 0: all cores
  /// Float32 lanes of the host's vectors, which the search plans with
  /// (channel vectors, column tiles, task splits); 0: the backend's
  /// (vectorLanesFor("host")).
  int vectorLanes = 0;
  double secondsPerCandidate = 0.2;
  bool autoschedulers = true;
  /// Called after each candidate (index from 0, count).
  std::function<void(size_t, size_t, const TuneCandidate &)> progress;
  /// Set from another thread (a signal handler) to stop after the current
  /// candidate; the search then fails with "interrupted".
  const std::atomic<bool> *stop = nullptr;
};

struct TuneResult {
  TuneCandidate best;
  std::vector<TuneCandidate> tried;
};

/// The vector lanes the search plans with: `o.vectorLanes`, or the host's.
int tuneVectorLanes(const TuneOptions &o);

/// The variants tried for `layer`.
std::vector<BackendOptions> tuneCandidates(const CanonicalLayer &layer,
                                           const TuneOptions &options);

/// The variants tried for `layer` on GPU target `target` (GpuCandidates.cpp):
/// the template's heuristic first, then its neighbours, the gather form
/// and (with `autoschedulers`) Li2018.
std::vector<BackendOptions> gpuTuneCandidates(const CanonicalLayer &layer,
                                              const std::string &target,
                                              bool autoschedulers);

/// The second stage of the search: for the two fastest expert schedules of
/// `measured`, variants with 1, 2 and 8 parallel tasks per thread (the
/// template's default is 4), where that changes the split of the output.
std::vector<BackendOptions>
parallelVariants(const CanonicalLayer &layer, const TuneOptions &options,
                 const std::vector<TuneCandidate> &measured);

/// Compiles `options` for `layer`, runs it once on `data` (its largest
/// heap buffer must not exceed the output's size, unless under 64 KiB: an
/// error otherwise) and times it for options.secondsPerCandidate; the
/// median call.
TuneCandidate measureCandidate(const CanonicalLayer &layer, JitCompiler &jit,
                               Context &context, const TuneOptions &options,
                               const BackendOptions &candidate,
                               LayerBuffers &data);

/// Times every candidate on random data (then the parallelVariants of the
/// fastest), then the four fastest again, interleaved, and returns the
/// fastest of those rounds.
Status tuneLayer(const CanonicalLayer &layer, JitCompiler &jit,
                 const TuneOptions &options, TuneResult &result);

/// Winners by layer, in a JSON file. Lookups and stores re-read the file;
/// stores write a temporary file and rename it, so the file is never seen
/// half written.
class TuningDb {
public:
  /// $CONVT_TUNING_DB, else $XDG_CACHE_HOME/convt/tuning.json, else
  /// ~/.cache/convt/tuning.json.
  static std::string defaultPath();
  explicit TuningDb(std::string path) : path_(std::move(path)) {}
  const std::string &path() const { return path_; }

  /// The key of a layer: everything of the JIT cache key but the schedule.
  static Status key(const CanonicalLayer &layer, int threads,
                    const std::string &target, std::string &key);
  /// Success when the database can be read (or does not exist yet) and
  /// its directory written: checked before a search, so that a bad path
  /// fails at once rather than after minutes of tuning.
  Status check() const;
  Status lookup(const std::string &key, BackendOptions &options,
                bool &found) const;
  Status store(const std::string &key, const TuneCandidate &winner) const;

private:
  std::string path_;
};

} // namespace convt

#endif // CONVT_COMPILER_TUNER_TUNER_H
