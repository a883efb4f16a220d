//===- Frontend.h - A framework's place in the spec reader -----*- C++ -*-===//
//
// What the JSON spec reader and builder need of a framework: its style
// name, its keys, how it reads them and which op it builds. Each
// compiler/frontends/<framework>/<Framework>Spec.cpp defines one; the list
// (compiler/frontends/Frontends.cmake) makes the table, so the reader names
// no framework itself.
//
//===----------------------------------------------------------------------===//
#ifndef CONVT_COMPILER_FRONTENDS_FRONTEND_H
#define CONVT_COMPILER_FRONTENDS_FRONTEND_H

#include "compiler/spec/LayerSpec.h"
#include "compiler/spec/SpecReader.h"

#include "mlir/IR/Builders.h"

#include "llvm/ADT/ArrayRef.h"

#include <optional>
#include <vector>

namespace convt {

struct Frontend {
  Style style;
  /// The spec's "style" and the op's mnemonic ("torch").
  const char *name;
  /// The keys it reads beyond the common ones (docs/cli-and-spec.md).
  std::vector<const char *> keys;
  /// "groups" or "group"; null when the framework has no groups.
  const char *groupsKey;
  /// Reads the framework's attributes into `spec` (whose common keys and
  /// groups are read) and lowers them into spec.layer. A failure is
  /// reported already; a rule broken is left in `err`, for the reader to
  /// report at its key.
  mlir::LogicalResult (*read)(SpecReader &reader, LayerSpec &spec,
                              std::optional<SemanticError> &err);
  /// The framework's op for `spec` (its result type inferred).
  mlir::Value (*build)(mlir::OpBuilder &b, mlir::Location loc,
                       const LayerSpec &spec, mlir::Value input,
                       mlir::Value weight, mlir::Value bias);
  /// The framework's own layouts are channels last (TensorFlow): what the
  /// spec's and the op's absent data_format and weight_format mean.
  bool layoutsLast = false;
};

/// Adds to `attrs` the data_format and weight_format attributes of `spec`
/// that differ from its framework's own layouts (a data_format already in
/// `attrs` stays).
void appendLayoutAttributes(mlir::Builder &b, const LayerSpec &spec,
                            llvm::SmallVectorImpl<mlir::NamedAttribute> &attrs);

/// Reads spatial sizes from `key` (PyTorch's output_size, ONNX's
/// output_shape): `rank` values, or the full [N, C_out, spatial...] shape,
/// whose [N, C_out] must then agree with the layer; absent leaves `out`
/// empty.
mlir::LogicalResult readOutputSizes(SpecReader &reader, const LayerSpec &spec,
                                    llvm::StringRef key,
                                    std::optional<std::vector<int64_t>> &out);

/// Every frontend, in the order of compiler/frontends/Frontends.cmake.
llvm::ArrayRef<const Frontend *> allFrontends();
/// The frontend whose name is `style`; nullptr if none.
const Frontend *findFrontend(llvm::StringRef style);
const Frontend &frontendOf(Style style);

} // namespace convt

#endif // CONVT_COMPILER_FRONTENDS_FRONTEND_H
