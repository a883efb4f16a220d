//===- Semantics.cpp - Each framework's attributes, in canonical terms ---===//
//
// Formulas: docs/semantics.md, table 1. Messages name the attribute and the
// value expected, and say whose rule it is when frameworks differ.
//
//===----------------------------------------------------------------------===//

#include "dialects/convt/Semantics.h"
#include "dialects/convt/SemanticChecks.h"

#include <algorithm>
#include <climits>
#include <sstream>
#include <utility>

namespace convt {

using namespace semantics;

std::optional<SemanticError> readDataFormat(const std::string &format, int rank,
                                            bool &channelsLast) {
  channelsLast = false;
  if (format.empty() || rank < 1 || rank > kMaxSpatialRank ||
      parseDataFormat(format, rank, channelsLast))
    return std::nullopt;
  return error("data_format",
               std::string("must be \"") + dataFormatName(rank, false) +
                   "\" or \"" + dataFormatName(rank, true) + "\" for a " +
                   std::to_string(rank) + "-D layer, got \"" + format + "\"");
}

std::optional<SemanticError> readWeightFormat(const std::string &format,
                                              int rank, bool frameworkDefault,
                                              bool &weightChannelsLast) {
  weightChannelsLast = frameworkDefault;
  if (format.empty() || rank < 1 || rank > kMaxSpatialRank ||
      parseWeightFormat(format, rank, weightChannelsLast))
    return std::nullopt;
  return error("weight_format",
               std::string("must be \"") + weightFormatName(rank, false) +
                   "\" ([C_in, C_out/groups, k...]) or \"" +
                   weightFormatName(rank, true) +
                   "\" ([k..., C_out/groups, C_in]) for a " +
                   std::to_string(rank) + "-D layer, got \"" + format + "\"");
}

//===----------------------------------------------------------------------===//
// Canonical
//===----------------------------------------------------------------------===//

std::optional<SemanticError> checkCanonical(const CanonicalAttrs &a,
                                            const OperandShapes &shapes,
                                            CanonicalLayer &out) {
  if (auto e = checkOperands(shapes, "groups", a.groups, out))
    return e;
  int rank = out.rank;
  if (auto e = positiveDims("strides", a.strides, rank, out.strides))
    return e;
  if (auto e = positiveDims("dilations", a.dilations, rank, out.dilations))
    return e;
  std::vector<int64_t> pb, pe, post;
  if (auto e = expand("pads_begin", a.padsBegin, rank, 0, pb))
    return e;
  if (auto e = expand("pads_end", a.padsEnd, rank, 0, pe))
    return e;
  if (auto e = expand("post_pads", a.postPads, rank, 0, post))
    return e;
  if (auto e = requireAtLeast("post_pads", post, 0, "non-negative"))
    return e;
  setDims(out.padsBegin, pb);
  setDims(out.padsEnd, pe);
  setDims(out.postPads, post);
  if (auto e = checkExtents(out, "strides", "dilations", "pads_begin"))
    return e;
  return checkOutputSize(out, "pads_end",
                         "(in-1)*strides + dilations*(kernel-1) + 1 - "
                         "pads_begin - pads_end");
}

} // namespace convt
