//===- Translate.cpp - A layer in another framework ----------------------===//
//
// `convtc translate SPEC --to=torch|mindspore|onnx [--json]`: the layer of SPEC
// (any style) written for PyTorch, MindSpore or ONNX, from its canonical form,
// so that it computes the same numbers: the layer's own attributes where the
// framework can say the crops, then the extra steps it needs where it
// cannot (a slice for a crop it cannot make, zeros it does not append).
// `--json` prints the target's layer spec instead, with a `then` key for
// the extra steps when the target needs some.
//
//===----------------------------------------------------------------------===//

#include "compiler/porting/Porting.h"
#include "compiler/porting/PortingParts.h"

#include "llvm/Support/raw_ostream.h"

#include <algorithm>
#include <sstream>

namespace convt {

using namespace porting;

namespace {

/// PyTorch's padding and output_padding for crops (pb, pe) of one
/// dimension, and the slices left over.
void torchDim(const CanonicalLayer &l, int d, int64_t &padding,
              int64_t &outputPadding, Extra &e) {
  const int64_t opMax = std::max(l.strides[d], l.dilations[d]) - 1;
  // PyTorch's own end crop may be negative (output_padding past padding):
  // the last lines then hold the bias alone, as convt's canonical form.
  if (l.padsBegin[d] >= 0 && l.padsBegin[d] - l.padsEnd[d] >= 0 &&
      l.padsBegin[d] - l.padsEnd[d] <= opMax) {
    padding = l.padsBegin[d];
    outputPadding = l.padsBegin[d] - l.padsEnd[d];
    e.cropBegin.push_back(0);
    e.cropEnd.push_back(0);
    e.zerosBegin.push_back(0);
    e.zerosEnd.push_back(l.postPads[d]);
    return;
  }
  const int64_t pb = std::max<int64_t>(0, l.padsBegin[d]),
                pe = std::max<int64_t>(0, l.padsEnd[d]);
  e.zerosBegin.push_back(std::max<int64_t>(0, -l.padsBegin[d]));
  e.zerosEnd.push_back(std::max<int64_t>(0, -l.padsEnd[d]) + l.postPads[d]);
  if (pb - pe >= 0 && pb - pe <= opMax) { // exact: crops p and p - op
    padding = pb;
    outputPadding = pb - pe;
    e.cropBegin.push_back(0);
    e.cropEnd.push_back(0);
  } else if (pe > pb) { // PyTorch's end crop is never the larger one
    padding = pb;
    outputPadding = 0;
    e.cropBegin.push_back(0);
    e.cropEnd.push_back(pe - pb);
  } else { // more than output_padding can leave at the end
    outputPadding = opMax;
    padding = pe + opMax;
    e.cropBegin.push_back(pb - padding);
    e.cropEnd.push_back(0);
  }
}

void toTorch(const PortedLayer &layer, bool json, llvm::raw_ostream &os) {
  const CanonicalLayer &l = layer.canonical;
  std::vector<int64_t> padding, outputPadding;
  Extra e;
  for (int d = 0; d < l.rank; ++d) {
    int64_t p, op;
    torchDim(l, d, p, op, e);
    padding.push_back(p);
    outputPadding.push_back(op);
  }
  auto k = dimsOf(l, l.kernelSize), s = dimsOf(l, l.strides),
       dil = dimsOf(l, l.dilations);
  if (json) {
    os << jsonHead(layer, "torch") << ", \"padding\": " << jsonList(padding)
       << ", \"output_padding\": " << jsonList(outputPadding)
       << ", \"dilation\": " << jsonList(dil) << ", \"groups\": " << l.groups
       << ", \"bias\": " << (l.hasBias ? "true" : "false") << jsonTail(l, e);
    return;
  }
  os << "# PyTorch: " << layer.name << " (" << layer.frontendOp << "), "
     << (e.any() ? "with the extra steps below" : "exactly") << "\n"
     << (l.weightChannelsLast ? weightLayoutStep(l, "numpy.transpose") : "")
     << "conv = torch.nn.ConvTranspose" << l.rank << "d(" << l.inChannels
     << ", " << l.outChannels << ", kernel_size=" << tuple(k)
     << ", stride=" << tuple(s) << ", padding=" << tuple(padding)
     << ", output_padding=" << tuple(outputPadding) << ", groups=" << l.groups
     << ", bias=" << (l.hasBias ? "True" : "False")
     << ", dilation=" << tuple(dil) << ")\n"
     << "y = conv(x)  # x: " << formatShape(l.logicalInputShape()) << "\n"
     << extraSteps(l, e, "torch.nn.functional.pad")
     << "# y: " << formatShape(l.logicalOutputShape()) << "\n";
  if (biasPastResult(l, e))
    os << kNotExact;
  return;
}

/// MindSpore's padding (and 2-D output_padding) for `l`, and the steps
/// left over.
void mindsporeDims(const CanonicalLayer &l, std::vector<int64_t> &padding,
                   std::vector<int64_t> &outputPadding, Extra &e) {
  // pad_mode='pad' crops each side by its own amount (1-D: one symmetric
  // amount); 2-D output_padding appends zeros after the bias, as convt's
  // trailing zeros; 3-D's values are unverified (docs/semantics.md), so
  // those go to a pad step.
  for (int d = 0; d < l.rank; ++d) {
    int64_t pb = std::max<int64_t>(0, l.padsBegin[d]),
            pe = std::max<int64_t>(0, l.padsEnd[d]);
    e.zerosBegin.push_back(std::max<int64_t>(0, -l.padsBegin[d]));
    int64_t zerosEnd = std::max<int64_t>(0, -l.padsEnd[d]);
    e.cropBegin.push_back(0);
    e.cropEnd.push_back(0);
    if (l.rank == 1 && pb != pe) {
      const int64_t p = std::min(pb, pe);
      e.cropBegin.back() = pb - p;
      e.cropEnd.back() = pe - p;
      pb = pe = p;
    }
    padding.push_back(pb);
    if (l.rank > 1)
      padding.push_back(pe);
    if (l.rank == 2 && zerosEnd == 0 && e.zerosBegin.back() == 0) {
      outputPadding.push_back(l.postPads[d]);
    } else {
      outputPadding.push_back(0);
      zerosEnd += l.postPads[d];
    }
    e.zerosEnd.push_back(zerosEnd);
  }
}

void toMindSpore(const PortedLayer &layer, bool json, llvm::raw_ostream &os) {
  const CanonicalLayer &l = layer.canonical;
  std::vector<int64_t> padding, outputPadding;
  Extra e;
  mindsporeDims(l, padding, outputPadding, e);
  bool anyOutputPadding =
      std::any_of(outputPadding.begin(), outputPadding.end(),
                  [](int64_t v) { return v != 0; });
  auto k = dimsOf(l, l.kernelSize), s = dimsOf(l, l.strides),
       dil = dimsOf(l, l.dilations);
  if (json) {
    os << jsonHead(layer, "mindspore")
       << ", \"pad_mode\": \"pad\", \"padding\": " << jsonList(padding);
    if (anyOutputPadding)
      os << ", \"output_padding\": " << jsonList(outputPadding);
    os << ", \"dilation\": " << jsonList(dil) << ", \"group\": " << l.groups
       << ", \"has_bias\": " << (l.hasBias ? "true" : "false")
       << jsonTail(l, e);
    return;
  }
  os << "# MindSpore: " << layer.name << " (" << layer.frontendOp << "), "
     << (e.any() ? "with the extra steps below" : "exactly") << "\n"
     << (l.weightChannelsLast ? weightLayoutStep(l, "numpy.transpose") : "")
     << "conv = mindspore.nn.Conv" << l.rank << "dTranspose(" << l.inChannels
     << ", " << l.outChannels << ", kernel_size=" << tuple(k)
     << ", stride=" << tuple(s) << ", pad_mode='pad', padding="
     << (l.rank == 1 ? std::to_string(padding[0]) : tuple(padding));
  if (anyOutputPadding)
    os << ", output_padding=" << tuple(outputPadding);
  os << ", dilation=" << tuple(dil) << ", group=" << l.groups
     << ", has_bias=" << (l.hasBias ? "True" : "False") << ")\n"
     << "y = conv(x)  # x: " << formatShape(l.logicalInputShape()) << "\n"
     << extraSteps(l, e, "mindspore.ops.pad")
     << "# y: " << formatShape(l.logicalOutputShape()) << "\n";
  if (biasPastResult(l, e))
    os << kNotExact;
  return;
}

/// ONNX's pads ([begins..., ends...]) and output_padding for `l`, and the
/// zeros left over: pads crop each side by its own non-negative amount and
/// output_padding (below the stride or the dilation) extends the end with
/// lines that hold the bias, as convt's negative end pads do.
void onnxDims(const CanonicalLayer &l, std::vector<int64_t> &pads,
              std::vector<int64_t> &outputPadding, Extra &e) {
  std::vector<int64_t> ends;
  for (int d = 0; d < l.rank; ++d) {
    const int64_t opMax = std::max(l.strides[d], l.dilations[d]) - 1;
    pads.push_back(std::max<int64_t>(0, l.padsBegin[d]));
    e.zerosBegin.push_back(std::max<int64_t>(0, -l.padsBegin[d]));
    e.cropBegin.push_back(0);
    e.cropEnd.push_back(0);
    const int64_t extend = std::max<int64_t>(0, -l.padsEnd[d]);
    ends.push_back(std::max<int64_t>(0, l.padsEnd[d]));
    outputPadding.push_back(std::min(extend, opMax));
    e.zerosEnd.push_back(extend - outputPadding.back() + l.postPads[d]);
  }
  pads.insert(pads.end(), ends.begin(), ends.end());
}

void toOnnx(const PortedLayer &layer, bool json, llvm::raw_ostream &os) {
  const CanonicalLayer &l = layer.canonical;
  std::vector<int64_t> pads, outputPadding;
  Extra e;
  onnxDims(l, pads, outputPadding, e);
  auto k = dimsOf(l, l.kernelSize), s = dimsOf(l, l.strides),
       dil = dimsOf(l, l.dilations);
  if (json) {
    os << jsonHead(layer, "onnx", "strides") << ", \"pads\": " << jsonList(pads)
       << ", \"output_padding\": " << jsonList(outputPadding)
       << ", \"dilations\": " << jsonList(dil) << ", \"group\": " << l.groups
       << ", \"bias\": " << (l.hasBias ? "true" : "false") << jsonTail(l, e);
    return;
  }
  os << "# ONNX: " << layer.name << " (" << layer.frontendOp << "), "
     << (e.any() ? "with the extra steps below" : "exactly") << "\n"
     << (l.weightChannelsLast ? weightLayoutStep(l, "numpy.transpose") : "")
     << "node = onnx.helper.make_node(\"ConvTranspose\", [\"x\", \"w\""
     << (l.hasBias ? ", \"b\"" : "")
     << "], [\"y\"], kernel_shape=" << jsonList(k)
     << ", strides=" << jsonList(s) << ", pads=" << jsonList(pads)
     << ", output_padding=" << jsonList(outputPadding)
     << ", dilations=" << jsonList(dil) << ", group=" << l.groups << ")\n"
     << "# x: " << formatShape(l.logicalInputShape())
     << ", w: " << formatShape(l.logicalWeightShape())
     << (l.weightChannelsLast ? "\n" : " (the same layout)\n");
  if (e.any()) {
    // NumPy on the node's output: ONNX has no pad of its own here.
    os << "y = numpy.pad(y, ((0, 0), (0, 0)";
    for (int d = 0; d < l.rank; ++d)
      os << ", (" << e.zerosBegin[d] << ", " << e.zerosEnd[d] << ")";
    os << "))  # the zeros convt's layer appends\n";
  }
  os << "# y: " << formatShape(l.logicalOutputShape()) << "\n";
  if (biasPastResult(l, e))
    os << kNotExact;
  return;
}

} // namespace

Status translateLayer(const PortedLayer &layer, const std::string &to,
                      bool json, llvm::raw_ostream &os) {
  if (to == "torch")
    toTorch(layer, json, os);
  else if (to == "mindspore")
    toMindSpore(layer, json, os);
  else if (to == "onnx")
    toOnnx(layer, json, os);
  else if (to == "tf")
    return translateToTf(layer, json, os);
  else
    return Status::error("--to must be torch, mindspore, onnx or tf, got '" +
                         to + "'");
  return Status::success();
}

std::string exactAttributes(const CanonicalLayer &l,
                            const std::string &frontendOp) {
  std::vector<int64_t> padding, outputPadding;
  Extra e;
  std::string framework, attributes;
  if (frontendOp == "convt.torch") {
    framework = "PyTorch";
    for (int d = 0; d < l.rank; ++d) {
      int64_t p, op;
      torchDim(l, d, p, op, e);
      padding.push_back(p);
      outputPadding.push_back(op);
    }
    attributes = "padding=" + tuple(padding) +
                 ", output_padding=" + tuple(outputPadding);
  } else if (frontendOp == "convt.mindspore") {
    framework = "MindSpore";
    mindsporeDims(l, padding, outputPadding, e);
    attributes = "pad_mode='pad', padding=" +
                 (l.rank == 1 ? std::to_string(padding[0]) : tuple(padding));
    if (std::any_of(outputPadding.begin(), outputPadding.end(),
                    [](int64_t v) { return v != 0; }))
      attributes += ", output_padding=" + tuple(outputPadding);
  } else if (frontendOp == "convt.onnx") {
    framework = "ONNX";
    onnxDims(l, padding, outputPadding, e);
    attributes = "pads=" + jsonList(padding) +
                 ", output_padding=" + jsonList(outputPadding);
  } else if (frontendOp == "convt.tf") {
    return tfExactAttributes(l);
  } else {
    return "";
  }
  if (!e.any())
    return attributes;
  // The steps' code on one line, without its comments.
  std::string steps, line;
  std::istringstream lines(extraSteps(l, e, "pad"));
  while (std::getline(lines, line))
    steps += (steps.empty() ? "" : "; ") + line.substr(0, line.find("  #"));
  return attributes + ", then " + steps + " (" + framework +
         " cannot say this layer alone; `convtc translate` writes it out)";
}

} // namespace convt
