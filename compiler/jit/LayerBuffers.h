//===- LayerBuffers.h - Random data of a layer's shapes --------*- C++ -*-===//
//
// Input, weight, bias and output arrays of one layer, filled with U(-1, 1)
// from a seed, and their TensorRefs: what timing and tuning runs feed a
// kernel.
//
//===----------------------------------------------------------------------===//
#ifndef CONVT_COMPILER_JIT_LAYERBUFFERS_H
#define CONVT_COMPILER_JIT_LAYERBUFFERS_H

#include "runtime/Kernel.h"

#include <random>
#include <vector>

namespace convt {

struct LayerBuffers {
  CanonicalLayer layer;
  std::vector<float> x, w, b, y;

  explicit LayerBuffers(const CanonicalLayer &l, uint32_t seed = 1)
      : layer(l), x(numElements(l.inputShape())),
        w(numElements(l.weightShape())), b(l.outChannels),
        y(numElements(l.outputShape())) {
    std::mt19937 rng(seed);
    std::uniform_real_distribution<float> u(-1, 1);
    for (auto *v : {&x, &w, &b})
      for (float &e : *v)
        e = u(rng);
  }

  TensorRef input() { return {x.data(), layer.inputShape(), x.size()}; }
  TensorRef weight() { return {w.data(), layer.weightShape(), w.size()}; }
  TensorRef output() { return {y.data(), layer.outputShape(), y.size()}; }
  /// The bias, or none when the layer has none (what Kernel::run takes).
  const TensorRef *bias() {
    biasRef_ = {b.data(), layer.biasShape(), b.size()};
    return layer.hasBias ? &biasRef_ : nullptr;
  }

private:
  TensorRef biasRef_;
};

} // namespace convt

#endif // CONVT_COMPILER_JIT_LAYERBUFFERS_H
