//===- SemanticChecks.cpp - Checks every framework's rules share ----------===//

#include "dialects/convt/SemanticChecks.h"

#include <algorithm>
#include <climits>
#include <sstream>

namespace convt::semantics {

std::string list(const std::vector<int64_t> &v) { return formatShape(v); }

SemanticError error(const std::string &attribute, const std::string &message) {
  return SemanticError{attribute, message};
}

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

std::optional<SemanticError> checkOperands(const OperandShapes &shapes,
                                           const char *groupsName,
                                           int64_t groups,
                                           CanonicalLayer &out) {
  const auto &in = shapes.input;
  // The weight as [C_in, C_out/groups, k...] whatever its layout; messages
  // name the layout it came in.
  std::vector<int64_t> w = shapes.weight;
  const bool wLast = shapes.weightChannelsLast;
  const std::string wLayout =
      wLast ? "[k..., C_out/groups, C_in]" : "[C_in, C_out/groups, k...]";
  if (wLast && w.size() >= 2)
    std::rotate(w.begin(), w.end() - 2, w.end()), std::swap(w[0], w[1]);
  const std::vector<int64_t> &given = shapes.weight;
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
  if (auto e = inRange("weight", given))
    return e;
  for (int64_t d : in)
    if (d < 1)
      return error("input", "must have no empty dimension, got " + list(in));
  if (w.size() != in.size())
    return error("weight", "must have rank " + std::to_string(in.size()) +
                               " (" + wLayout +
                               ") like the "
                               "input, got rank " +
                               std::to_string(w.size()));
  for (int64_t d : w)
    if (d < 0)
      return error("weight", "must have a static shape, got " + list(given));
  if (groups < 1)
    return error(groupsName,
                 "must be a positive integer, got " + std::to_string(groups));
  if (groups > kMaxIndex)
    return error(groupsName, "holds " + std::to_string(groups) +
                                 ", out of range (at most " +
                                 std::to_string(kMaxIndex) + ")");
  // The input in its layout: [N, C, spatial...] or [N, spatial..., C].
  const bool last = shapes.channelsLast;
  const int64_t cin = last ? in.back() : in[1];
  if (cin % groups)
    return error(groupsName,
                 "must divide in_channels = " + std::to_string(cin) + ", got " +
                     std::to_string(groups));
  if (w[0] != cin)
    return error("weight", "dimension " + std::to_string(wLast ? rank + 1 : 0) +
                               " is " + std::to_string(w[0]) +
                               " but the input has " + std::to_string(cin) +
                               " channels (weight layout is " + wLayout +
                               "), weight shape " + list(given));
  if (w[1] < 1)
    return error("weight", "dimension " + std::to_string(wLast ? rank : 1) +
                               " (C_out/groups) must be positive, "
                               "weight shape " +
                               list(given));
  for (int d = 0; d < rank; ++d)
    if (w[2 + d] < 1)
      return error("weight",
                   "kernel size must be positive in every spatial dimension, "
                   "weight shape " +
                       list(given));
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
  out.inChannels = cin;
  out.outChannels = cout;
  out.groups = groups;
  out.hasBias = shapes.bias.has_value();
  out.channelsLast = last;
  out.weightChannelsLast = wLast;
  for (int d = 0; d < rank; ++d) {
    out.inputSize[d] = in[(last ? 1 : 2) + d];
    out.kernelSize[d] = w[2 + d];
  }
  return std::nullopt;
}

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

} // namespace convt::semantics
