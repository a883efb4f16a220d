//===- Commands.h - convtc's commands -------------------------*- C++ -*-===//
#ifndef CONVT_TOOLS_CONVTC_COMMANDS_H
#define CONVT_TOOLS_CONVTC_COMMANDS_H

#include "compiler/backend/Backend.h"
#include "compiler/driver/Driver.h"
#include "compiler/porting/Porting.h"
#include "compiler/spec/Initializers.h"
#include "compiler/tuner/Tuner.h"

#include <memory>

#include <optional>
#include <string>

namespace convtc {

/// A loaded SPEC in canonical form (name, frontend op, canonical layer),
/// with what `run` needs to initialise it.
struct Layer : convt::PortedLayer {
  convt::InitScheme init;
};

/// Lowers the loaded module (convt::lowerToLayer) and reads its canonical
/// layer; reports errors.
bool canonicalLayerOf(convt::LoadedLayer &loaded, Layer &layer);

struct RunOptions {
  std::string input, weight, bias, output;
  uint64_t seed = 0;
  convt::BackendOptions backend;
};
int runLayer(const Layer &layer, const RunOptions &options);

struct BenchOptions {
  convt::BackendOptions backend;
  bool json = false;
  double seconds = 1.0; ///< time spent measuring, after a warm-up run
  /// When set, a second schedule timed against `backend` call by call.
  std::optional<convt::BackendOptions> versus;
};
struct TuneCommandOptions {
  convt::TuneOptions tune;
  std::string db;
};

/// `convtc tune --list-candidates`: the first stage of the search, one
/// schedule a line as the options that compile it (`--schedule=expert
/// --gpu=f2c4q2x8y8z2k4s1`), so that kernels can be compiled here and timed
/// on a machine without the compiler.
int listTuneCandidates(const Layer &layer, const TuneCommandOptions &options,
                       const std::string &target);

/// run and bench for a GPU target (Device.cpp): the kernel compiled ahead
/// of time and run by convt-runner, out of this process.
int runOnDevice(const Layer &layer, const RunOptions &options,
                const std::vector<float> &weight,
                const std::vector<float> &bias);
int benchOnDevice(const Layer &layer, const BenchOptions &options);
/// tune and --tuned for a GPU target: candidates measured by convt-runner
/// on the device, the winner stored under the device's name.
int tuneOnDeviceCommand(const Layer &layer, const TuneCommandOptions &options,
                        const std::string &target);
bool applyTunedOnDevice(const Layer &layer, const std::string &dbPath,
                        convt::BackendOptions &backend);

/// `convtc import MODEL.onnx -o DIR` (Import.cpp): a spec, and the
/// weights the model holds, for every ConvTranspose node.
int importModel(const std::string &modelPath, const std::string &outDir,
                const std::vector<int64_t> &inputShape);

/// Times the layer; the fastest call's milliseconds go to *minMs when given.
int benchLayer(const Layer &layer, const BenchOptions &options,
               double *minMs = nullptr);

int tuneLayerCommand(const Layer &layer, const TuneCommandOptions &options);

/// A tuning search's progress on stderr: a line per candidate (`tune`), or
/// a counter (tuning for --tuned); and its result on stdout (`where`: ""
/// or " on the device").
void printTuneCandidate(size_t i, size_t n, const convt::TuneCandidate &c);
void printTuneCount(size_t i, size_t n, const convt::TuneCandidate &c);
void printTuneWinner(const Layer &layer, const convt::TuneCandidate &winner,
                     const std::string &db, const char *where);

/// `convtc compile`: the layer's kernel as files in `dir`.
int compileLayer(const Layer &layer, const convt::BackendOptions &backend,
                 const std::string &dir, const std::string &name);

/// Replaces `backend`'s schedule by the layer's stored winner, tuning it
/// first (with progress on stderr) when the database has none.
bool applyTuned(const Layer &layer, const std::string &db,
                convt::BackendOptions &backend);

/// `convtc cache ACTION`: list, stats, verify or clear the kernel cache in
/// `dir` (empty: the default).
int cacheCommand(const std::string &action, const std::string &dir);

/// Makes run, bench and tune look kernels up in (and add them to) the disk
/// cache in `dir`; empty: memory only.
void setDiskCache(const std::string &dir);

/// A JIT compiler using the disk cache of setDiskCache.
std::unique_ptr<convt::JitCompiler> makeJit();

/// Prints "error: <message>" and returns 1.
int fail(const std::string &message);

} // namespace convtc

#endif // CONVT_TOOLS_CONVTC_COMMANDS_H
