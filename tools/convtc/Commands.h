//===- Commands.h - convtc's commands -------------------------*- C++ -*-===//
#ifndef CONVT_TOOLS_CONVTC_COMMANDS_H
#define CONVT_TOOLS_CONVTC_COMMANDS_H

#include "compiler/backend/Backend.h"
#include "compiler/driver/Driver.h"
#include "compiler/spec/Initializers.h"
#include "compiler/tuner/Tuner.h"

#include <optional>
#include <string>

namespace convtc {

/// A loaded SPEC in canonical form, with what `run` needs to initialise it.
struct Layer {
  std::string name;
  convt::CanonicalLayer canonical;
  convt::InitScheme init;
};

/// Lowers the loaded module and reads its canonical layer; reports errors.
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
int benchLayer(const Layer &layer, const BenchOptions &options);

struct TuneCommandOptions {
  convt::TuneOptions tune;
  std::string db;
};
int tuneLayerCommand(const Layer &layer, const TuneCommandOptions &options);

/// Replaces `backend`'s schedule by the layer's stored winner, tuning it
/// first (with progress on stderr) when the database has none.
bool applyTuned(const Layer &layer, const std::string &db,
                convt::BackendOptions &backend);

/// Prints "error: <message>" and returns 1.
int fail(const std::string &message);

} // namespace convtc

#endif // CONVT_TOOLS_CONVTC_COMMANDS_H
