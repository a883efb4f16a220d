//===- TorchRules.cpp - PyTorch's attributes, in canonical terms -----===//
//
// docs/semantics.md, section 2; messages say PyTorch's rule where frameworks
// differ.
//
//===----------------------------------------------------------------------===//

#include "compiler/frontends/torch/TorchRules.h"
#include "dialects/convt/SemanticChecks.h"

#include <algorithm>
#include <climits>
#include <sstream>
#include <utility>

namespace convt {

using namespace semantics;

std::optional<SemanticError> lowerTorch(const TorchAttrs &a,
                                        const OperandShapes &shapes,
                                        CanonicalLayer &out) {
  if (a.paddingMode != "zeros")
    return error("padding_mode",
                 "must be \"zeros\" (PyTorch's ConvTranspose supports only "
                 "zero padding), got \"" +
                     a.paddingMode + "\"");
  if (auto e = checkOperands(shapes, "groups", a.groups, out))
    return e;
  int rank = out.rank;
  if (auto e = positiveDims("stride", a.stride, rank, out.strides))
    return e;
  if (auto e = positiveDims("dilation", a.dilation, rank, out.dilations))
    return e;
  std::vector<int64_t> p, op;
  if (auto e = expand("padding", a.padding, rank, 0, p))
    return e;
  if (auto e = expand("output_padding", a.outputPadding, rank, 0, op))
    return e;
  if (auto e = requireAtLeast("padding", p, 0, "non-negative"))
    return e;
  const Dims &s = out.strides, &d = out.dilations;
  setDims(out.padsBegin, p);
  if (a.outputSize) {
    // forward(x, output_size): the module's output_padding is ignored and
    // replaced by output_size - min (torch/nn/modules/conv.py).
    const auto &size = *a.outputSize;
    if (auto e = inRange("output_size", size))
      return e;
    if (static_cast<int>(size.size()) != rank)
      return error("output_size",
                   "must have " + std::to_string(rank) +
                       " spatial sizes (or the full [N, C_out, spatial...] "
                       "shape), got " +
                       list(size));
    for (int i = 0; i < rank; ++i) {
      out.padsEnd[i] = p[i];
      int64_t lmin = out.windowSize(i);
      int64_t lmax = lmin + s[i] - 1;
      if (size[i] < lmin || size[i] > lmax) {
        std::ostringstream os;
        os << "requests " << size[i] << " in spatial dimension " << i
           << ", but PyTorch allows only sizes from " << lmin << " to " << lmax
           << " for this layer";
        return error("output_size", os.str());
      }
      op[i] = size[i] - lmin;
    }
  } else {
    if (auto e = requireAtLeast("output_padding", op, 0, "non-negative"))
      return e;
    for (int i = 0; i < rank; ++i)
      if (!(op[i] < s[i] || op[i] < d[i])) {
        std::ostringstream os;
        os << "must be smaller than either stride or dilation (PyTorch's "
              "rule): got "
           << op[i] << " in spatial dimension " << i << " with stride " << s[i]
           << " and dilation " << d[i];
        return error("output_padding", os.str());
      }
  }
  for (int i = 0; i < rank; ++i)
    out.padsEnd[i] = p[i] - op[i];
  if (auto e = checkExtents(out, "stride", "dilation", "padding"))
    return e;
  return checkOutputSize(out, a.outputSize ? "output_size" : "padding",
                         "(in-1)*stride - 2*padding + dilation*(kernel-1) + "
                         "output_padding + 1");
}

} // namespace convt
