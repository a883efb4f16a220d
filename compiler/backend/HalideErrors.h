//===- HalideErrors.h - Halide's errors as Statuses -------------*- C++ -*-===//
//
// Internal to the backend: Halide reports errors by throwing; the rest of
// convt takes Statuses.
//
//===----------------------------------------------------------------------===//
#ifndef CONVT_COMPILER_BACKEND_HALIDEERRORS_H
#define CONVT_COMPILER_BACKEND_HALIDEERRORS_H

#include "compiler/backend/Backend.h"

#include <Halide.h>

#include <stdexcept>
#include <string>

namespace convt {

/// Installs (once) convt's reporter of Halide's compile-time warnings and
/// errors (HalideErrors.cpp).
void installCompileReporter();

/// Runs `body`, turning Halide's exceptions into a Status.
template <typename F> Status guarded(F &&body) {
  installCompileReporter();
  try {
    body();
    return Status::success();
  } catch (const Halide::Error &e) {
    std::string msg = e.what();
    while (!msg.empty() && (msg.back() == '\n' || msg.back() == ' '))
      msg.pop_back();
    // Every layer that passes validation and the limits compiles, so this
    // is a defect of convt's, not of the input: say so, and keep Halide's
    // words for the report.
    return Status::error("internal compiler error (a defect in convt: please "
                         "report it with the layer spec): Halide: " +
                         msg);
  } catch (const std::exception &e) {
    return Status::error(e.what());
  }
}

/// `s` with the autoschedulers' failures said as theirs: a schedule
/// Halide's autoscheduler wrote for the layer that Halide 14 then fails to
/// lower (Li2018's GPU schedule of conformance layer cl_random_258 trips
/// its loop partitioning) is not a defect of convt's template.
Status blameAutoscheduler(Status s, ScheduleKind kind);

} // namespace convt

#endif // CONVT_COMPILER_BACKEND_HALIDEERRORS_H
