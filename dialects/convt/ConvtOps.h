//===- ConvtOps.h - The convt ops -----------------------------*- C++ -*-===//
#ifndef CONVT_DIALECT_CONVTOPS_H
#define CONVT_DIALECT_CONVTOPS_H

#include "dialects/convt/ConvtDialect.h"
#include "dialects/convt/Semantics.h"

#include "mlir/IR/Builders.h"
#include "mlir/IR/BuiltinTypes.h"
#include "mlir/IR/OpDefinition.h"
#include "mlir/Interfaces/SideEffectInterfaces.h"

#include <optional>

#include "dialects/convt/ConvtInterfaces.h.inc"

#define GET_OP_CLASSES
#include "dialects/convt/ConvtOps.h.inc"

namespace convt {

/// The attributes of a convt.canonical op for `layer` (post_pads only when
/// some are non-zero).
llvm::SmallVector<mlir::NamedAttribute>
canonicalAttributes(mlir::Builder &builder, const CanonicalLayer &layer);

/// The canonical layer of any convt layer op; an error for other ops.
std::optional<SemanticError> computeLayerOf(mlir::Operation *op,
                                            CanonicalLayer &layer);

} // namespace convt

#endif // CONVT_DIALECT_CONVTOPS_H
