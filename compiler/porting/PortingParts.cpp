//===- PortingParts.cpp - What every translation writes -------------------===//

#include "compiler/porting/PortingParts.h"

#include <sstream>

namespace convt::porting {

std::string tuple(const std::vector<int64_t> &v) {
  std::string s;
  for (size_t i = 0; i < v.size(); ++i)
    s += (i ? ", " : "") + std::to_string(v[i]);
  return v.size() == 1 ? "(" + s + ",)" : "(" + s + ")";
}

std::string jsonList(const std::vector<int64_t> &v) {
  std::string s;
  for (size_t i = 0; i < v.size(); ++i)
    s += (i ? ", " : "") + std::to_string(v[i]);
  return "[" + s + "]";
}

std::vector<int64_t> dimsOf(const CanonicalLayer &l,
                            const std::array<int64_t, 3> &a) {
  return std::vector<int64_t>(a.begin(), a.begin() + l.rank);
}

/// The extra steps as Python lines for tensors named `y` of `module`
/// ("torch" or "mindspore").
std::string cropStep(const CanonicalLayer &l, const Extra &e,
                     bool channelsLast) {
  bool crop = false;
  for (int d = 0; d < l.rank; ++d)
    crop |= e.cropBegin[d] || e.cropEnd[d];
  if (!crop)
    return "";
  std::ostringstream os;
  os << (channelsLast ? "y = y[:" : "y = y[:, :");
  for (int d = 0; d < l.rank; ++d) {
    os << ", ";
    if (e.cropBegin[d] || e.cropEnd[d])
      os << e.cropBegin[d] << ":"
         << (e.cropEnd[d] ? std::to_string(-e.cropEnd[d]) : "");
    else
      os << ":";
  }
  os << (channelsLast ? ", :]" : "]") << "  # the crop the layer cannot make\n";
  return os.str();
}

std::string extraSteps(const CanonicalLayer &l, const Extra &e,
                       const std::string &pad) {
  std::ostringstream os;
  os << cropStep(l, e, /*channelsLast=*/false);
  bool zeros = false;
  for (int d = 0; d < l.rank; ++d)
    zeros |= e.zerosBegin[d] || e.zerosEnd[d];
  if (zeros) {
    // (last dimension first, as both frameworks' pad functions take it)
    std::vector<int64_t> amounts;
    for (int d = l.rank - 1; d >= 0; --d) {
      amounts.push_back(e.zerosBegin[d]);
      amounts.push_back(e.zerosEnd[d]);
    }
    os << "y = " << pad << "(y, " << tuple(amounts)
       << ")  # the zeros convt's layer appends\n";
  }
  return os.str();
}

/// The extra steps as the `then` key of translate's JSON (empty when
/// none): what to do to the layer's output, per spatial dimension. A spec
/// with `then` is not one convtc reads: the layer alone is not the same.
std::string thenJson(const Extra &e) {
  if (!e.any())
    return "";
  return ", \"then\": {\"crop_begin\": " + jsonList(e.cropBegin) +
         ", \"crop_end\": " + jsonList(e.cropEnd) +
         ", \"zeros_begin\": " + jsonList(e.zerosBegin) +
         ", \"zeros_end\": " + jsonList(e.zerosEnd) + "}";
}

/// The keys every style's spec opens with, up to the stride (`strideKey`:
/// ONNX says "strides").
std::string jsonHead(const PortedLayer &layer, const char *style,
                     const char *strideKey) {
  const CanonicalLayer &l = layer.canonical;
  return "{\"name\": \"" + layer.name + "\", \"style\": \"" + style +
         "\", \"input_shape\": " + jsonList(l.inputShape()) +
         ", \"in_channels\": " + std::to_string(l.inChannels) +
         ", \"out_channels\": " + std::to_string(l.outChannels) +
         ", \"kernel_size\": " + jsonList(dimsOf(l, l.kernelSize)) + ", \"" +
         strideKey + "\": " + jsonList(dimsOf(l, l.strides));
}

/// The keys every style's spec closes with, `then` included, and the end.
std::string jsonTail(const CanonicalLayer &l, const Extra &e,
                     bool targetWeightLast) {
  // The layouts of the layer's own files, so that they run both specs.
  std::string weightFormat;
  if (l.weightChannelsLast != targetWeightLast)
    weightFormat =
        std::string(", \"weight_format\": \"") + l.weightFormat() + "\"";
  return std::string(", \"dtype\": \"") + elementTypeName(l.elementType) +
         "\", \"data_format\": \"" + l.dataFormat() + "\"" + weightFormat +
         thenJson(e) + "}\n";
}

/// Whether the steps append zeros where convt's lines hold the bias alone
/// (past the full result): no step gives those.
bool biasPastResult(const CanonicalLayer &l, const Extra &e) {
  for (int d = 0; d < l.rank; ++d)
    if (l.hasBias && (e.zerosBegin[d] > 0 || e.zerosEnd[d] > l.postPads[d]))
      return true;
  return false;
}

} // namespace convt::porting
