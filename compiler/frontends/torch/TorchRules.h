//===- TorchRules.h - PyTorch's attributes, in canonical terms -*- C++ -*-===//
#ifndef CONVT_FRONTENDS_TORCH_TORCHRULES_H
#define CONVT_FRONTENDS_TORCH_TORCHRULES_H

#include "dialects/convt/Semantics.h"

namespace convt {

/// torch.nn.ConvTranspose{1,2,3}d; vectors hold one value per spatial
/// dimension. An empty vector stands for PyTorch's default.
struct TorchAttrs {
  std::vector<int64_t> stride;
  std::vector<int64_t> padding;
  std::vector<int64_t> outputPadding;
  std::vector<int64_t> dilation;
  int64_t groups = 1;
  std::string paddingMode = "zeros";
  /// The output_size argument of forward(), spatial sizes only.
  std::optional<std::vector<int64_t>> outputSize;
};

/// Returns std::nullopt and fills `out` when the layer is valid.
std::optional<SemanticError> lowerTorch(const TorchAttrs &attrs,
                                        const OperandShapes &shapes,
                                        CanonicalLayer &out);

} // namespace convt

#endif // CONVT_FRONTENDS_TORCH_TORCHRULES_H
