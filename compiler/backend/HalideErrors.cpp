//===- HalideErrors.cpp - Halide's errors as Statuses ---------------------===//

#include "compiler/backend/HalideErrors.h"

#include <cstdio>
#include <cstring>
#include <mutex>

using namespace Halide;

namespace convt {

namespace {

/// Halide's compile-time reports, as its default reporter makes them
/// (warnings to stderr, errors thrown), less one warning: an OpenCL
/// kernel's assertions are dropped with a warning each, and the GPU
/// template's bounds on a thread's register tile (bound_extent), which
/// hold by construction but which Halide cannot always prove, left one per
/// kernel on every `convtc run/bench/tune --target=opencl`.
class Reporter : public CompileTimeErrorReporter {
public:
  void warning(const char *msg) override {
    if (!std::strstr(msg, "Ignoring assertion inside OpenCL kernel"))
      std::fputs(msg, stderr);
  }
  void error(const char *msg) override { throw CompileError(msg); }
};

} // namespace

void installCompileReporter() {
  static std::once_flag once;
  static Reporter reporter;
  std::call_once(once,
                 [] { set_custom_compile_time_error_reporter(&reporter); });
}

Status blameAutoscheduler(Status s, ScheduleKind kind) {
  const std::string prefix = "internal compiler error (a defect in convt: "
                             "please report it with the layer spec): ";
  if (s || kind == ScheduleKind::Expert || s.message().rfind(prefix, 0) != 0)
    return s;
  return Status::error(std::string("Halide 14 cannot compile the ") +
                       scheduleName(kind) +
                       " schedule of this layer (a defect of the "
                       "autoscheduler or Halide; the expert schedule "
                       "compiles every layer): " +
                       s.message().substr(prefix.size()));
}

} // namespace convt
