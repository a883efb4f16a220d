//===- Driver.h - Loading and lowering layers, for tools and tests -*- C++
//-*-===//
//
// What convtc does, as a library: read a SPEC (a JSON layer spec, a .mlir
// file holding one frontend op in a function, or "-" for JSON on stdin),
// build or parse its module, and run the lowering pipeline on it. Errors go
// through the MLIRContext's diagnostic engine with file positions.
//
//===----------------------------------------------------------------------===//
#ifndef CONVT_COMPILER_DRIVER_DRIVER_H
#define CONVT_COMPILER_DRIVER_DRIVER_H

#include "compiler/spec/LayerSpec.h"
#include "runtime/Status.h"

#include "mlir/IR/BuiltinOps.h"
#include "mlir/IR/Dialect.h"
#include "mlir/Support/LogicalResult.h"

#include "llvm/Support/SourceMgr.h"

#include <optional>

namespace convt {

/// The dialects convt's modules use.
void registerConvtDialects(mlir::DialectRegistry &registry);

struct LoadedLayer {
  mlir::OwningOpRef<mlir::ModuleOp> module;
  /// Set when the layer came from a JSON spec (it carries initialisers).
  std::optional<LayerSpec> spec;
};

/// Reads `path` into `sourceMgr` (so diagnostics can quote it) and builds the
/// verified module of its layer.
mlir::FailureOr<LoadedLayer> loadLayer(llvm::StringRef path,
                                       llvm::SourceMgr &sourceMgr,
                                       mlir::MLIRContext &ctx);

/// Runs --convt-to-canonical on `module`.
mlir::LogicalResult lowerToCanonical(mlir::ModuleOp module);

/// The one path from a layer to the backend: runs --convt-to-canonical on
/// `module` and reads the layer (with its element type) from the
/// convt.canonical op it leaves, so that what `convtc emit --stage=canonical`
/// prints is exactly what gets compiled. Errors are emitted at the op.
mlir::FailureOr<CanonicalLayer> lowerToLayer(mlir::ModuleOp module);

/// The canonical layer of a JSON spec given as text, through the frontend
/// op and lowerToLayer, with its own context; diagnostics become the error
/// message.
Status canonicalLayerFromJson(const std::string &json, const std::string &name,
                              CanonicalLayer &layer);

/// A JSON spec's layer and the stages before the backend, printed: what
/// the Python module's Layer holds.
struct SpecStages {
  std::string name;       ///< the function's name (the spec's, sanitised)
  std::string frontendOp; ///< "convt.torch", ...
  std::string frontend;   ///< the module with the frontend op
  std::string canonical;  ///< the module after --convt-to-canonical
  CanonicalLayer layer;
};

/// The stages of the JSON spec `json` (`name` stands for its file in
/// messages), with its own context; diagnostics become the error message.
Status loadSpecStages(const std::string &json, const std::string &name,
                      SpecStages &out);

/// The single convt op of `module`; an error if there is none or several.
mlir::FailureOr<mlir::Operation *> findLayerOp(mlir::ModuleOp module);

} // namespace convt

#endif // CONVT_COMPILER_DRIVER_DRIVER_H
