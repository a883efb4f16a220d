//===- MindSporeSpec.cpp - Style "mindspore" of the JSON layer spec -------===//

#include "compiler/frontends/Frontend.h"
#include "dialects/convt/ConvtOps.h"

using namespace mlir;

namespace convt {
namespace {

LogicalResult read(SpecReader &r, LayerSpec &spec,
                   std::optional<SemanticError> &err) {
  const int rank = spec.rank();
  MindSporeAttrs &m = spec.mindspore;
  m.group = spec.groups;
  std::optional<std::string> mode;
  std::optional<std::vector<int64_t>> padding, outputPadding;
  if (failed(r.readDims("stride", rank, m.stride)) ||
      failed(r.readInts("padding", padding)) ||
      failed(r.readDims("dilation", rank, m.dilation)) ||
      failed(r.readBool("has_bias", spec.hasBias)) ||
      failed(r.readString("pad_mode", mode)) ||
      failed(
          r.readInit("weight_init", spec.weightInit, spec.weightInitValue)) ||
      failed(r.readInit("bias_init", spec.biasInit, spec.biasInitValue)) ||
      failed(r.readInts("output_padding", outputPadding)))
    return failure();
  if (padding)
    m.padding = *padding;
  if (outputPadding)
    m.outputPadding = *outputPadding;
  if (mode)
    m.padMode = *mode;
  err = lowerMindSpore(m, spec.operandShapes(), spec.layer);
  return success();
}

Value build(OpBuilder &b, Location loc, const LayerSpec &spec, Value input,
            Value weight, Value bias) {
  const MindSporeAttrs &m = spec.mindspore;
  const int rank = spec.rank();
  auto ints = [&](const std::vector<int64_t> &v, int64_t dflt) {
    return b.getI64ArrayAttr(v.empty() ? std::vector<int64_t>(rank, dflt) : v);
  };
  SmallVector<NamedAttribute> attrs = {
      b.getNamedAttr("stride", ints(m.stride, 1)),
      b.getNamedAttr("pad_mode", b.getStringAttr(m.padMode)),
      b.getNamedAttr("padding", b.getI64ArrayAttr(m.padding.empty()
                                                      ? std::vector<int64_t>{0}
                                                      : m.padding)),
      b.getNamedAttr("dilation", ints(m.dilation, 1)),
      b.getNamedAttr("group", b.getI64IntegerAttr(m.group)),
      b.getNamedAttr("data_format", b.getStringAttr(spec.layer.dataFormat()))};
  if (rank > 1) {
    std::vector<int64_t> op = m.outputPadding;
    if (op.size() == 1)
      op.assign(rank, op[0]);
    attrs.push_back(b.getNamedAttr("output_padding", ints(op, 0)));
  }
  appendLayoutAttributes(b, spec, attrs);
  return b.create<MindSporeOp>(loc, input, weight, bias, attrs);
}

} // namespace

const Frontend &mindsporeFrontend() {
  static const Frontend f{Style::MindSpore,
                          "mindspore",
                          {"stride", "pad_mode", "padding", "output_padding",
                           "dilation", "group", "has_bias", "weight_init",
                           "bias_init"},
                          "group",
                          read,
                          build};
  return f;
}

} // namespace convt
