//===- TfSpec.cpp - Style "tf" of the JSON layer spec ---------------------===//
//
// Keras' and tf.nn's own keys. TensorFlow writes some of them for every
// dimension of the data (strides, dilations, output_shape and explicit
// padding in data_format order, batch and channels included): those are
// taken too, their batch and channel entries checked and dropped.
//
//===----------------------------------------------------------------------===//

#include "compiler/frontends/Frontend.h"
#include "compiler/frontends/tf/TfRules.h"
#include "dialects/convt/ConvtOps.h"

using namespace mlir;

namespace convt {
namespace {

/// Positions of the batch and channel entries of a per-dimension list of
/// `rank`+2 values in the layer's data_format.
std::pair<size_t, size_t> batchAndChannel(const LayerSpec &spec) {
  return {0, spec.channelsLast ? spec.rank() + 1 : 1};
}

/// `key` as one value per spatial dimension: a scalar, `rank` values, or
/// (tf.nn) rank+2 values in data_format order whose batch and channel
/// entries must be `neutral`.
LogicalResult readSpatial(SpecReader &r, const LayerSpec &spec, StringRef key,
                          int64_t neutral, std::vector<int64_t> &out) {
  std::optional<std::vector<int64_t>> v;
  if (failed(r.readInts(key, v)))
    return failure();
  if (!v)
    return success();
  const int rank = spec.rank();
  if (v->size() == 1)
    v->assign(rank, (*v)[0]);
  if (static_cast<int>(v->size()) == rank + 2) {
    auto [nPos, cPos] = batchAndChannel(spec);
    if ((*v)[nPos] != neutral || (*v)[cPos] != neutral)
      return r.error(key) << "'" << key << "' " << formatShape(*v)
                          << " must be " << neutral
                          << " in the batch and channel dimensions ("
                          << spec.layer.dataFormat()
                          << " order), as TensorFlow requires",
             failure();
    v->erase(v->begin() + cPos);
    v->erase(v->begin() + nPos);
  }
  if (static_cast<int>(v->size()) != rank)
    return r.error(key) << "'" << key << "' must be an integer, " << rank
                        << " integers (one per spatial dimension) or "
                        << rank + 2 << " (every dimension, "
                        << spec.layer.dataFormat() << " order), got "
                        << formatShape(*v),
           failure();
  out = *v;
  return success();
}

/// tf.nn's padding: a mode, or explicit (before, after) pairs, one per
/// spatial dimension or one per dimension in data_format order.
LogicalResult readPadding(SpecReader &r, const LayerSpec &spec, TfAttrs &t) {
  const llvm::json::Value *v = r.obj->get("padding");
  if (!v)
    return success();
  if (auto s = v->getAsString()) {
    t.padding = s->str();
    return success();
  }
  const llvm::json::Array *pairs = v->getAsArray();
  auto bad = [&]() {
    return r.error("padding")
               << "'padding' must be a string or a list of [before, after] "
                  "pairs of integers",
           failure();
  };
  if (!pairs)
    return bad();
  std::vector<int64_t> flat;
  for (const llvm::json::Value &p : *pairs) {
    const llvm::json::Array *pair = p.getAsArray();
    if (!pair || pair->size() != 2)
      return bad();
    for (const llvm::json::Value &x : *pair) {
      auto i = x.getAsInteger();
      if (!i)
        return bad();
      flat.push_back(*i);
    }
  }
  if (failed(r.checkIntegers("padding", flat)))
    return failure();
  const int rank = spec.rank();
  if (static_cast<int>(pairs->size()) == rank + 2) {
    auto [nPos, cPos] = batchAndChannel(spec);
    for (size_t pos : {nPos, cPos})
      if (flat[2 * pos] || flat[2 * pos + 1])
        return r.error("padding")
                   << "'padding' must be [0, 0] in the batch and channel "
                      "dimensions ("
                   << spec.layer.dataFormat() << " order), as TensorFlow "
                   << "requires",
               failure();
    flat.erase(flat.begin() + 2 * cPos, flat.begin() + 2 * cPos + 2);
    flat.erase(flat.begin() + 2 * nPos, flat.begin() + 2 * nPos + 2);
  } else if (static_cast<int>(pairs->size()) != rank) {
    return r.error("padding")
               << "'padding' must hold " << rank << " pairs (one per spatial "
               << "dimension) or " << rank + 2 << " (every dimension, "
               << spec.layer.dataFormat() << " order), got " << pairs->size(),
           failure();
  }
  t.padding = "EXPLICIT";
  t.explicitPaddings = flat;
  return success();
}

/// tf.nn's output_shape: the spatial sizes, or the full shape in
/// data_format order, whose batch and channels must be the layer's.
LogicalResult readOutputShape(SpecReader &r, const LayerSpec &spec,
                              TfAttrs &t) {
  std::optional<std::vector<int64_t>> v;
  if (failed(r.readInts("output_shape", v, /*allowScalar=*/false)))
    return failure();
  if (v && static_cast<int>(v->size()) == spec.rank() + 2) {
    auto [nPos, cPos] = batchAndChannel(spec);
    if ((*v)[nPos] != spec.inputShape[0] || (*v)[cPos] != spec.outChannels)
      return r.error("output_shape")
                 << "'output_shape' " << formatShape(*v) << " is a full shape ("
                 << spec.layer.dataFormat()
                 << ") whose batch and channels are not " << spec.inputShape[0]
                 << " and " << spec.outChannels,
             failure();
    v->erase(v->begin() + cPos);
    v->erase(v->begin() + nPos);
  }
  t.outputShape = v;
  return success();
}

LogicalResult read(SpecReader &r, LayerSpec &spec,
                   std::optional<SemanticError> &err) {
  TfAttrs &t = spec.tf;
  // For the messages' data_format (lowerTf fills the rest).
  spec.layer.rank = spec.rank();
  spec.layer.channelsLast = spec.channelsLast;
  std::optional<std::string> api;
  if (failed(r.readString("api", api)))
    return failure();
  if (api)
    t.api = *api;
  const bool keras = t.api != "nn";
  // Each API's own names; the other's are errors, not silently read.
  const char *dilationKey = keras ? "dilation_rate" : "dilations";
  const char *otherDilation = keras ? "dilations" : "dilation_rate";
  if (r.obj->get(otherDilation))
    return r.error(otherDilation)
               << "'" << otherDilation << "' is "
               << (keras ? "tf.nn's" : "Keras'") << " name; api \"" << t.api
               << "\" takes '" << dilationKey << "'",
           failure();
  for (const char *key : {"output_padding", "output_shape"})
    if (r.obj->get(key) && (key == StringRef("output_shape")) == keras)
      return r.error(key) << "'" << key << "' is "
                          << (keras ? "tf.nn's" : "Keras'") << "; api \""
                          << t.api << "\" does not take it",
             failure();
  spec.hasBias = keras; // Keras' use_bias=True; tf.nn has none
  if (failed(readSpatial(r, spec, "strides", 1, t.strides)) ||
      failed(readSpatial(r, spec, dilationKey, 1, t.dilations)) ||
      failed(readPadding(r, spec, t)) || failed(readOutputShape(r, spec, t)) ||
      failed(r.readBool("use_bias", spec.hasBias)))
    return failure();
  if (r.obj->get("output_padding")) {
    const llvm::json::Value *v = r.obj->get("output_padding");
    if (v->kind() != llvm::json::Value::Null) { // null is Keras' None
      std::vector<int64_t> op;
      if (failed(r.readDims("output_padding", spec.rank(), op)))
        return failure();
      t.outputPadding = op;
    }
  }
  err = lowerTf(t, spec.operandShapes(), spec.layer);
  return success();
}

Value build(OpBuilder &b, Location loc, const LayerSpec &spec, Value input,
            Value weight, Value bias) {
  const TfAttrs &t = spec.tf;
  SmallVector<NamedAttribute> attrs = {
      b.getNamedAttr("api", b.getStringAttr(t.api))};
  if (!t.padding.empty())
    attrs.push_back(b.getNamedAttr("padding", b.getStringAttr(t.padding)));
  auto add = [&](const char *name, const std::vector<int64_t> &v) {
    if (!v.empty())
      attrs.push_back(b.getNamedAttr(name, b.getI64ArrayAttr(v)));
  };
  add("explicit_paddings", t.explicitPaddings);
  if (t.outputPadding)
    add("output_padding", *t.outputPadding);
  if (t.outputShape)
    add("output_shape", *t.outputShape);
  add("strides", t.strides);
  add("dilations", t.dilations);
  appendLayoutAttributes(b, spec, attrs);
  return b.create<TfOp>(loc, input, weight, bias, attrs);
}

} // namespace

const Frontend &tfFrontend() {
  static const Frontend f{Style::Tf,
                          "tf",
                          {"api", "strides", "padding", "output_padding",
                           "output_shape", "dilation_rate", "dilations",
                           "use_bias"},
                          nullptr,
                          read,
                          build,
                          /*layoutsLast=*/true};
  return f;
}

} // namespace convt
