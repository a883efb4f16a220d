//===- Semantics.cpp - Each framework's attributes, in canonical terms ---===//
//
// Formulas: docs/semantics.md, table 1. Messages name the attribute and the
// value expected, and say whose rule it is when frameworks differ.
//
//===----------------------------------------------------------------------===//

#include "dialects/convt/Semantics.h"

#include <algorithm>
#include <climits>
#include <sstream>
#include <utility>

namespace convt {

namespace {

std::string list(const std::vector<int64_t> &v) { return formatShape(v); }

SemanticError error(const std::string &attribute, const std::string &message) {
  return SemanticError{attribute, message};
}

/// Halide 14 indexes in 32 bits: a larger value would be cut short in the
/// kernel and give a wrong answer, so it is refused here.
std::optional<SemanticError> inRange(const std::string &name,
                                     const std::vector<int64_t> &v) {
  for (int64_t x : v)
    if (x > kMaxIndex || x < -kMaxIndex)
      return error(name, "holds " + std::to_string(x) +
                             ", out of range: convt's kernels index with "
                             "32-bit integers (|value| <= " +
                             std::to_string(kMaxIndex) + ")");
  return std::nullopt;
}

/// The extents the layer computes, and its tensors, within what kernels
/// can index; the error blames the attribute that made them too large.
std::optional<SemanticError> checkExtents(const CanonicalLayer &l,
                                          const char *stride,
                                          const char *dilation,
                                          const char *padding) {
  for (int d = 0; d < l.rank; ++d) {
    int64_t a = (l.inputSize[d] - 1) * l.strides[d]; // both < 2^31
    int64_t b = l.dilations[d] * (l.kernelSize[d] - 1);
    std::string where = " in spatial dimension " + std::to_string(d);
    if (a > kMaxIndex)
      return error(stride, "makes the full result longer than " +
                               std::to_string(kMaxIndex) + where +
                               " ((in-1)*stride = " + std::to_string(a) + ")");
    if (b > kMaxIndex || a + b + 1 > kMaxIndex)
      // With dilation 1 the kernel size alone is too large.
      return error(l.dilations[d] > 1 ? dilation : "weight",
                   "makes the full result longer than " +
                       std::to_string(kMaxIndex) + where +
                       " (dilation*(kernel-1) = " + std::to_string(b) + ")");
    if (l.outputSize(d) > kMaxIndex)
      return error(padding, "makes the output longer than " +
                                std::to_string(kMaxIndex) + where);
  }
  bool negativePads = false;
  for (int d = 0; d < l.rank; ++d)
    negativePads |= l.padsBegin[d] < 0 || l.padsEnd[d] < 0;
  const std::pair<const char *, std::vector<int64_t>> tensors[] = {
      {"input", l.inputShape()},
      {"weight", l.weightShape()},
      {"output", l.outputShape()}};
  for (const auto &[what, shape] : tensors) {
    int64_t n = numElements(shape);
    if (n > kMaxElements)
      // The output's size follows from the input's, or from negative pads.
      return error(what == std::string("weight")                   ? "weight"
                   : what == std::string("output") && negativePads ? padding
                                                                   : "input",
                   "makes the " + std::string(what) + " " + list(shape) +
                       " hold " +
                       (n == INT64_MAX ? std::string("more than 2^63")
                                       : std::to_string(n)) +
                       " elements; a tensor may hold at most " +
                       std::to_string(kMaxElements) +
                       " (2 GiB of float32, Halide 14's limit)");
  }
  return std::nullopt;
}

/// `v` expanded to `rank` values: empty means `dflt` everywhere.
std::optional<SemanticError> expand(const char *name,
                                    const std::vector<int64_t> &v, int rank,
                                    int64_t dflt, std::vector<int64_t> &out) {
  if (v.empty()) {
    out.assign(rank, dflt);
    return std::nullopt;
  }
  if (static_cast<int>(v.size()) != rank) {
    std::ostringstream os;
    os << "must have " << rank << " value" << (rank > 1 ? "s" : "")
       << " (one per spatial dimension), got " << v.size() << ": " << list(v);
    return error(name, os.str());
  }
  if (auto e = inRange(name, v))
    return e;
  out = v;
  return std::nullopt;
}

std::optional<SemanticError> requireAtLeast(const char *name,
                                            const std::vector<int64_t> &v,
                                            int64_t lo, const char *what) {
  for (int64_t x : v)
    if (x < lo)
      return error(name, std::string("must be ") + what + ", got " + list(v));
  return std::nullopt;
}

void setDims(Dims &dst, const std::vector<int64_t> &src) {
  for (size_t d = 0; d < src.size(); ++d)
    dst[d] = src[d];
}

/// A stride or dilation attribute: `rank` positive values, default 1.
std::optional<SemanticError> positiveDims(const char *name,
                                          const std::vector<int64_t> &v,
                                          int rank, Dims &dst) {
  std::vector<int64_t> full;
  if (auto e = expand(name, v, rank, 1, full))
    return e;
  if (auto e = requireAtLeast(name, full, 1, "positive"))
    return e;
  setDims(dst, full);
  return std::nullopt;
}

/// Checks the operands and fills the shape part of `out`.
std::optional<SemanticError> checkOperands(const OperandShapes &shapes,
                                           const char *groupsName,
                                           int64_t groups,
                                           CanonicalLayer &out) {
  const auto &in = shapes.input;
  const auto &w = shapes.weight;
  if (in.size() < 3 || in.size() > 5)
    return error("input", "must have rank 3, 4 or 5 ([N, C_in, spatial...] "
                          "with 1 to 3 spatial dimensions), got rank " +
                              std::to_string(in.size()));
  int rank = static_cast<int>(in.size()) - 2;
  for (int64_t d : in)
    if (d < 0)
      return error("input", "must have a static shape, got " + list(in));
  if (auto e = inRange("input", in))
    return e;
  if (auto e = inRange("weight", w))
    return e;
  for (int64_t d : in)
    if (d < 1)
      return error("input", "must have no empty dimension, got " + list(in));
  if (w.size() != in.size())
    return error("weight", "must have rank " + std::to_string(in.size()) +
                               " ([C_in, C_out/groups, k...]) like the "
                               "input, got rank " +
                               std::to_string(w.size()));
  for (int64_t d : w)
    if (d < 0)
      return error("weight", "must have a static shape, got " + list(w));
  if (groups < 1)
    return error(groupsName,
                 "must be a positive integer, got " + std::to_string(groups));
  if (groups > kMaxIndex)
    return error(groupsName, "holds " + std::to_string(groups) +
                                 ", out of range (at most " +
                                 std::to_string(kMaxIndex) + ")");
  if (in[1] % groups)
    return error(groupsName,
                 "must divide in_channels = " + std::to_string(in[1]) +
                     ", got " + std::to_string(groups));
  if (w[0] != in[1])
    return error("weight", "dimension 0 is " + std::to_string(w[0]) +
                               " but the input has " + std::to_string(in[1]) +
                               " channels (weight layout is [C_in, "
                               "C_out/groups, k...]), weight shape " +
                               list(w));
  if (w[1] < 1)
    return error("weight", "dimension 1 (C_out/groups) must be positive, "
                           "weight shape " +
                               list(w));
  for (int d = 0; d < rank; ++d)
    if (w[2 + d] < 1)
      return error("weight",
                   "kernel size must be positive in every spatial dimension, "
                   "weight shape " +
                       list(w));
  int64_t cout = w[1] * groups; // both < 2^31
  if (cout > kMaxIndex)
    return error("weight", "gives " + std::to_string(cout) +
                               " output channels, more than " +
                               std::to_string(kMaxIndex));
  if (shapes.bias && *shapes.bias != std::vector<int64_t>{cout})
    return error("bias", "must have shape [C_out] = [" + std::to_string(cout) +
                             "], got " + list(*shapes.bias));

  out = CanonicalLayer();
  out.rank = rank;
  out.batch = in[0];
  out.inChannels = in[1];
  out.outChannels = cout;
  out.groups = groups;
  out.hasBias = shapes.bias.has_value();
  for (int d = 0; d < rank; ++d) {
    out.inputSize[d] = in[2 + d];
    out.kernelSize[d] = w[2 + d];
  }
  return std::nullopt;
}

/// Every spatial output size must be at least 1.
std::optional<SemanticError> checkOutputSize(const CanonicalLayer &l,
                                             const char *blame,
                                             const char *formula) {
  for (int d = 0; d < l.rank; ++d)
    if (l.windowSize(d) < 1) {
      std::ostringstream os;
      os << "gives an output size below 1: spatial dimension " << d
         << " would have size " << l.windowSize(d) << " = " << formula;
      return error(blame, os.str());
    }
  return std::nullopt;
}

} // namespace

const char *mindSporeDataFormat(int rank) {
  switch (rank) {
  case 1:
    return "NCW";
  case 2:
    return "NCHW";
  default:
    return "NCDHW";
  }
}

//===----------------------------------------------------------------------===//
// PyTorch
//===----------------------------------------------------------------------===//

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

//===----------------------------------------------------------------------===//
// MindSpore
//===----------------------------------------------------------------------===//

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
  if (!a.dataFormat.empty() && a.dataFormat != mindSporeDataFormat(rank))
    return error("data_format",
                 std::string("must be \"") + mindSporeDataFormat(rank) +
                     "\" (MindSpore's Conv" + std::to_string(rank) +
                     "dTranspose supports only channels-first), got \"" +
                     a.dataFormat + "\"");

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
