//===- Explain.cpp - Two layers through their canonical forms ------------===//
//
// `convtc explain A.json B.json`: two layers that should be the same (a
// PyTorch layer and its MindSpore port) compared through their canonical
// forms. Equal canonical forms compute equal numbers. Otherwise: what
// differs, in words; for a difference of crop or padding only, which output
// rows of A and B hold the same values; and the attributes of B's framework
// that give A's layer (or why it has none).
//
//===----------------------------------------------------------------------===//

#include "compiler/porting/Porting.h"
#include "compiler/porting/PortingParts.h"

#include "llvm/Support/raw_ostream.h"

#include <algorithm>
#include <sstream>

namespace convt {

namespace {

/// The name of spatial dimension d and of its lines ("height", "rows").
std::pair<std::string, std::string> dimWords(int rank, int d) {
  static const char *names[3][3] = {
      {"width", "", ""}, {"height", "width", ""}, {"depth", "height", "width"}};
  std::string name = names[rank - 1][d];
  std::string lines = name == "width"    ? "columns"
                      : name == "height" ? "rows"
                                         : "planes";
  return {name, lines};
}

/// "1 more row", "2 fewer columns".
std::string count(int64_t n, const char *more, const std::string &lines) {
  std::string word = lines;
  if (std::abs(n) == 1)
    word.pop_back();
  return std::to_string(std::abs(n)) + " " + more + " " + word;
}

/// Differences other than crops and trailing zeros, in words: those make
/// another layer, not another port of the same one.
std::vector<std::string> layerDifferences(const CanonicalLayer &a,
                                          const CanonicalLayer &b) {
  std::vector<std::string> out;
  if (a.rank != b.rank) {
    out.push_back("rank " + std::to_string(a.rank) + " vs " +
                  std::to_string(b.rank));
    return out;
  }
  auto field = [&](const char *what, int64_t x, int64_t y) {
    if (x != y)
      out.push_back(std::string(what) + " " + std::to_string(x) + " vs " +
                    std::to_string(y));
  };
  auto dims = [&](const char *what, const auto &x, const auto &y) {
    std::vector<int64_t> vx(x.begin(), x.begin() + a.rank),
        vy(y.begin(), y.begin() + a.rank);
    if (vx != vy)
      out.push_back(std::string(what) + " " + formatShape(vx) + " vs " +
                    formatShape(vy));
  };
  field("batch", a.batch, b.batch);
  field("in_channels", a.inChannels, b.inChannels);
  field("out_channels", a.outChannels, b.outChannels);
  field("groups", a.groups, b.groups);
  dims("input size", a.inputSize, b.inputSize);
  dims("kernel_size", a.kernelSize, b.kernelSize);
  dims("stride", a.strides, b.strides);
  dims("dilation", a.dilations, b.dilations);
  if (a.hasBias != b.hasBias)
    out.push_back(std::string("bias ") + (a.hasBias ? "yes" : "no") + " vs " +
                  (b.hasBias ? "yes" : "no"));
  if (a.elementType != b.elementType)
    out.push_back(std::string("dtype ") + elementTypeName(a.elementType) +
                  " vs " + elementTypeName(b.elementType));
  if (a.channelsLast != b.channelsLast)
    out.push_back(std::string("data_format ") + a.dataFormat() + " vs " +
                  b.dataFormat() +
                  " (the same numbers, stored in another order)");
  if (a.weightChannelsLast != b.weightChannelsLast)
    out.push_back(std::string("weight_format ") + a.weightFormat() + " vs " +
                  b.weightFormat() +
                  " (the same weights, stored in another order: " +
                  porting::weightTranspose(a, "numpy.transpose") +
                  " gives B's from A's)");
  return out;
}

/// Whether `d` names a difference of layout only (data_format,
/// weight_format): the same layer, its tensors stored in another order.
bool layoutDifference(const std::string &d) {
  return d.rfind("data_format ", 0) == 0 || d.rfind("weight_format ", 0) == 0;
}

} // namespace

void explainLayers(const PortedLayer &a, const PortedLayer &b,
                   llvm::raw_ostream &os) {
  const CanonicalLayer &la = a.canonical, &lb = b.canonical;
  os << "A: " << a.name << " (" << a.frontendOp << ")\n   " << la.str()
     << "\n   output " << formatShape(la.outputShape()) << "\n";
  os << "B: " << b.name << " (" << b.frontendOp << ")\n   " << lb.str()
     << "\n   output " << formatShape(lb.outputShape()) << "\n";
  std::vector<std::string> other = layerDifferences(la, lb);
  const bool layoutOnly =
      !other.empty() &&
      std::all_of(other.begin(), other.end(), layoutDifference);
  if (!other.empty() && !layoutOnly) {
    os << "different layers: ";
    for (size_t i = 0; i < other.size(); ++i)
      os << (i ? "; " : "") << other[i];
    os << "\n";
    return;
  }
  bool same = true;
  for (int d = 0; d < la.rank; ++d)
    same &= la.padsBegin[d] == lb.padsBegin[d] &&
            la.padsEnd[d] == lb.padsEnd[d] && la.postPads[d] == lb.postPads[d];
  if (same) {
    os << "equal: A and B compute the same numbers (the same canonical form"
       << (layoutOnly ? "; only their layouts differ: " : "");
    for (size_t i = 0; layoutOnly && i < other.size(); ++i)
      os << (i ? "; " : "") << other[i];
    os << ")\n";
    return;
  }
  os << "B differs from A in what it keeps of the full result:\n";
  for (int d = 0; d < la.rank; ++d) {
    auto [name, lines] = dimWords(la.rank, d);
    const int64_t full = la.fullSize(d);
    const int64_t da = lb.padsBegin[d] - la.padsBegin[d];
    const int64_t de = lb.padsEnd[d] - la.padsEnd[d];
    const int64_t dz = lb.postPads[d] - la.postPads[d];
    if (!da && !de && !dz)
      continue;
    os << "  " << name << ":";
    if (da)
      os << " B crops " << count(da, da > 0 ? "more" : "fewer", lines)
         << " at the start (pads_begin " << lb.padsBegin[d] << " vs "
         << la.padsBegin[d] << ");";
    if (de)
      os << " B crops " << count(de, de > 0 ? "more" : "fewer", lines)
         << " at the end (pads_end " << lb.padsEnd[d] << " vs " << la.padsEnd[d]
         << ");";
    if (dz)
      os << " B appends " << count(dz, dz > 0 ? "more" : "fewer", lines)
         << " of zeros (A " << la.postPads[d] << ", B " << lb.postPads[d]
         << ");";
    // The full result's lines both keep hold equal values.
    const int64_t lo = std::max(la.padsBegin[d], lb.padsBegin[d]);
    const int64_t hi = std::min(full - la.padsEnd[d], full - lb.padsEnd[d]);
    if (hi > lo)
      os << " A's " << lines << " " << lo - la.padsBegin[d] << ".."
         << hi - 1 - la.padsBegin[d] << " equal B's " << lines << " "
         << lo - lb.padsBegin[d] << ".." << hi - 1 - lb.padsBegin[d]
         << "; the others differ or exist in one only\n";
    else
      os << " no " << lines << " in common\n";
  }
  std::string fix = exactAttributes(la, b.frontendOp);
  if (!fix.empty())
    os << "B gives A's numbers with: " << fix << "\n";
}

} // namespace convt
