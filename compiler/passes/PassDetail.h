//===- PassDetail.h - Generated pass base classes -------------*- C++ -*-===//
#ifndef CONVT_COMPILER_PASSES_PASSDETAIL_H
#define CONVT_COMPILER_PASSES_PASSDETAIL_H

#include "dialects/convt/ConvtDialect.h"

#include "mlir/Pass/Pass.h"

namespace convt {
#define GEN_PASS_CLASSES
#include "compiler/passes/Passes.h.inc"
} // namespace convt

#endif // CONVT_COMPILER_PASSES_PASSDETAIL_H
