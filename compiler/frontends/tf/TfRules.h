//===- TfRules.h - TensorFlow and Keras, in canonical terms ----*- C++ -*-===//
#ifndef CONVT_FRONTENDS_TF_TFRULES_H
#define CONVT_FRONTENDS_TF_TFRULES_H

#include "dialects/convt/Semantics.h"

namespace convt {

/// A TensorFlow transposed convolution: Keras' Conv1DTranspose /
/// Conv2DTranspose / Conv3DTranspose (api "keras") or
/// tf.nn.conv1d_transpose / conv2d_transpose / conv3d_transpose (api
/// "nn"). Vectors hold one value per spatial dimension; empty = the API's
/// default. The layouts (data_format, the filters [k..., C_out, C_in]) are
/// the operands', not attributes of the rules.
struct TfAttrs {
  /// "keras" or "nn".
  std::string api = "keras";
  /// Keras: "valid" (default) or "same", in any case. tf.nn: "SAME"
  /// (default), "VALID" or "EXPLICIT" (with explicitPaddings).
  std::string padding;
  /// tf.nn's explicit padding, [begin_1, end_1, begin_2, end_2, ...]: the
  /// padding of the forward convolution from the output to the input.
  std::vector<int64_t> explicitPaddings;
  /// Keras' output_padding; std::nullopt is Keras' None.
  std::optional<std::vector<int64_t>> outputPadding;
  /// tf.nn's output_shape (spatial sizes), which tf.nn requires.
  std::optional<std::vector<int64_t>> outputShape;
  std::vector<int64_t> strides;
  /// Keras' dilation_rate, tf.nn's dilations.
  std::vector<int64_t> dilations;
};

/// The output length Keras asks tf.nn for along one dimension
/// (conv_utils.deconv_output_length): `padding` "valid" or "same", `op`
/// negative for None, `fs` the dilated kernel.
int64_t kerasOutputLength(int64_t n, int64_t s, int64_t fs,
                          const std::string &padding, int64_t op);

/// Returns std::nullopt and fills `out` when the layer is valid, as
/// docs/semantics.md section 5 reads TensorFlow's and Keras' sources.
std::optional<SemanticError>
lowerTf(const TfAttrs &attrs, const OperandShapes &shapes, CanonicalLayer &out);

} // namespace convt

#endif // CONVT_FRONTENDS_TF_TFRULES_H
