//===- TorchSpec.cpp - Style "torch" of the JSON layer spec ---------------===//

#include "compiler/frontends/Frontend.h"
#include "dialects/convt/ConvtOps.h"

using namespace mlir;

namespace convt {
namespace {

LogicalResult read(SpecReader &r, LayerSpec &spec,
                   std::optional<SemanticError> &err) {
  const int rank = spec.rank();
  TorchAttrs &t = spec.torch;
  t.groups = spec.groups;
  spec.hasBias = true; // PyTorch's default
  std::optional<std::string> mode;
  std::optional<std::vector<int64_t>> outputSize;
  if (failed(r.readDims("stride", rank, t.stride)) ||
      failed(r.readDims("padding", rank, t.padding)) ||
      failed(r.readDims("output_padding", rank, t.outputPadding)) ||
      failed(r.readDims("dilation", rank, t.dilation)) ||
      failed(r.readBool("bias", spec.hasBias)) ||
      failed(r.readString("padding_mode", mode)) ||
      failed(readOutputSizes(r, spec, "output_size", outputSize)))
    return failure();
  if (mode)
    t.paddingMode = *mode;
  t.outputSize = outputSize;
  err = lowerTorch(t, spec.operandShapes(), spec.layer);
  return success();
}

Value build(OpBuilder &b, Location loc, const LayerSpec &spec, Value input,
            Value weight, Value bias) {
  const TorchAttrs &t = spec.torch;
  auto ints = [&](const std::vector<int64_t> &v, int64_t dflt) {
    return b.getI64ArrayAttr(v.empty() ? std::vector<int64_t>(spec.rank(), dflt)
                                       : v);
  };
  SmallVector<NamedAttribute> attrs = {
      b.getNamedAttr("stride", ints(t.stride, 1)),
      b.getNamedAttr("padding", ints(t.padding, 0)),
      b.getNamedAttr("output_padding", ints(t.outputPadding, 0)),
      b.getNamedAttr("dilation", ints(t.dilation, 1)),
      b.getNamedAttr("groups", b.getI64IntegerAttr(t.groups)),
      b.getNamedAttr("padding_mode", b.getStringAttr(t.paddingMode))};
  if (t.outputSize)
    attrs.push_back(
        b.getNamedAttr("output_size", b.getI64ArrayAttr(*t.outputSize)));
  appendLayoutAttributes(b, spec, attrs);
  return b.create<TorchOp>(loc, input, weight, bias, attrs);
}

} // namespace

const Frontend &torchFrontend() {
  static const Frontend f{Style::Torch,
                          "torch",
                          {"stride", "padding", "output_padding", "groups",
                           "bias", "dilation", "padding_mode", "output_size"},
                          "groups",
                          read,
                          build};
  return f;
}

} // namespace convt
