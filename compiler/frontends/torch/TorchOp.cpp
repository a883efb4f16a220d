//===- TorchOp.cpp - convt.torch --------===//
//
// Reads the op's attributes (defaults as in its ODS definition) into the
// rules' struct.
//
//===----------------------------------------------------------------------===//

#include "compiler/frontends/torch/TorchRules.h"
#include "dialects/convt/LayerOpImpl.h"

using namespace mlir;
using namespace convt::layerop;

namespace convt {

std::optional<SemanticError>
TorchOp::lowerAttributes(DictionaryAttr a, const OperandShapes &shapes,
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

CONVT_LAYER_OP_COMMON(TorchOp)

} // namespace convt
