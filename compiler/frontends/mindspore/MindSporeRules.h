//===- MindSporeRules.h - MindSpore's attributes, in canonical terms -*- C++
//-*-===//
#ifndef CONVT_FRONTENDS_MINDSPORE_MINDSPORERULES_H
#define CONVT_FRONTENDS_MINDSPORE_MINDSPORERULES_H

#include "dialects/convt/Semantics.h"

namespace convt {

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

/// Returns std::nullopt and fills `out` when the layer is valid.
std::optional<SemanticError> lowerMindSpore(const MindSporeAttrs &attrs,
                                            const OperandShapes &shapes,
                                            CanonicalLayer &out);

} // namespace convt

#endif // CONVT_FRONTENDS_MINDSPORE_MINDSPORERULES_H
