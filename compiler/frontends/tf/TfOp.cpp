//===- TfOp.cpp - convt.tf ------------------------------------------------===//
//
// Reads the op's attributes (defaults as in its ODS definition) into the
// rules' struct.
//
//===----------------------------------------------------------------------===//

#include "compiler/frontends/tf/TfRules.h"
#include "dialects/convt/LayerOpImpl.h"

using namespace mlir;
using namespace convt::layerop;

namespace convt {

std::optional<SemanticError> TfOp::lowerAttributes(DictionaryAttr a,
                                                   const OperandShapes &shapes,
                                                   CanonicalLayer &layer) {
  TfAttrs t;
  t.api = getStr(a, "api", "keras");
  t.padding = getStr(a, "padding", "");
  t.explicitPaddings = getInts(a, "explicit_paddings");
  if (a.get("output_padding"))
    t.outputPadding = getInts(a, "output_padding");
  if (a.get("output_shape"))
    t.outputShape = getInts(a, "output_shape");
  t.strides = getInts(a, "strides");
  t.dilations = getInts(a, "dilations");
  return lowerTf(t, shapes, layer);
}

CONVT_LAYER_OP_COMMON(TfOp)

} // namespace convt
