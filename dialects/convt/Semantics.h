//===- Semantics.h - Each framework's attributes, in canonical terms -----===//
//
// The rules of docs/semantics.md as plain functions: they check a frontend
// layer the way its framework does and compute its canonical padded form.
// The op verifiers, the --convt-to-canonical patterns and the JSON spec
// reader all call these, so a rule is written once and every path reports
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
  std::vector<int64_t> weight;              ///< [C_in, C_out/groups, k...]
  std::optional<std::vector<int64_t>> bias; ///< [C_out]
  /// The layout of input and output (the data_format attribute).
  bool channelsLast = false;
};

/// torch.nn.ConvTranspose{1,2,3}d; vectors hold one value per spatial
/// dimension. An empty vector stands for PyTorch's default.
struct TorchAttrs {
  std::vector<int64_t> stride;
  std::vector<int64_t> padding;
  std::vector<int64_t> outputPadding;
  std::vector<int64_t> dilation;
  int64_t groups = 1;
  std::string paddingMode = "zeros";
  /// The output_size argument of forward(), spatial sizes only.
  std::optional<std::vector<int64_t>> outputSize;
};

/// mindspore.nn.Conv{1,2,3}dTranspose. `padding` holds 1 value or 2 per
/// spatial dimension in MindSpore's order ((top, bottom, left, right) in 2-D,
/// (head, tail, top, bottom, left, right) in 3-D). Empty = default.
struct MindSporeAttrs {
  std::vector<int64_t> stride;
  std::vector<int64_t> padding;
  std::vector<int64_t> outputPadding;
  std::vector<int64_t> dilation;
  int64_t group = 1;
  std::string padMode = "same";
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

/// Each returns std::nullopt and fills `out` when the layer is valid.
std::optional<SemanticError> lowerTorch(const TorchAttrs &attrs,
                                        const OperandShapes &shapes,
                                        CanonicalLayer &out);
std::optional<SemanticError> lowerMindSpore(const MindSporeAttrs &attrs,
                                            const OperandShapes &shapes,
                                            CanonicalLayer &out);
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

} // namespace convt

#endif // CONVT_DIALECT_SEMANTICS_H
