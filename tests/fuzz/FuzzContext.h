//===- FuzzContext.h - One MLIR context for a fuzz target ------*- C++ -*-===//
//
// The context of the spec and .mlir targets: made once (a context per input
// would dominate the time), with the convt dialects loaded and diagnostics
// discarded (an error is a normal outcome for fuzzed input).
//
//===----------------------------------------------------------------------===//
#ifndef CONVT_TESTS_FUZZ_FUZZCONTEXT_H
#define CONVT_TESTS_FUZZ_FUZZCONTEXT_H

#include "compiler/driver/Driver.h"

#include "mlir/IR/Diagnostics.h"
#include "mlir/IR/MLIRContext.h"

namespace convt::fuzz {

inline mlir::MLIRContext &context() {
  static mlir::DialectRegistry registry = [] {
    mlir::DialectRegistry r;
    registerConvtDialects(r);
    return r;
  }();
  static mlir::MLIRContext ctx(registry);
  static bool init = [] {
    ctx.loadAllAvailableDialects();
    ctx.getDiagEngine().registerHandler(
        [](mlir::Diagnostic &) { return mlir::success(); });
    return true;
  }();
  (void)init;
  return ctx;
}

} // namespace convt::fuzz

#endif // CONVT_TESTS_FUZZ_FUZZCONTEXT_H
