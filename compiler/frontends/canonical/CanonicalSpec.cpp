//===- CanonicalSpec.cpp - Style "canonical" of the JSON layer spec -------===//
//
// The canonical form written directly: its rules and op are the dialect's
// (checkCanonical, convt.canonical).
//
//===----------------------------------------------------------------------===//

#include "compiler/frontends/Frontend.h"
#include "dialects/convt/ConvtOps.h"

using namespace mlir;

namespace convt {
namespace {

LogicalResult read(SpecReader &r, LayerSpec &spec,
                   std::optional<SemanticError> &err) {
  const int rank = spec.rank();
  CanonicalAttrs &c = spec.canonical;
  c.groups = spec.groups;
  // Both spellings are accepted; both at once would leave one ignored.
  for (auto [plural, singular] :
       {std::pair<const char *, const char *>{"strides", "stride"},
        {"dilations", "dilation"}})
    if (r.obj->get(plural) && r.obj->get(singular))
      return r.error(plural) << "'" << plural << "' and '" << singular
                             << "' are the same attribute: give one",
             failure();
  spec.hasBias = false;
  if (failed(r.readDims(r.obj->get("strides") ? "strides" : "stride", rank,
                        c.strides)) ||
      failed(r.readDims(r.obj->get("dilations") ? "dilations" : "dilation",
                        rank, c.dilations)) ||
      failed(r.readDims("pads_begin", rank, c.padsBegin)) ||
      failed(r.readDims("pads_end", rank, c.padsEnd)) ||
      failed(r.readDims("post_pads", rank, c.postPads)) ||
      failed(r.readBool("bias", spec.hasBias)))
    return failure();
  err = checkCanonical(c, spec.operandShapes(), spec.layer);
  return success();
}

Value build(OpBuilder &b, Location loc, const LayerSpec &spec, Value input,
            Value weight, Value bias) {
  return b.create<CanonicalOp>(loc, input, weight, bias,
                               canonicalAttributes(b, spec.layer));
}

} // namespace

const Frontend &canonicalFrontend() {
  static const Frontend f{Style::Canonical,
                          "canonical",
                          {"stride", "strides", "dilation", "dilations",
                           "groups", "pads_begin", "pads_end", "post_pads",
                           "bias"},
                          "groups",
                          read,
                          build};
  return f;
}

} // namespace convt
