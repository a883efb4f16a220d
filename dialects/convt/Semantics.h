//===- Semantics.h - Each framework's attributes, in canonical terms -----===//
//
// What every framework's rules are written in: the error a framework would
// raise, the operands' shapes, the canonical form's own attributes and the
// data_format every style takes. Each framework's rules (docs/semantics.md
// as plain functions) live in its folder, compiler/frontends/<framework>/;
// the op verifiers, the --convt-to-canonical pattern and the JSON spec
// reader all call them, so a rule is written once and every path reports
// the same message.
//
//===----------------------------------------------------------------------===//
#ifndef CONVT_DIALECT_SEMANTICS_H
#define CONVT_DIALECT_SEMANTICS_H

#include "runtime/Layer.h"

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace convt {

/// What a framework would reject, tied to the attribute (or operand) whose
/// value is wrong so that a caller can point at it.
struct SemanticError {
  std::string attribute;
  std::string message;
};

/// Static operand shapes. A dynamic dimension is negative.
struct OperandShapes {
  /// [N, C_in, spatial...], or [N, spatial..., C_in] with channelsLast.
  std::vector<int64_t> input;
  /// [C_in, C_out/groups, k...], or [k..., C_out/groups, C_in] with
  /// weightChannelsLast.
  std::vector<int64_t> weight;
  std::optional<std::vector<int64_t>> bias; ///< [C_out]
  /// The layout of input and output (the data_format attribute).
  bool channelsLast = false;
  /// The weight's layout (the weight_format attribute).
  bool weightChannelsLast = false;
};

/// convt.canonical; every vector holds one value per spatial dimension
/// (postPads may be empty: no trailing zeros).
struct CanonicalAttrs {
  std::vector<int64_t> strides;
  std::vector<int64_t> dilations;
  std::vector<int64_t> padsBegin;
  std::vector<int64_t> padsEnd;
  std::vector<int64_t> postPads;
  int64_t groups = 1;
};

/// Returns std::nullopt and fills `out` when the layer is valid (each
/// frontend's lowerX in compiler/frontends/<framework>/ does the same for
/// its attributes).
std::optional<SemanticError> checkCanonical(const CanonicalAttrs &attrs,
                                            const OperandShapes &shapes,
                                            CanonicalLayer &out);

/// The data_format attribute, which every style takes: the layout of the
/// input and the output, one of dataFormatName(rank, ...) ("NCHW" or
/// "NHWC" in 2-D; empty = channels first, every framework's default). A
/// layout reorders the data, not the layer: the attributes keep their
/// meaning and the weight its layout. `rank` is the input's rank minus 2;
/// one outside 1..3 is left to the operand checks.
std::optional<SemanticError> readDataFormat(const std::string &format, int rank,
                                            bool &channelsLast);

/// The weight_format attribute, which every style takes: the weight's
/// layout, one of weightFormatName(rank, ...) ("IOHW", PyTorch's, or
/// "HWOI", TensorFlow's, in 2-D); empty = the framework's own
/// (`frameworkDefault`). Only the layout changes, not the values' meaning.
std::optional<SemanticError> readWeightFormat(const std::string &format,
                                              int rank, bool frameworkDefault,
                                              bool &weightChannelsLast);

} // namespace convt

#endif // CONVT_DIALECT_SEMANTICS_H
