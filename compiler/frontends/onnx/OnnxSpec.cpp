//===- OnnxSpec.cpp - Style "onnx" of the JSON layer spec -----------------===//

#include "compiler/frontends/Frontend.h"
#include "compiler/frontends/onnx/OnnxRules.h"
#include "dialects/convt/ConvtOps.h"

using namespace mlir;

namespace convt {
namespace {

LogicalResult read(SpecReader &r, LayerSpec &spec,
                   std::optional<SemanticError> &err) {
  const int rank = spec.rank();
  OnnxAttrs &o = spec.onnx;
  o.group = spec.groups;
  spec.hasBias = false; // B is an optional input of the node
  std::optional<std::string> mode;
  std::optional<std::vector<int64_t>> pads, outputShape, kernelShape;
  if (failed(r.readString("auto_pad", mode)) ||
      failed(r.readInts("pads", pads, /*allowScalar=*/false)) ||
      failed(r.readDims("output_padding", rank, o.outputPadding)) ||
      failed(readOutputSizes(r, spec, "output_shape", outputShape)) ||
      failed(r.readDims("strides", rank, o.strides)) ||
      failed(r.readDims("dilations", rank, o.dilations)) ||
      failed(r.readInts("kernel_shape", kernelShape, /*allowScalar=*/false)) ||
      failed(r.readBool("bias", spec.hasBias)))
    return failure();
  if (mode)
    o.autoPad = *mode;
  if (pads)
    o.pads = *pads;
  if (kernelShape)
    o.kernelShape = *kernelShape;
  o.outputShape = outputShape;
  err = lowerOnnx(o, spec.operandShapes(), spec.layer);
  return success();
}

Value build(OpBuilder &b, Location loc, const LayerSpec &spec, Value input,
            Value weight, Value bias) {
  const OnnxAttrs &o = spec.onnx;
  SmallVector<NamedAttribute> attrs = {
      b.getNamedAttr("auto_pad", b.getStringAttr(o.autoPad)),
      b.getNamedAttr("group", b.getI64IntegerAttr(o.group))};
  auto add = [&](const char *name, const std::vector<int64_t> &v) {
    if (!v.empty())
      attrs.push_back(b.getNamedAttr(name, b.getI64ArrayAttr(v)));
  };
  add("pads", o.pads);
  add("output_padding", o.outputPadding);
  if (o.outputShape)
    add("output_shape", *o.outputShape);
  add("strides", o.strides);
  add("dilations", o.dilations);
  add("kernel_shape", o.kernelShape);
  appendLayoutAttributes(b, spec, attrs);
  return b.create<OnnxOp>(loc, input, weight, bias, attrs);
}

} // namespace

const Frontend &onnxFrontend() {
  static const Frontend f{Style::Onnx,
                          "onnx",
                          {"auto_pad", "pads", "output_padding", "output_shape",
                           "strides", "dilations", "kernel_shape", "group",
                           "bias"},
                          "group",
                          read,
                          build};
  return f;
}

} // namespace convt
