//===- TfRules.cpp - TensorFlow and Keras, in canonical terms -------------===//
//
// docs/semantics.md, section 5. tf.nn's transposed convolution is the
// gradient of a convolution from the output back to the input: given the
// output length L, the forward convolution's padding (SAME, VALID or
// explicit, tensorflow/core/framework/kernel_shape_util.cc) must map L back
// to the input length n, and fixes the crop. Keras computes L itself
// (conv_utils.deconv_output_length) and calls tf.nn with it.
//
//===----------------------------------------------------------------------===//

#include "compiler/frontends/tf/TfRules.h"
#include "dialects/convt/SemanticChecks.h"

#include <algorithm>
#include <cctype>
#include <sstream>

namespace convt {

using namespace semantics;

int64_t kerasOutputLength(int64_t n, int64_t s, int64_t fs,
                          const std::string &padding, int64_t op) {
  const bool same = padding == "same";
  if (op < 0) // output_padding None
    return same ? n * s : n * s + std::max<int64_t>(fs - s, 0);
  // (n-1)*s + fs - 2*pad + op, pad = fs//2 for "same": fs%2 is left.
  return (n - 1) * s + (same ? fs % 2 : fs) + op;
}

namespace {

std::string lower(std::string s) {
  for (char &c : s)
    c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return s;
}

/// The forward convolution's output length TensorFlow computes from an
/// input of length `in` (GetWindowedOutputSizeVerbose), or -1 where it
/// raises (a negative size).
int64_t forwardLength(int64_t in, int64_t fs, int64_t s, int64_t before,
                      int64_t after, bool same) {
  if (same)
    return (in + s - 1) / s;
  const int64_t num = in + before + after - fs + s;
  return num < 0 ? -1 : num / s; // C++ division, as TensorFlow's
}

} // namespace

std::optional<SemanticError>
lowerTf(const TfAttrs &a, const OperandShapes &shapes, CanonicalLayer &out) {
  const bool keras = a.api == "keras";
  if (!keras && a.api != "nn")
    return error("api", "must be \"keras\" (Conv*DTranspose) or \"nn\" "
                        "(tf.nn.conv*_transpose), got \"" +
                            a.api + "\"");
  const char *dilationName = keras ? "dilation_rate" : "dilations";
  // Neither API has groups.
  if (auto e = checkOperands(shapes, "groups", 1, out))
    return e;
  const int rank = out.rank;
  if (auto e = positiveDims("strides", a.strides, rank, out.strides))
    return e;
  if (auto e = positiveDims(dilationName, a.dilations, rank, out.dilations))
    return e;
  const Dims &s = out.strides, &d = out.dilations;

  // The padding mode, in the API's spelling.
  std::string mode;
  if (keras) {
    mode = a.padding.empty() ? "valid" : lower(a.padding);
    if (mode != "valid" && mode != "same")
      return error("padding", "must be \"valid\" or \"same\" (Keras), got \"" +
                                  a.padding + "\"");
  } else {
    mode = a.padding.empty() ? "SAME" : a.padding;
    if (mode != "SAME" && mode != "VALID" && mode != "EXPLICIT")
      return error("padding",
                   "must be \"SAME\", \"VALID\" or explicit pairs (tf.nn; "
                   "\"same\" and \"valid\" are Keras' names), got \"" +
                       a.padding + "\"");
  }
  const bool explicitPads = mode == "EXPLICIT";
  if (explicitPads && rank != 2)
    return error("padding", "may be explicit pairs in tf.nn.conv2d_transpose "
                            "only: conv1d_transpose and conv3d_transpose take "
                            "\"SAME\" or \"VALID\"");
  if (explicitPads) {
    if (static_cast<int>(a.explicitPaddings.size()) != 2 * rank)
      return error("padding", "must hold " + std::to_string(rank) +
                                  " (before, after) pairs, one per spatial "
                                  "dimension, got " +
                                  list(a.explicitPaddings));
    if (auto e = inRange("padding", a.explicitPaddings))
      return e;
    if (auto e =
            requireAtLeast("padding", a.explicitPaddings, 0, "non-negative"))
      return e;
  } else if (!a.explicitPaddings.empty()) {
    return error("padding",
                 "holds explicit pairs but the mode is \"" + mode + "\"");
  }

  std::vector<int64_t> lengths(rank);
  if (keras) {
    if (a.outputShape)
      return error("output_shape", "is tf.nn's; Keras computes the output "
                                   "shape itself (use api \"nn\")");
    bool strided = false, dilated = false;
    for (int i = 0; i < rank; ++i) {
      strided |= s[i] > 1;
      dilated |= d[i] > 1;
    }
    // Keras' Conv base class.
    if (strided && dilated)
      return error("dilation_rate",
                   "cannot exceed 1 when strides do (Keras: \"strides > 1 "
                   "not supported in conjunction with dilation_rate > 1\")");
    std::vector<int64_t> op(rank, -1);
    if (a.outputPadding) {
      if (auto e = expand("output_padding", *a.outputPadding, rank, 0, op))
        return e;
      if (auto e = requireAtLeast("output_padding", op, 0, "non-negative"))
        return e;
      for (int i = 0; i < rank; ++i)
        if (op[i] >= s[i]) {
          std::ostringstream os;
          os << "must be smaller than the stride (Keras: \"Strides must be "
                "greater than output padding\"): got "
             << op[i] << " with strides " << s[i] << " in spatial dimension "
             << i;
          return error("output_padding", os.str());
        }
    }
    for (int i = 0; i < rank; ++i)
      lengths[i] =
          kerasOutputLength(out.inputSize[i], s[i],
                            d[i] * (out.kernelSize[i] - 1) + 1, mode, op[i]);
  } else {
    if (a.outputPadding)
      return error("output_padding", "is Keras'; tf.nn takes output_shape "
                                     "(use api \"keras\")");
    if (!a.outputShape)
      return error("output_shape", "is required by tf.nn's transposed "
                                   "convolutions");
    if (static_cast<int>(a.outputShape->size()) != rank)
      return error("output_shape", "must have " + std::to_string(rank) +
                                       " spatial sizes, got " +
                                       list(*a.outputShape));
    if (auto e = inRange("output_shape", *a.outputShape))
      return e;
    if (auto e = requireAtLeast("output_shape", *a.outputShape, 1, "positive"))
      return e;
    lengths = *a.outputShape;
  }

  const bool same = mode == "SAME" || mode == "same";
  // What a wrong length is blamed on: the attribute that fixed it.
  const char *blame = keras ? "padding" : "output_shape";
  for (int i = 0; i < rank; ++i) {
    const int64_t n = out.inputSize[i], L = lengths[i];
    const int64_t fs = d[i] * (out.kernelSize[i] - 1) + 1;
    const int64_t full = (n - 1) * s[i] + fs;
    const int64_t before = explicitPads ? a.explicitPaddings[2 * i] : 0;
    const int64_t after = explicitPads ? a.explicitPaddings[2 * i + 1] : 0;
    if (forwardLength(L, fs, s[i], before, after, same) != n) {
      std::ostringstream os;
      os << (keras ? "gives" : "has") << " length " << L
         << " in spatial dimension " << i
         << (keras ? " (Keras' deconv_output_length)" : "")
         << ", which TensorFlow rejects: its forward convolution ("
         << (same ? "SAME: ceil(L/stride)"
             : explicitPads
                 ? "explicit: (L + before + after - dilated kernel)/stride + 1"
                 : "VALID: (L - dilated kernel)/stride + 1")
         << ") must give back the input length " << n;
      return error(blame, os.str());
    }
    int64_t begin = before;
    if (same) // the larger half of an odd total at the end
      begin = std::max<int64_t>(0, full - L) / 2;
    out.padsBegin[i] = begin;
    out.padsEnd[i] = full - L - begin;
  }
  if (auto e = checkExtents(out, "strides", dilationName, blame))
    return e;
  return checkOutputSize(out, blame, "the output length");
}

} // namespace convt
