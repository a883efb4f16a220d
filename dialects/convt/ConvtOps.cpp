//===- ConvtOps.cpp - Builders, verifiers and folds of the convt ops -----===//
//
// The verifier every layer op shares and convt.canonical's own methods;
// each framework's op reads its attributes in its folder
// (compiler/frontends/<framework>/<Framework>Op.cpp) with LayerOpImpl.h.
//
//===----------------------------------------------------------------------===//

#include "dialects/convt/ConvtOps.h"
#include "dialects/convt/LayerOpImpl.h"

#include "mlir/IR/BuiltinAttributes.h"
#include "mlir/IR/OpImplementation.h"

using namespace mlir;
using namespace convt;
using namespace convt::layerop;

//===----------------------------------------------------------------------===//
// The verifier every layer op shares
//===----------------------------------------------------------------------===//

namespace {

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

CONVT_LAYER_OP_COMMON(CanonicalOp)

std::optional<SemanticError>
CanonicalOp::lowerAttributes(DictionaryAttr a, const OperandShapes &shapes,
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
  if (layer.weightChannelsLast)
    attrs.push_back(
        b.getNamedAttr("weight_format", b.getStringAttr(layer.weightFormat())));
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
