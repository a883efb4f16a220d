//===- BFloat16.h - bfloat16 <-> float32, as PyTorch rounds ------*- C++
//-*-===//
//
// bfloat16 is the upper half of a float32. Rounding to it is to nearest,
// ties to even (PyTorch's c10::BFloat16 and the CPU's vcvtneps2bf16); a NaN
// stays a (quiet) NaN. Header-only: the runtime, the tools and the tests
// convert the same way.
//
//===----------------------------------------------------------------------===//
#ifndef CONVT_RUNTIME_BFLOAT16_H
#define CONVT_RUNTIME_BFLOAT16_H

#include <cstdint>
#include <cstring>

namespace convt {

inline uint16_t toBFloat16(float f) {
  uint32_t u;
  std::memcpy(&u, &f, 4);
  if ((u & 0x7fffffffu) > 0x7f800000u) // NaN: keep it one, quiet
    return static_cast<uint16_t>((u >> 16) | 0x40);
  u += 0x7fffu + ((u >> 16) & 1u);
  return static_cast<uint16_t>(u >> 16);
}

inline float fromBFloat16(uint16_t h) {
  uint32_t u = static_cast<uint32_t>(h) << 16;
  float f;
  std::memcpy(&f, &u, 4);
  return f;
}

} // namespace convt

#endif // CONVT_RUNTIME_BFLOAT16_H
