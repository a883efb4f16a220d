//===- LayerSpec.h - The JSON layer spec of docs/cli-and-spec.md -*- C++
//-*-===//
//
// A spec names a layer in its framework's own terms plus the input shape it
// runs on. Reading one checks it the way the framework would and reports any
// error at the offending key ("spec.json:4:7: error: ..."), then builds the
// frontend op in a function: the first stage that `convtc emit` prints.
//
//===----------------------------------------------------------------------===//
#ifndef CONVT_COMPILER_SPEC_LAYERSPEC_H
#define CONVT_COMPILER_SPEC_LAYERSPEC_H

#include "compiler/frontends/mindspore/MindSporeRules.h"
#include "compiler/frontends/onnx/OnnxRules.h"
#include "compiler/frontends/tf/TfRules.h"
#include "compiler/frontends/torch/TorchRules.h"
#include "dialects/convt/Semantics.h"

#include "mlir/IR/BuiltinOps.h"
#include "mlir/IR/MLIRContext.h"
#include "mlir/Support/LogicalResult.h"

#include <optional>
#include <string>

namespace convt {

enum class Style { Torch, MindSpore, Onnx, Tf, Canonical };

/// The element type names of the spec: float32, float16, bfloat16.
mlir::Type elementTypeFor(llvm::StringRef dtype, mlir::MLIRContext &ctx);

struct LayerSpec {
  std::string name;
  Style style = Style::Torch;
  std::string dtype = "float32";
  /// As given: [N, C_in, spatial...], or [N, spatial..., C_in] when
  /// channelsLast.
  std::vector<int64_t> inputShape;
  /// The spec's data_format, empty when absent (channels first).
  std::string dataFormat;
  bool channelsLast = false;
  /// The weight's layout (weight_format, else the framework's own).
  bool weightChannelsLast = false;
  int64_t inChannels = 0;
  int64_t outChannels = 0;
  std::vector<int64_t> kernelSize; ///< one value per spatial dimension
  bool hasBias = false;
  int64_t groups = 1;         ///< the framework's groups (or group)
  TorchAttrs torch;           ///< style == Torch
  MindSporeAttrs mindspore;   ///< style == MindSpore
  OnnxAttrs onnx;             ///< style == Onnx
  TfAttrs tf;                 ///< style == Tf
  CanonicalAttrs canonical;   ///< style == Canonical
  std::string weightInit;     ///< MindSpore weight_init; empty: None
  std::string biasInit;       ///< MindSpore bias_init; empty: None
  double weightInitValue = 0; ///< when weight_init is a number
  double biasInitValue = 0;   ///< when bias_init is a number
  /// The layer in canonical form (filled by parseLayerSpec).
  CanonicalLayer layer;

  int rank() const { return static_cast<int>(inputShape.size()) - 2; }
  OperandShapes operandShapes() const;
};

/// Reads a spec from `text`, the contents of `fileName`. Errors are emitted
/// through `ctx`'s diagnostic engine at the key they concern.
mlir::FailureOr<LayerSpec> parseLayerSpec(llvm::StringRef text,
                                          llvm::StringRef fileName,
                                          mlir::MLIRContext &ctx);

/// A module holding `func @<name>(input, weight[, bias]) -> output` whose
/// body is the spec's frontend op (convt.torch, convt.mindspore or
/// convt.canonical).
mlir::OwningOpRef<mlir::ModuleOp> buildSpecModule(const LayerSpec &spec,
                                                  mlir::MLIRContext &ctx,
                                                  mlir::Location loc);

} // namespace convt

#endif // CONVT_COMPILER_SPEC_LAYERSPEC_H
