//===- OnnxRules.h - ONNX ConvTranspose, in canonical terms ----*- C++ -*-===//
#ifndef CONVT_FRONTENDS_ONNX_ONNXRULES_H
#define CONVT_FRONTENDS_ONNX_ONNXRULES_H

#include "dialects/convt/Semantics.h"

namespace convt {

/// ONNX ConvTranspose (opsets 1-22: the attributes did not change meaning
/// between them). Vectors hold one value per spatial dimension, except
/// `pads`: [x1_begin, x2_begin, ..., x1_end, x2_end, ...]. Empty = ONNX's
/// default.
struct OnnxAttrs {
  std::string autoPad = "NOTSET";
  std::vector<int64_t> pads;
  std::vector<int64_t> outputPadding;
  /// Spatial sizes; when given, pads are computed from it (and `pads`
  /// ignored, as the spec says).
  std::optional<std::vector<int64_t>> outputShape;
  std::vector<int64_t> strides;
  std::vector<int64_t> dilations;
  /// Must match the weight's spatial dimensions when given.
  std::vector<int64_t> kernelShape;
  int64_t group = 1;
};

/// Returns std::nullopt and fills `out` when the layer is valid. Follows
/// the ONNX operator spec's text where ONNX's implementations differ
/// (docs/frontends.md).
std::optional<SemanticError> lowerOnnx(const OnnxAttrs &attrs,
                                       const OperandShapes &shapes,
                                       CanonicalLayer &out);

} // namespace convt

#endif // CONVT_FRONTENDS_ONNX_ONNXRULES_H
