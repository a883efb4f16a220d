//===- LayerBuffers.h - Random data of a layer's shapes --------*- C++ -*-===//
//
// Input, weight, bias and output arrays of one layer, filled with U(-1, 1)
// from a seed, and their TensorRefs: what timing and tuning runs feed a
// kernel. bfloat16 and float16 layers get the same values rounded to their
// type, held as bit patterns (x16, w16, b16, y16) beside their float32
// values.
//
//===----------------------------------------------------------------------===//
#ifndef CONVT_COMPILER_JIT_LAYERBUFFERS_H
#define CONVT_COMPILER_JIT_LAYERBUFFERS_H

#include "runtime/BFloat16.h"
#include "runtime/Float16.h"
#include "runtime/Kernel.h"

#include <random>
#include <vector>

namespace convt {

struct LayerBuffers {
  CanonicalLayer layer;
  std::vector<float> x, w, b, y;
  std::vector<uint16_t> x16, w16, b16, y16; ///< 16-bit layers only

  explicit LayerBuffers(const CanonicalLayer &l, uint32_t seed = 1)
      : layer(l), x(numElements(l.inputShape())),
        w(numElements(l.weightShape())), b(l.outChannels),
        y(numElements(l.outputShape())) {
    std::mt19937 rng(seed);
    std::uniform_real_distribution<float> u(-1, 1);
    for (auto *v : {&x, &w, &b})
      for (float &e : *v)
        e = u(rng);
    if (half()) {
      for (auto [from, to] : {std::pair{&x, &x16}, {&w, &w16}, {&b, &b16}}) {
        to->resize(from->size());
        for (size_t i = 0; i < from->size(); ++i) {
          (*to)[i] = narrow((*from)[i]);
          (*from)[i] = widen((*to)[i]);
        }
      }
      y16.resize(y.size());
    }
  }

  bool half() const { return layer.elementType != ElementType::Float32; }

  TensorRef input() { return ref(x, x16, layer.inputShape()); }
  TensorRef weight() { return ref(w, w16, layer.weightShape()); }
  TensorRef output() { return ref(y, y16, layer.outputShape()); }
  /// The bias, or none when the layer has none (what Kernel::run takes).
  const TensorRef *bias() {
    biasRef_ = ref(b, b16, layer.biasShape());
    return layer.hasBias ? &biasRef_ : nullptr;
  }
  /// The output as float32 (a 16-bit output widened).
  std::vector<float> result() const {
    if (!half())
      return y;
    std::vector<float> out(y16.size());
    for (size_t i = 0; i < y16.size(); ++i)
      out[i] = widen(y16[i]);
    return out;
  }

private:
  bool brain() const { return layer.elementType == ElementType::BFloat16; }
  uint16_t narrow(float f) const {
    return brain() ? toBFloat16(f) : toFloat16(f);
  }
  float widen(uint16_t h) const {
    return brain() ? fromBFloat16(h) : fromFloat16(h);
  }
  TensorRef ref(std::vector<float> &f, std::vector<uint16_t> &h,
                std::vector<int64_t> shape) {
    if (half())
      return {h.data(), std::move(shape), h.size(), layer.elementType};
    return {f.data(), std::move(shape), f.size(), ElementType::Float32};
  }
  TensorRef biasRef_;
};

} // namespace convt

#endif // CONVT_COMPILER_JIT_LAYERBUFFERS_H
