//===- Passes.h - convt passes and their patterns -------------*- C++ -*-===//
#ifndef CONVT_COMPILER_PASSES_PASSES_H
#define CONVT_COMPILER_PASSES_PASSES_H

#include "mlir/IR/PatternMatch.h"
#include "mlir/Pass/Pass.h"

#include <memory>

namespace convt {

/// Patterns rewriting convt.torch and convt.mindspore into convt.canonical.
void populateConvtToCanonicalPatterns(mlir::RewritePatternSet &patterns);

/// --convt-to-canonical
std::unique_ptr<mlir::Pass> createConvtToCanonicalPass();

/// registerConvtPasses(): every convt pass, for convt-opt and the driver.
#define GEN_PASS_REGISTRATION
#include "compiler/passes/Passes.h.inc"

} // namespace convt

#endif // CONVT_COMPILER_PASSES_PASSES_H
