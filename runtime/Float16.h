//===- Float16.h - IEEE half <-> float32 -----------------------*- C++ -*-===//
//
// float16 (IEEE 754 binary16): rounding to it is to nearest, ties to even,
// as PyTorch's c10::Half and the CPU's vcvtps2ph; overflow gives infinity,
// small values become subnormals; a NaN stays a (quiet) NaN. Header-only:
// the runtime, the tools and the tests convert the same way.
//
//===----------------------------------------------------------------------===//
#ifndef CONVT_RUNTIME_FLOAT16_H
#define CONVT_RUNTIME_FLOAT16_H

#include <cmath>
#include <cstdint>
#include <cstring>

namespace convt {

inline uint16_t toFloat16(float f) {
  uint32_t u;
  std::memcpy(&u, &f, 4);
  const uint16_t sign = static_cast<uint16_t>((u >> 16) & 0x8000u);
  const uint32_t a = u & 0x7fffffffu;
  if (a > 0x7f800000u) // NaN: keep it one, quiet
    return static_cast<uint16_t>(sign | 0x7e00u | ((a >> 13) & 0x3ffu));
  if (a >= 0x477ff000u) // 65520 and up round to infinity
    return static_cast<uint16_t>(sign | 0x7c00u);
  if (a < 0x38800000u) { // below 2^-14: a subnormal half (or zero)
    float magnitude;
    std::memcpy(&magnitude, &a, 4);
    // Exact scaling by 2^24, then to the nearest integer, ties to even.
    return static_cast<uint16_t>(
        sign | static_cast<uint16_t>(std::nearbyint(magnitude * 16777216.0f)));
  }
  uint32_t h = ((((a >> 23) - 127 + 15) & 0x1fu) << 10) | ((a >> 13) & 0x3ffu);
  const uint32_t rest = a & 0x1fffu;
  if (rest > 0x1000u || (rest == 0x1000u && (h & 1u)))
    ++h; // a carry into the exponent is right, up to infinity
  return static_cast<uint16_t>(sign | h);
}

inline float fromFloat16(uint16_t h) {
  const uint32_t sign = static_cast<uint32_t>(h & 0x8000u) << 16;
  const uint32_t exponent = (h >> 10) & 0x1fu, mantissa = h & 0x3ffu;
  uint32_t u;
  if (exponent == 0) {
    float f = std::ldexp(static_cast<float>(mantissa), -24);
    return sign ? -f : f;
  }
  if (exponent == 31)
    u = sign | 0x7f800000u | (mantissa << 13);
  else
    u = sign | ((exponent - 15 + 127) << 23) | (mantissa << 13);
  float f;
  std::memcpy(&f, &u, 4);
  return f;
}

} // namespace convt

#endif // CONVT_RUNTIME_FLOAT16_H
