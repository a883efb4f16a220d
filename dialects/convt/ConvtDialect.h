//===- ConvtDialect.h - The convt dialect ---------------------*- C++ -*-===//
#ifndef CONVT_DIALECT_CONVTDIALECT_H
#define CONVT_DIALECT_CONVTDIALECT_H

#include "mlir/IR/Dialect.h"

#include "dialects/convt/ConvtOpsDialect.h.inc"

#endif // CONVT_DIALECT_CONVTDIALECT_H
