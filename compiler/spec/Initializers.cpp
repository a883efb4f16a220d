//===- Initializers.cpp - Weights and biases as the frameworks make them -===//

#include "compiler/spec/Initializers.h"

#include <cmath>
#include <random>

namespace convt {

namespace {

/// Draws from a 64-bit Mersenne Twister with distributions written out
/// here, so a seed gives the same values with every standard library.
class Rng {
public:
  explicit Rng(uint64_t seed) : gen_(seed) {}
  double uniform01() { return (gen_() >> 11) * 0x1.0p-53; }
  double uniform(double lo, double hi) { return lo + (hi - lo) * uniform01(); }
  double normal() { // Box-Muller
    double u1 = uniform01(), u2 = uniform01();
    if (u1 <= 0)
      u1 = 0x1.0p-53;
    return std::sqrt(-2 * std::log(u1)) * std::cos(2 * M_PI * u2);
  }

private:
  std::mt19937_64 gen_;
};

/// PyTorch's _calculate_fan_in_and_fan_out on the weight
/// [C_in, C_out/g, k...]: fan_in = (C_out/g)*prod(k), fan_out = C_in*prod(k).
void fans(const CanonicalLayer &l, double &fanIn, double &fanOut) {
  double receptive = 1;
  for (int d = 0; d < l.rank; ++d)
    receptive *= static_cast<double>(l.kernelSize[d]);
  fanIn = static_cast<double>(l.outChannels / l.groups) * receptive;
  fanOut = static_cast<double>(l.inChannels) * receptive;
}

} // namespace

InitScheme initSchemeOf(const LayerSpec &spec) {
  InitScheme s;
  s.style = spec.style;
  s.weightInit = spec.weightInit;
  s.biasInit = spec.biasInit;
  s.weightValue = spec.weightInitValue;
  s.biasValue = spec.biasInitValue;
  return s;
}

Status initializeParameter(const InitScheme &scheme, const CanonicalLayer &l,
                           bool isBias, uint64_t seed,
                           std::vector<float> &values) {
  values.assign(static_cast<size_t>(
                    numElements(isBias ? l.biasShape() : l.weightShape())),
                0.f);
  // Weight and bias draw from different streams of one seed.
  Rng rng(seed * 2 + (isBias ? 1 : 0));
  double fanIn, fanOut;
  fans(l, fanIn, fanOut);
  const std::string &name = isBias ? scheme.biasInit : scheme.weightInit;
  double constant = isBias ? scheme.biasValue : scheme.weightValue;
  auto fillUniform = [&](double bound) {
    for (float &v : values)
      v = static_cast<float>(rng.uniform(-bound, bound));
  };

  if (scheme.style == Style::Tf) {
    // Keras' defaults: glorot_uniform kernel (its fans of (k..., C_out,
    // C_in) are these), zeros bias.
    if (!isBias)
      fillUniform(std::sqrt(6 / (fanIn + fanOut)));
    return Status::success();
  }
  if (scheme.style != Style::MindSpore || name.empty()) {
    // PyTorch's reset_parameters: kaiming_uniform_(a=sqrt(5)) gives
    // bound = 1/sqrt(fan_in), and the bias U(+-1/sqrt(fan_in)). MindSpore
    // >= 2.1 with weight_init=None / bias_init=None is the same.
    fillUniform(fanIn > 0 ? 1 / std::sqrt(fanIn) : 0);
    return Status::success();
  }
  if (name == "zeros" || name == "zero")
    return Status::success();
  if (name == "ones" || name == "one") {
    values.assign(values.size(), 1.f);
    return Status::success();
  }
  if (name == "constant") {
    values.assign(values.size(), static_cast<float>(constant));
    return Status::success();
  }
  if (name == "uniform") { // Uniform(scale=0.07)
    fillUniform(0.07);
    return Status::success();
  }
  if (name == "normal") { // Normal(sigma=0.01)
    for (float &v : values)
      v = static_cast<float>(0.01 * rng.normal());
    return Status::success();
  }
  if (name == "truncatednormal") {
    // TruncatedNormal(sigma=0.01), cut at 2 sigma (scipy's truncnorm
    // convention, which older MindSpore called directly).
    for (float &v : values) {
      double x;
      do
        x = rng.normal();
      while (std::fabs(x) > 2);
      v = static_cast<float>(0.01 * x);
    }
    return Status::success();
  }
  if (isBias)
    return Status::error(
        "bias_init \"" + name +
        "\" needs a tensor of rank 2 or more for its fans (MindSpore raises "
        "for a 1-D bias)");
  if (name == "he_uniform" || name == "heuniform") {
    fillUniform(std::sqrt(6 / fanIn)); // negative_slope 0, fan_in mode
    return Status::success();
  }
  if (name == "xavier_uniform" || name == "xavieruniform") {
    fillUniform(std::sqrt(6 / (fanIn + fanOut)));
    return Status::success();
  }
  return Status::error("unknown initializer \"" + name + "\"");
}

} // namespace convt
