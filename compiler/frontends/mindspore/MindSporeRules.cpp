//===- MindSporeRules.cpp - MindSpore's attributes, in canonical terms
//-----===//
//
// docs/semantics.md, section 3; messages say MindSpore's rule where
// frameworks differ.
//
//===----------------------------------------------------------------------===//

#include "compiler/frontends/mindspore/MindSporeRules.h"
#include "dialects/convt/SemanticChecks.h"

#include <algorithm>
#include <climits>
#include <sstream>
#include <utility>

namespace convt {

using namespace semantics;

std::optional<SemanticError> lowerMindSpore(const MindSporeAttrs &a,
                                            const OperandShapes &shapes,
                                            CanonicalLayer &out) {
  const std::string &mode = a.padMode;
  if (mode != "same" && mode != "valid" && mode != "pad")
    return error("pad_mode",
                 "must be one of \"same\", \"valid\", \"pad\", got \"" + mode +
                     "\"");
  if (auto e = checkOperands(shapes, "group", a.group, out))
    return e;
  int rank = out.rank;

  if (auto e = positiveDims("stride", a.stride, rank, out.strides))
    return e;
  if (auto e = positiveDims("dilation", a.dilation, rank, out.dilations))
    return e;
  const Dims &s = out.strides, &d = out.dilations;
  std::vector<int64_t> op;

  // padding: one int, or (begin, end) per spatial dimension.
  std::vector<int64_t> pad =
      a.padding.empty() ? std::vector<int64_t>{0} : a.padding;
  if (rank == 1 && pad.size() != 1)
    return error("padding",
                 "must be a single int for Conv1dTranspose, got " + list(pad));
  if (pad.size() != 1 && static_cast<int>(pad.size()) != 2 * rank)
    return error("padding",
                 "must be one int or " + std::to_string(2 * rank) +
                     " values (begin and end of each spatial dimension, in "
                     "MindSpore's order), got " +
                     std::to_string(pad.size()) + ": " + list(pad));
  if (auto e = requireAtLeast("padding", pad, 0, "non-negative"))
    return e;
  if (auto e = inRange("padding", pad))
    return e;
  if (pad.size() == 1)
    pad.assign(2 * rank, pad[0]);
  bool anyPad =
      std::any_of(pad.begin(), pad.end(), [](int64_t v) { return v != 0; });
  if (anyPad && mode != "pad")
    return error("padding", "must be 0 when pad_mode is \"" + mode +
                                "\" (MindSpore pads only with pad_mode = "
                                "\"pad\"), got " +
                                list(a.padding));

  // output_padding: none in 1-D; 2-D appends zeros after the bias; 3-D
  // extends the computed output and is cleared by 'same'.
  if (rank == 1) {
    if (std::any_of(a.outputPadding.begin(), a.outputPadding.end(),
                    [](int64_t v) { return v != 0; }))
      return error("output_padding",
                   "is not an argument of MindSpore's Conv1dTranspose, got " +
                       list(a.outputPadding));
    op.assign(1, 0);
  } else {
    std::vector<int64_t> given = a.outputPadding;
    if (given.size() == 1)
      given.assign(rank, given[0]);
    if (auto e = expand("output_padding", given, rank, 0, op))
      return e;
    if (auto e = requireAtLeast("output_padding", op, 0, "non-negative"))
      return e;
    bool anyOp =
        std::any_of(op.begin(), op.end(), [](int64_t v) { return v != 0; });
    if (rank == 2) {
      for (int i = 0; i < rank; ++i)
        if (op[i] >= std::max(s[i], d[i])) {
          std::ostringstream os;
          os << "must lie in [0, max(stride, dilation)) = [0, "
             << std::max(s[i], d[i]) << ") (MindSpore's rule), got " << op[i]
             << " in spatial dimension " << i;
          return error("output_padding", os.str());
        }
      if (anyOp && mode != "pad")
        return error("output_padding",
                     "must be 0 when pad_mode is \"" + mode +
                         "\" (MindSpore's Conv2dTranspose applies it only "
                         "with pad_mode = \"pad\"), got " +
                         list(op));
    } else if (mode == "valid" && anyOp) {
      return error("output_padding",
                   "must be 0 when pad_mode is \"valid\" (MindSpore's "
                   "Conv3dTranspose), got " +
                       list(op));
    } else if (mode == "same") {
      op.assign(rank, 0); // Conv3DTranspose's infer clears it silently.
    }
  }

  for (int i = 0; i < rank; ++i) {
    int64_t fs = d[i] * (out.kernelSize[i] - 1) + 1;
    if (mode == "same") {
      // pad_needed = max(0, fs - s); the odd element goes to the end.
      out.padsBegin[i] = std::max<int64_t>(0, fs - s[i]) / 2;
      out.padsEnd[i] = fs - s[i] - out.padsBegin[i];
    } else if (mode == "valid") {
      out.padsBegin[i] = 0;
      out.padsEnd[i] = std::min<int64_t>(0, fs - s[i]);
    } else {
      out.padsBegin[i] = pad[2 * i];
      out.padsEnd[i] = pad[2 * i + 1];
      if (rank == 2)
        out.postPads[i] = op[i];
      else
        out.padsEnd[i] -= op[i];
    }
  }
  if (auto e = checkExtents(out, "stride", "dilation", "padding"))
    return e;
  return checkOutputSize(out, mode == "pad" ? "padding" : "pad_mode",
                         "(in-1)*stride + dilation*(kernel-1) + 1 - "
                         "pad_begin - pad_end");
}

} // namespace convt
