//===- OnnxRules.cpp - ONNX ConvTranspose, in canonical terms -------------===//
//
// docs/semantics.md, section 4: the operator spec's text (onnx/defs/nn/
// defs.cc, opset 22). Where ONNX's shape inference, its reference
// implementation and ONNX Runtime disagree with that text, the text wins;
// docs/frontends.md lists where.
//
//===----------------------------------------------------------------------===//

#include "compiler/frontends/onnx/OnnxRules.h"
#include "dialects/convt/SemanticChecks.h"

#include <sstream>

namespace convt {

using namespace semantics;

namespace {

/// Python's floor division (ONNX's reference implementation splits a
/// negative total padding that way; the spec's "total_padding / 2" says
/// nothing of signs).
int64_t floorHalf(int64_t t) { return t >= 0 ? t / 2 : -((-t + 1) / 2); }

} // namespace

std::optional<SemanticError> lowerOnnx(const OnnxAttrs &a,
                                       const OperandShapes &shapes,
                                       CanonicalLayer &out) {
  const std::string &mode = a.autoPad;
  if (mode != "NOTSET" && mode != "SAME_UPPER" && mode != "SAME_LOWER" &&
      mode != "VALID")
    return error("auto_pad", "must be \"NOTSET\", \"SAME_UPPER\", "
                             "\"SAME_LOWER\" or \"VALID\", got \"" +
                                 mode + "\"");
  if (auto e = checkOperands(shapes, "group", a.group, out))
    return e;
  const int rank = out.rank;
  if (auto e = positiveDims("strides", a.strides, rank, out.strides))
    return e;
  if (auto e = positiveDims("dilations", a.dilations, rank, out.dilations))
    return e;
  if (!a.kernelShape.empty()) {
    std::vector<int64_t> k(shapes.weight.begin() + 2, shapes.weight.end());
    if (a.kernelShape != k)
      return error("kernel_shape", "is " + list(a.kernelShape) +
                                       " but the weight's spatial "
                                       "dimensions are " +
                                       list(k));
  }
  std::vector<int64_t> op;
  if (auto e = expand("output_padding", a.outputPadding, rank, 0, op))
    return e;
  if (auto e = requireAtLeast("output_padding", op, 0, "non-negative"))
    return e;
  const Dims &s = out.strides, &d = out.dilations;
  for (int i = 0; i < rank; ++i)
    if (!(op[i] < s[i] || op[i] < d[i])) {
      std::ostringstream os;
      os << "must be smaller than the stride or the dilation (ONNX's "
            "rule): got "
         << op[i] << " in spatial dimension " << i << " with strides " << s[i]
         << " and dilations " << d[i];
      return error("output_padding", os.str());
    }
  std::vector<int64_t> begin(rank, 0), end(rank, 0);
  if (!a.pads.empty()) {
    if (auto e = inRange("pads", a.pads))
      return e;
    if (static_cast<int>(a.pads.size()) != 2 * rank)
      return error("pads", "must have " + std::to_string(2 * rank) +
                               " values (every spatial dimension's begin, "
                               "then every end), got " +
                               std::to_string(a.pads.size()) + ": " +
                               list(a.pads));
    if (auto e = requireAtLeast("pads", a.pads, 0, "non-negative"))
      return e;
    if (mode != "NOTSET" && !a.outputShape)
      return error("pads", "cannot be given with auto_pad \"" + mode +
                               "\" (ONNX: pads and auto_pad exclude each "
                               "other)");
    for (int i = 0; i < rank; ++i) {
      begin[i] = a.pads[i];
      end[i] = a.pads[rank + i];
    }
  }
  if (a.outputShape && static_cast<int>(a.outputShape->size()) != rank)
    return error("output_shape", "must have " + std::to_string(rank) +
                                     " spatial sizes, got " +
                                     list(*a.outputShape));
  if (a.outputShape)
    if (auto e = inRange("output_shape", *a.outputShape))
      return e;
  const bool same = mode == "SAME_UPPER" || mode == "SAME_LOWER";
  for (int i = 0; i < rank; ++i) {
    const int64_t n = out.inputSize[i];
    const int64_t fs = d[i] * (out.kernelSize[i] - 1) + 1;
    if (a.outputShape || same) {
      // total_padding = stride*(in-1) + output_padding + ((k-1)*d+1) -
      // output_shape; SAME_UPPER puts the larger half at the end, every
      // other mode (the spec's "else", NOTSET and VALID too) at the start.
      const int64_t want = a.outputShape ? (*a.outputShape)[i] : n * s[i];
      if (want < 1)
        return error("output_shape",
                     "must hold positive sizes, got " + list(*a.outputShape));
      const int64_t total = s[i] * (n - 1) + op[i] + fs - want;
      const int64_t half = floorHalf(total);
      begin[i] = mode == "SAME_UPPER" ? half : total - half;
      end[i] = total - begin[i];
    } else if (mode == "VALID") {
      begin[i] = end[i] = 0;
    }
    // output_padding adds positions at the end: a smaller crop there.
    out.padsBegin[i] = begin[i];
    out.padsEnd[i] = end[i] - op[i];
  }
  if (auto e = checkExtents(out, "strides", "dilations",
                            a.outputShape ? "output_shape" : "pads"))
    return e;
  return checkOutputSize(out, a.outputShape ? "output_shape" : "pads",
                         "strides*(in-1) + output_padding + "
                         "(kernel-1)*dilations + 1 - pads_begin - pads_end");
}

} // namespace convt
