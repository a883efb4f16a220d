//===- Initializers.h - Weights and biases as the frameworks make them ---===//
//
// `convtc run` without --weight or --bias initialises them the way the
// layer's framework does (docs/semantics.md, sections 2 and 3), from a seed.
// The distributions match the frameworks; the random streams do not (no
// framework's generator is reproduced), so values differ from a framework's
// for the same seed.
//
//===----------------------------------------------------------------------===//
#ifndef CONVT_COMPILER_SPEC_INITIALIZERS_H
#define CONVT_COMPILER_SPEC_INITIALIZERS_H

#include "compiler/spec/LayerSpec.h"
#include "runtime/Status.h"

#include <cstdint>
#include <string>
#include <vector>

namespace convt {

/// How a layer's parameters are initialised.
struct InitScheme {
  Style style = Style::Torch;
  /// MindSpore's weight_init / bias_init, lower-cased; empty means None
  /// (the >= 2.1 default, the same as PyTorch's); "constant" uses *Value.
  std::string weightInit, biasInit;
  double weightValue = 0, biasValue = 0;
};

/// The scheme a JSON spec asks for.
InitScheme initSchemeOf(const LayerSpec &spec);

/// Fills `values` (of `shape`, a weight [C_in, C_out/g, k...] or a bias
/// [C_out]) for `layer`. `isBias` selects the bias rule.
Status initializeParameter(const InitScheme &scheme,
                           const CanonicalLayer &layer, bool isBias,
                           uint64_t seed, std::vector<float> &values);

} // namespace convt

#endif // CONVT_COMPILER_SPEC_INITIALIZERS_H
