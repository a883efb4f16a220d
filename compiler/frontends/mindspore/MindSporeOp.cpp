//===- MindSporeOp.cpp - convt.mindspore --------===//
//
// Reads the op's attributes (defaults as in its ODS definition) into the
// rules' struct.
//
//===----------------------------------------------------------------------===//

#include "compiler/frontends/mindspore/MindSporeRules.h"
#include "dialects/convt/LayerOpImpl.h"

using namespace mlir;
using namespace convt::layerop;

namespace convt {

std::optional<SemanticError>
MindSporeOp::lowerAttributes(DictionaryAttr a, const OperandShapes &shapes,
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

CONVT_LAYER_OP_COMMON(MindSporeOp)

} // namespace convt
