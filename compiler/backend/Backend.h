//===- Backend.h - Halide code generation for a canonical layer -*- C++ -*-===//
//
// The backend's public face. Nothing of Halide appears here: the rest of the
// compiler sees a layer going in and an object file (a kernel with a fixed
// signature) or a printable stage coming out.
//
// Kernel signature: int FN(halide_buffer_t *input, halide_buffer_t *weight
// [, halide_buffer_t *bias], halide_buffer_t *output), dense C-order float32
// arrays of exactly the layer's shapes; 0 on success.
//
//===----------------------------------------------------------------------===//
#ifndef CONVT_COMPILER_BACKEND_BACKEND_H
#define CONVT_COMPILER_BACKEND_BACKEND_H

#include "runtime/Layer.h"
#include "runtime/Status.h"

#include <optional>
#include <string>
#include <string_view>

namespace convt {

enum class ScheduleKind { Expert, Mullapudi2016, Adams2019, Li2018 };

/// "expert", "mullapudi2016", "adams2019", "li2018".
const char *scheduleName(ScheduleKind kind);
std::optional<ScheduleKind> parseScheduleName(std::string_view name);
/// The schedule used when none is asked for (see README: measured fastest).
constexpr ScheduleKind kDefaultSchedule = ScheduleKind::Expert;

struct BackendOptions {
  ScheduleKind schedule = kDefaultSchedule;
  /// "host" (this CPU with all its features) or a Halide target string.
  std::string target = "host";
  /// Parallelism the schedules plan for; 0 = the machine's core count.
  int threads = 0;
};

enum class BackendStage { Halide, Schedule, Stmt, Llvm, Asm };

/// The concrete Halide target string of `target` ("host" resolved), without
/// the no_runtime feature. An error for an unknown target string.
Status resolveTarget(const std::string &target, std::string &resolved);

/// Compiles `layer` into `objectPath`, exporting `functionName`. The object
/// carries no Halide runtime (see compileHalideRuntime).
Status compileKernelObject(const CanonicalLayer &layer,
                           const BackendOptions &options,
                           const std::string &objectPath,
                           const std::string &functionName);

/// The Halide runtime (thread pool, error reporting) for kernels of
/// `target`, as one object file shared by all of them.
Status compileHalideRuntime(const std::string &target,
                            const std::string &objectPath);

/// One printable stage of the layer's code.
Status emitBackendStage(const CanonicalLayer &layer,
                        const BackendOptions &options, BackendStage stage,
                        std::string &text);

/// Multiply-adds the layer's reduction performs, counted by Halide running
/// the same reduction domain and predicates with +1 in place of each
/// product (the schedule does not change which taps run).
Status countMultiplyAdds(const CanonicalLayer &layer, int64_t &count);

/// "halide-14.0.0": part of every cache key.
std::string backendVersion();

/// The machine's core count, used when BackendOptions::threads is 0.
int hardwareThreads();

} // namespace convt

#endif // CONVT_COMPILER_BACKEND_BACKEND_H
