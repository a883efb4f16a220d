//===- TranslateTf.cpp - A layer in TensorFlow's terms
//---------------------===//
//
// `convtc translate SPEC --to=tf`: Keras' Conv*DTranspose when one of its
// settings gives the layer's crops, else tf.nn's conv*d_transpose with the
// output_shape, padding (explicit pairs in 2-D, the only rank tf.nn takes
// them) and the steps it leaves. Every candidate is checked with the TF
// frontend's own rules (lowerTf): the crops it prints are the ones convt
// reads back from it. TensorFlow's CPU kernels take channels last, so a
// channels-first layer's data is transposed around the call; the filters
// are transposed to TensorFlow's [k..., C_out, C_in] unless they are in it.
//
//===----------------------------------------------------------------------===//

#include "compiler/frontends/tf/TfRules.h"
#include "compiler/porting/PortingParts.h"

#include <sstream>

namespace convt::porting {

namespace {

/// A TensorFlow layer for a canonical one: its attributes and the steps
/// left.
struct TfLayer {
  TfAttrs attrs;
  Extra extra;
};

/// The crops TensorFlow makes with `attrs` on `l`'s shapes, or false if its
/// rules reject them.
bool tfCrops(const CanonicalLayer &l, const TfAttrs &attrs,
             CanonicalLayer &out) {
  OperandShapes shapes;
  shapes.input = l.inputShape();
  shapes.weight = l.weightShape();
  shapes.channelsLast = l.channelsLast;
  shapes.weightChannelsLast = l.weightChannelsLast;
  if (l.hasBias)
    shapes.bias = l.biasShape();
  return !lowerTf(attrs, shapes, out);
}

/// The steps that turn TensorFlow's crops `tf` into `l`'s: slices where
/// TensorFlow keeps more, zeros where it keeps less, then l's trailing
/// zeros.
Extra stepsFrom(const CanonicalLayer &l, const CanonicalLayer &tf) {
  Extra e;
  for (int d = 0; d < l.rank; ++d) {
    const int64_t b = l.padsBegin[d] - tf.padsBegin[d];
    const int64_t end = l.padsEnd[d] - tf.padsEnd[d];
    e.cropBegin.push_back(std::max<int64_t>(0, b));
    e.zerosBegin.push_back(std::max<int64_t>(0, -b));
    e.cropEnd.push_back(std::max<int64_t>(0, end));
    e.zerosEnd.push_back(std::max<int64_t>(0, -end) + l.postPads[d]);
  }
  return e;
}

/// Keras' layer when one of its settings gives `l` exactly.
bool kerasExact(const CanonicalLayer &l, TfLayer &out) {
  for (const char *mode : {"valid", "same"}) {
    TfAttrs a;
    a.padding = mode;
    a.strides = dimsOf(l, l.strides);
    a.dilations = dimsOf(l, l.dilations);
    CanonicalLayer c;
    // output_padding None, then the one per dimension that fits.
    if (tfCrops(l, a, c) && !stepsFrom(l, c).any()) {
      out = {a, stepsFrom(l, c)};
      return true;
    }
    std::vector<int64_t> op(l.rank, 0);
    bool all = true;
    for (int d = 0; d < l.rank && all; ++d) {
      bool found = false;
      for (int64_t v = 0; v < l.strides[d] && !found; ++v) {
        // Other dimensions at a value Keras accepts (0), this one tried:
        // each dimension's crop depends on its own value alone.
        std::vector<int64_t> trial(l.rank, 0);
        trial[d] = v;
        a.outputPadding = trial;
        found = tfCrops(l, a, c) && c.padsBegin[d] == l.padsBegin[d] &&
                c.padsEnd[d] == l.padsEnd[d] && !l.postPads[d];
        if (found)
          op[d] = v;
      }
      all = found;
    }
    a.outputPadding = op;
    if (all && tfCrops(l, a, c) && !stepsFrom(l, c).any()) {
      out = {a, stepsFrom(l, c)};
      return true;
    }
  }
  return false;
}

/// tf.nn's layer: explicit pairs in 2-D, else SAME or VALID, with the
/// output_shape that keeps as much of `l` as it can; the steps left.
TfLayer nnLayer(const CanonicalLayer &l) {
  TfAttrs a;
  a.api = "nn";
  a.strides = dimsOf(l, l.strides);
  a.dilations = dimsOf(l, l.dilations);
  a.outputShape = std::vector<int64_t>(l.rank);
  CanonicalLayer c;
  // Past the full result, one pair or VALID adds up to s-1 positions (they
  // hold the bias, as convt's do); more are zeros appended after.
  auto extension = [&](int d) {
    return std::min<int64_t>(std::max<int64_t>(0, -l.padsEnd[d]),
                             l.strides[d] - 1);
  };
  if (l.rank == 2) {
    a.padding = "EXPLICIT";
    for (int d = 0; d < l.rank; ++d) {
      const int64_t before = std::max<int64_t>(0, l.padsBegin[d]);
      const int64_t after = std::max<int64_t>(0, l.padsEnd[d]);
      a.explicitPaddings.push_back(before);
      a.explicitPaddings.push_back(after);
      (*a.outputShape)[d] = l.fullSize(d) - before - after + extension(d);
    }
    if (tfCrops(l, a, c))
      return {a, stepsFrom(l, c)};
  }
  // SAME when it gives every crop: pads_begin the floor half of the total.
  a.explicitPaddings.clear();
  a.padding = "SAME";
  for (int d = 0; d < l.rank; ++d)
    (*a.outputShape)[d] = l.windowSize(d);
  if (tfCrops(l, a, c) && !stepsFrom(l, c).any())
    return {a, stepsFrom(l, c)};
  // VALID: the full result (and what it may add past it), then the steps.
  a.padding = "VALID";
  for (int d = 0; d < l.rank; ++d)
    (*a.outputShape)[d] = l.fullSize(d) + extension(d);
  tfCrops(l, a, c); // always accepted: L in [F, F + s - 1]
  return {a, stepsFrom(l, c)};
}

/// "(2, 3, 1, 0)": the transpose from `l`'s weight layout to the other.
std::string weightPermutation(const CanonicalLayer &l) {
  std::vector<int64_t> p;
  if (l.weightChannelsLast) { // [k..., O, I] -> [I, O, k...]
    p = {l.rank + 1, l.rank};
    for (int d = 0; d < l.rank; ++d)
      p.push_back(d);
  } else { // [I, O, k...] -> [k..., O, I]
    for (int d = 0; d < l.rank; ++d)
      p.push_back(2 + d);
    p.push_back(1);
    p.push_back(0);
  }
  return tuple(p);
}

/// "(0, 2, 3, 1)" (channels first to last) or back.
std::string dataPermutation(int rank, bool toLast) {
  std::vector<int64_t> p = {0};
  if (toLast) {
    for (int d = 0; d < rank; ++d)
      p.push_back(2 + d);
    p.push_back(1);
  } else {
    p.push_back(rank + 1);
    for (int d = 0; d < rank; ++d)
      p.push_back(1 + d);
  }
  return tuple(p);
}

std::string pairs(const std::vector<int64_t> &flat) {
  std::string s = "[[0, 0]";
  for (size_t i = 0; i + 1 < flat.size(); i += 2)
    s += ", [" + std::to_string(flat[i]) + ", " + std::to_string(flat[i + 1]) +
         "]";
  return s + ", [0, 0]]";
}

} // namespace

std::string weightTranspose(const CanonicalLayer &l, const char *transpose) {
  return std::string(transpose) + "(w, " + weightPermutation(l) + ")";
}

std::string weightLayoutStep(const CanonicalLayer &l, const char *transpose) {
  return "w = " + weightTranspose(l, transpose) + "  # " +
         (l.weightChannelsLast ? "[k..., C_out/groups, C_in]"
                               : "[C_in, C_out/groups, k...]") +
         " -> " +
         (l.weightChannelsLast ? "[C_in, C_out/groups, k...]"
                               : "TensorFlow's filters [k..., C_out, C_in]") +
         "\n";
}

Status translateToTf(const PortedLayer &layer, bool json,
                     llvm::raw_ostream &os) {
  const CanonicalLayer &l = layer.canonical;
  if (l.groups > 1) {
    const std::string why =
        "no TensorFlow layer computes it: tf.nn's and Keras' transposed "
        "convolutions have no groups (" +
        std::to_string(l.groups) +
        " here; split the channels with tf.split, one layer per group, "
        "tf.concat the outputs)";
    if (json)
      return Status::error(why);
    os << "# TensorFlow: " << layer.name << " (" << layer.frontendOp
       << "): " << why << "\n";
    return Status::success();
  }
  TfLayer t;
  const bool keras = kerasExact(l, t);
  if (!keras)
    t = nnLayer(l);
  const TfAttrs &a = t.attrs;
  const Extra &e = t.extra;
  if (json) {
    os << jsonHead(layer, "tf", "strides") << ", \"api\": \"" << a.api << "\"";
    if (a.padding == "EXPLICIT") {
      os << ", \"padding\": [";
      for (size_t i = 0; i + 1 < a.explicitPaddings.size(); i += 2)
        os << (i ? ", " : "") << "[" << a.explicitPaddings[i] << ", "
           << a.explicitPaddings[i + 1] << "]";
      os << "]";
    } else {
      os << ", \"padding\": \"" << a.padding << "\"";
    }
    if (keras)
      os << ", \"output_padding\": "
         << (a.outputPadding ? jsonList(*a.outputPadding) : "null")
         << ", \"dilation_rate\": " << jsonList(a.dilations);
    else
      os << ", \"output_shape\": " << jsonList(*a.outputShape)
         << ", \"dilations\": " << jsonList(a.dilations);
    os << ", \"use_bias\": " << (l.hasBias ? "true" : "false")
       << jsonTail(l, e, /*targetWeightLast=*/true);
    return Status::success();
  }
  const int r = l.rank;
  os << "# TensorFlow: " << layer.name << " (" << layer.frontendOp << "), "
     << (e.any() ? "with the extra steps below" : "exactly") << "\n";
  if (!l.channelsLast)
    os << "x = tf.transpose(x, " << dataPermutation(r, true) << ")  # "
       << l.dataFormat() << " -> " << dataFormatName(r, true)
       << " (TensorFlow's CPU kernels take channels last)\n";
  if (!l.weightChannelsLast)
    os << weightLayoutStep(l, "tf.transpose");
  std::vector<int64_t> outShape = {l.batch};
  if (!keras) {
    for (int64_t v : *a.outputShape)
      outShape.push_back(v);
    outShape.push_back(l.outChannels);
  }
  if (keras) {
    os << "layer = tf.keras.layers.Conv" << r << "DTranspose(" << l.outChannels
       << ", " << tuple(dimsOf(l, l.kernelSize))
       << ", strides=" << tuple(a.strides) << ", padding='" << a.padding
       << "', output_padding="
       << (a.outputPadding ? tuple(*a.outputPadding) : "None")
       << ", dilation_rate=" << tuple(a.dilations)
       << ", use_bias=" << (l.hasBias ? "True" : "False") << ")\n"
       << "layer.build(x.shape)\nlayer.set_weights([w"
       << (l.hasBias ? ", b" : "") << "])\ny = layer(x)\n";
  } else {
    os << "y = tf.nn.conv" << r
       << "d_transpose(x, w, output_shape=" << jsonList(outShape)
       << ", strides=" << jsonList(a.strides) << ", padding="
       << (a.padding == "EXPLICIT" ? pairs(a.explicitPaddings)
                                   : "'" + a.padding + "'")
       << ", dilations=" << jsonList(a.dilations) << ")\n";
    if (l.hasBias)
      os << "y = tf.nn.bias_add(y, b)\n";
  }
  // The steps on channels-last data: spatial axes 1..r.
  os << cropStep(l, e, /*channelsLast=*/true);
  bool zeros = false;
  for (int d = 0; d < r; ++d)
    zeros |= e.zerosBegin[d] || e.zerosEnd[d];
  if (zeros) {
    std::vector<int64_t> flat;
    for (int d = 0; d < r; ++d) {
      flat.push_back(e.zerosBegin[d]);
      flat.push_back(e.zerosEnd[d]);
    }
    os << "y = tf.pad(y, " << pairs(flat)
       << ")  # the zeros convt's layer appends\n";
  }
  if (!l.channelsLast)
    os << "y = tf.transpose(y, " << dataPermutation(r, false) << ")  # back to "
       << l.dataFormat() << "\n";
  os << "# y: " << formatShape(l.outputShape()) << " (" << l.dataFormat()
     << ")\n";
  if (biasPastResult(l, e))
    os << kNotExact;
  return Status::success();
}

std::string tfExactAttributes(const CanonicalLayer &l) {
  if (l.groups > 1)
    return "";
  TfLayer t;
  const bool keras = kerasExact(l, t);
  if (!keras)
    t = nnLayer(l);
  const TfAttrs &a = t.attrs;
  std::string s;
  if (keras) {
    s = "padding='" + a.padding + "', output_padding=" +
        (a.outputPadding ? tuple(*a.outputPadding) : "None");
  } else {
    s = "tf.nn with output_shape " + jsonList(*a.outputShape) + ", padding=" +
        (a.padding == "EXPLICIT" ? pairs(a.explicitPaddings)
                                 : "'" + a.padding + "'");
  }
  if (t.extra.any())
    s += ", then the steps `convtc translate --to=tf` writes out";
  return s;
}

} // namespace convt::porting
