//===- OnnxOp.cpp - convt.onnx --------------------------------------------===//
//
// Reads the op's attributes (defaults as in its ODS definition) into the
// rules' struct.
//
//===----------------------------------------------------------------------===//

#include "compiler/frontends/onnx/OnnxRules.h"
#include "dialects/convt/LayerOpImpl.h"

using namespace mlir;
using namespace convt::layerop;

namespace convt {

std::optional<SemanticError>
OnnxOp::lowerAttributes(DictionaryAttr a, const OperandShapes &shapes,
                        CanonicalLayer &layer) {
  OnnxAttrs o;
  o.autoPad = getStr(a, "auto_pad", "NOTSET");
  o.pads = getInts(a, "pads");
  o.outputPadding = getInts(a, "output_padding");
  if (a.get("output_shape"))
    o.outputShape = getInts(a, "output_shape");
  o.strides = getInts(a, "strides");
  o.dilations = getInts(a, "dilations");
  o.kernelShape = getInts(a, "kernel_shape");
  o.group = getInt(a, "group", 1);
  return lowerOnnx(o, shapes, layer);
}

CONVT_LAYER_OP_COMMON(OnnxOp)

} // namespace convt
