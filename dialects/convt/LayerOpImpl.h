//===- LayerOpImpl.h - What every layer op's C++ is made of ---*- C++ -*-===//
//
// For the files that implement a layer op (dialects/convt/ConvtOps.cpp and
// each frontend's <Framework>Op.cpp): reading attributes and operand
// shapes, the result type inferred by the op's own rules, and
// CONVT_LAYER_OP_COMMON, the builder and computeLayer every op has.
//
//===----------------------------------------------------------------------===//
#ifndef CONVT_DIALECTS_CONVT_LAYEROPIMPL_H
#define CONVT_DIALECTS_CONVT_LAYEROPIMPL_H

#include "dialects/convt/ConvtOps.h"

#include "mlir/IR/BuiltinAttributes.h"

namespace convt::layerop {

using namespace mlir;

inline std::vector<int64_t> getInts(DictionaryAttr attrs, StringRef name) {
  std::vector<int64_t> v;
  if (auto arr = attrs.getAs<ArrayAttr>(name))
    for (Attribute a : arr)
      if (auto i = a.dyn_cast<IntegerAttr>())
        v.push_back(i.getInt());
  return v;
}

inline int64_t getInt(DictionaryAttr attrs, StringRef name, int64_t dflt) {
  if (auto i = attrs.getAs<IntegerAttr>(name))
    return i.getInt();
  return dflt;
}

inline std::string getStr(DictionaryAttr attrs, StringRef name,
                          StringRef dflt) {
  if (auto s = attrs.getAs<StringAttr>(name))
    return s.getValue().str();
  return dflt.str();
}

inline std::vector<int64_t> shapeOf(Value v) {
  auto t = v.getType().dyn_cast<RankedTensorType>();
  if (!t)
    return {};
  return std::vector<int64_t>(t.getShape().begin(), t.getShape().end());
}

/// The operands' shapes and, from data_format and weight_format, their
/// layouts (absent: the framework's own, channels last when `layoutsLast`).
inline std::optional<SemanticError> shapesOf(DictionaryAttr a, Value input,
                                             Value weight, Value bias,
                                             bool layoutsLast,
                                             OperandShapes &s) {
  s.input = shapeOf(input);
  s.weight = shapeOf(weight);
  if (bias)
    s.bias = shapeOf(bias);
  const int rank = static_cast<int>(s.input.size()) - 2;
  std::string format = getStr(a, "data_format", "");
  if (format.empty() && layoutsLast && rank >= 1 && rank <= kMaxSpatialRank)
    format = dataFormatName(rank, true);
  if (auto e = readDataFormat(format, rank, s.channelsLast))
    return e;
  return readWeightFormat(getStr(a, "weight_format", ""), rank, layoutsLast,
                          s.weightChannelsLast);
}

/// The runtime's name for the element type of `type` (the verifier admits
/// f32, f16 and bf16 only).
inline ElementType elementTypeOf(Type type) {
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
  if (inputType &&
      !shapesOf(dict, input, weight, bias, OpT::kLayoutsLast, shapes) &&
      !OpT::lowerAttributes(dict, shapes, layer))
    result =
        RankedTensorType::get(layer.outputShape(), inputType.getElementType());
  // On an invalid layer the input type stands in: the verifier says why.
  state.addTypes(result);
}

} // namespace convt::layerop

#define CONVT_LAYER_OP_COMMON(OpT)                                             \
  void OpT::build(OpBuilder &, OperationState &state, Value input,             \
                  Value weight, Value bias,                                    \
                  ArrayRef<NamedAttribute> attributes) {                       \
    ::convt::layerop::buildLayerOp<OpT>(state, input, weight, bias,            \
                                        attributes);                           \
  }                                                                            \
  std::optional<SemanticError> OpT::computeLayer(CanonicalLayer &layer) {      \
    OperandShapes shapes;                                                      \
    DictionaryAttr dict = (*this)->getAttrDictionary();                        \
    if (auto e = ::convt::layerop::shapesOf(dict, getInput(), getWeight(),     \
                                            getBias(), kLayoutsLast, shapes))  \
      return e;                                                                \
    if (auto e = OpT::lowerAttributes(dict, shapes, layer))                    \
      return e;                                                                \
    layer.elementType = ::convt::layerop::elementTypeOf(getInput().getType()); \
    return std::nullopt;                                                       \
  }

#endif // CONVT_DIALECTS_CONVT_LAYEROPIMPL_H
