//===- ConvtOps.cpp - Builders, verifiers and folds of the convt ops -----===//
//
// The rules themselves live in Semantics.cpp; this file reads the attributes
// of an op into those plain structs and reports what they say.
//
//===----------------------------------------------------------------------===//

#include "dialects/convt/ConvtOps.h"

#include "mlir/IR/BuiltinAttributes.h"
#include "mlir/IR/OpImplementation.h"

using namespace mlir;
using namespace convt;

//===----------------------------------------------------------------------===//
// Reading attributes and operand shapes
//===----------------------------------------------------------------------===//

namespace {

std::vector<int64_t> getInts(DictionaryAttr attrs, StringRef name) {
  std::vector<int64_t> v;
  if (auto arr = attrs.getAs<ArrayAttr>(name))
    for (Attribute a : arr)
      if (auto i = a.dyn_cast<IntegerAttr>())
        v.push_back(i.getInt());
  return v;
}

int64_t getInt(DictionaryAttr attrs, StringRef name, int64_t dflt) {
  if (auto i = attrs.getAs<IntegerAttr>(name))
    return i.getInt();
  return dflt;
}

std::string getStr(DictionaryAttr attrs, StringRef name, StringRef dflt) {
  if (auto s = attrs.getAs<StringAttr>(name))
    return s.getValue().str();
  return dflt.str();
}

std::vector<int64_t> shapeOf(Value v) {
  auto t = v.getType().dyn_cast<RankedTensorType>();
  if (!t)
    return {};
  return std::vector<int64_t>(t.getShape().begin(), t.getShape().end());
}

/// The operands' shapes and, from data_format, their layout.
std::optional<SemanticError> shapesOf(DictionaryAttr a, Value input,
                                      Value weight, Value bias,
                                      OperandShapes &s) {
  s.input = shapeOf(input);
  s.weight = shapeOf(weight);
  if (bias)
    s.bias = shapeOf(bias);
  return readDataFormat(getStr(a, "data_format", ""),
                        static_cast<int>(s.input.size()) - 2, s.channelsLast);
}

// One per op: the attribute dictionary in the terms of Semantics.h. Defaults
// are those of the ODS definitions.
template <typename OpT>
std::optional<SemanticError> computeLayerFrom(DictionaryAttr a,
                                              const OperandShapes &shapes,
                                              CanonicalLayer &layer);

template <>
std::optional<SemanticError>
computeLayerFrom<TorchOp>(DictionaryAttr a, const OperandShapes &shapes,
                          CanonicalLayer &layer) {
  TorchAttrs t;
  t.stride = getInts(a, "stride");
  t.padding = getInts(a, "padding");
  t.outputPadding = getInts(a, "output_padding");
  t.dilation = getInts(a, "dilation");
  t.groups = getInt(a, "groups", 1);
  t.paddingMode = getStr(a, "padding_mode", "zeros");
  if (a.get("output_size"))
    t.outputSize = getInts(a, "output_size");
  return lowerTorch(t, shapes, layer);
}

template <>
std::optional<SemanticError>
computeLayerFrom<MindSporeOp>(DictionaryAttr a, const OperandShapes &shapes,
                              CanonicalLayer &layer) {
  MindSporeAttrs m;
  m.stride = getInts(a, "stride");
  m.padding = getInts(a, "padding");
  m.outputPadding = getInts(a, "output_padding");
  m.dilation = getInts(a, "dilation");
  m.group = getInt(a, "group", 1);
  m.padMode = getStr(a, "pad_mode", "same");
  return lowerMindSpore(m, shapes, layer);
}

template <>
std::optional<SemanticError>
computeLayerFrom<CanonicalOp>(DictionaryAttr a, const OperandShapes &shapes,
                              CanonicalLayer &layer) {
  CanonicalAttrs c;
  c.strides = getInts(a, "strides");
  c.dilations = getInts(a, "dilations");
  c.padsBegin = getInts(a, "pads_begin");
  c.padsEnd = getInts(a, "pads_end");
  c.postPads = getInts(a, "post_pads");
  c.groups = getInt(a, "groups", 1);
  return checkCanonical(c, shapes, layer);
}

//===----------------------------------------------------------------------===//
// Shared builder and verifier
//===----------------------------------------------------------------------===//

/// The runtime's name for the element type of `type` (the verifier admits
/// f32, f16 and bf16 only).
ElementType elementTypeOf(Type type) {
  Type e = type.cast<ShapedType>().getElementType();
  if (e.isF16())
    return ElementType::Float16;
  if (e.isBF16())
    return ElementType::BFloat16;
  return ElementType::Float32;
}

template <typename OpT>
void buildLayerOp(OperationState &state, Value input, Value weight, Value bias,
                  ArrayRef<NamedAttribute> attributes) {
  state.addOperands({input, weight});
  if (bias)
    state.addOperands(bias);
  state.addAttributes(attributes);
  CanonicalLayer layer;
  auto dict = DictionaryAttr::get(input.getContext(), attributes);
  Type result = input.getType();
  auto inputType = input.getType().dyn_cast<ShapedType>();
  OperandShapes shapes;
  if (inputType && !shapesOf(dict, input, weight, bias, shapes) &&
      !computeLayerFrom<OpT>(dict, shapes, layer))
    result =
        RankedTensorType::get(layer.outputShape(), inputType.getElementType());
  // On an invalid layer the input type stands in: the verifier says why.
  state.addTypes(result);
}

template <typename OpT> LogicalResult verifyLayerOp(OpT op) {
  auto resultType = op.getType().template cast<RankedTensorType>();
  Type elementType =
      op.getInput().getType().template cast<ShapedType>().getElementType();
  for (Value v : op->getOperands())
    if (v.getType().cast<ShapedType>().getElementType() != elementType)
      return op.emitOpError()
             << "operands and result must share one element type, got "
             << elementType << " and "
             << v.getType().cast<ShapedType>().getElementType();
  if (resultType.getElementType() != elementType)
    return op.emitOpError()
           << "operands and result must share one element type, got "
           << elementType << " and " << resultType.getElementType();
  for (NamedAttribute attr : op->getAttrs())
    if (auto arr = attr.getValue().dyn_cast<ArrayAttr>())
      if (arr.empty())
        return op.emitOpError()
               << "'" << attr.getName().getValue()
               << "' must not be empty (leave it out for the default)";

  CanonicalLayer layer;
  if (auto e = op.computeLayer(layer))
    return op.emitOpError() << "'" << e->attribute << "' " << e->message;

  auto inferred = RankedTensorType::get(layer.outputShape(), elementType);
  if (resultType != inferred)
    return op.emitOpError()
           << "result type " << resultType
           << " does not match the inferred type " << inferred
           << " (output shape " << formatShape(layer.outputShape()) << ")";
  return success();
}

} // namespace

#define CONVT_LAYER_OP_COMMON(OpT)                                             \
  void OpT::build(OpBuilder &, OperationState &state, Value input,             \
                  Value weight, Value bias,                                    \
                  ArrayRef<NamedAttribute> attributes) {                       \
    buildLayerOp<OpT>(state, input, weight, bias, attributes);                 \
  }                                                                            \
  std::optional<SemanticError> OpT::computeLayer(CanonicalLayer &layer) {      \
    OperandShapes shapes;                                                      \
    DictionaryAttr dict = (*this)->getAttrDictionary();                        \
    if (auto e = shapesOf(dict, getInput(), getWeight(), getBias(), shapes))   \
      return e;                                                                \
    if (auto e = computeLayerFrom<OpT>(dict, shapes, layer))                   \
      return e;                                                                \
    layer.elementType = elementTypeOf(getInput().getType());                   \
    return std::nullopt;                                                       \
  }

CONVT_LAYER_OP_COMMON(TorchOp)
CONVT_LAYER_OP_COMMON(MindSporeOp)
CONVT_LAYER_OP_COMMON(CanonicalOp)

SmallVector<NamedAttribute>
convt::canonicalAttributes(Builder &b, const CanonicalLayer &layer) {
  auto dims = [&](const Dims &v) {
    return b.getI64ArrayAttr(ArrayRef<int64_t>(v.data(), layer.rank));
  };
  SmallVector<NamedAttribute> attrs = {
      b.getNamedAttr("strides", dims(layer.strides)),
      b.getNamedAttr("dilations", dims(layer.dilations)),
      b.getNamedAttr("groups", b.getI64IntegerAttr(layer.groups)),
      b.getNamedAttr("pads_begin", dims(layer.padsBegin)),
      b.getNamedAttr("pads_end", dims(layer.padsEnd))};
  for (int d = 0; d < layer.rank; ++d)
    if (layer.postPads[d]) {
      attrs.push_back(b.getNamedAttr("post_pads", dims(layer.postPads)));
      break;
    }
  if (layer.channelsLast)
    attrs.push_back(
        b.getNamedAttr("data_format", b.getStringAttr(layer.dataFormat())));
  return attrs;
}

std::optional<SemanticError> convt::computeLayerOf(Operation *op,
                                                   CanonicalLayer &layer) {
  if (auto l = dyn_cast<ConvtLayerOpInterface>(op))
    return l.computeLayer(layer);
  return SemanticError{"", "is not a convt layer op"};
}

//===----------------------------------------------------------------------===//
// Folds
//===----------------------------------------------------------------------===//

OpFoldResult CanonicalOp::fold(ArrayRef<Attribute>) {
  ArrayAttr post = getPostPadsAttr();
  if (!post)
    return {};
  for (Attribute a : post)
    if (a.cast<IntegerAttr>().getInt() != 0)
      return {};
  (*this)->removeAttr("post_pads");
  return getResult(); // folded in place
}

#define GET_OP_CLASSES
#include "dialects/convt/ConvtOps.cpp.inc"
