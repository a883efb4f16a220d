//===- PeakFma.cpp - This machine's floating-point peak -------------------===//
//
// 16 independent accumulator chains: enough to cover FMA latency (4 cycles)
// times throughput (2 per cycle) on the cores this project runs on. Compiled
// with AVX-512 and FMA enabled for this file only; the AVX-512 path is taken
// only when the CPU reports it.
//
//===----------------------------------------------------------------------===//

#include "bench/PeakFma.h"

#include <immintrin.h>

namespace convt::bench {

namespace {

__attribute__((target("avx512f"))) int64_t avx512(int64_t n, float &sink) {
  __m512 acc[16];
  for (int i = 0; i < 16; ++i)
    acc[i] = _mm512_set1_ps(static_cast<float>(i));
  const __m512 a = _mm512_set1_ps(1.0f), b = _mm512_set1_ps(0.0f);
  for (int64_t k = 0; k < n; ++k)
    for (int i = 0; i < 16; ++i)
      acc[i] = _mm512_fmadd_ps(acc[i], a, b); // acc * 1 + 0
  __m512 s = acc[0];
  for (int i = 1; i < 16; ++i)
    s = _mm512_add_ps(s, acc[i]);
  float out[16];
  _mm512_storeu_ps(out, s);
  for (float v : out)
    sink += v;
  return n * 16 * 16 * 2;
}

__attribute__((target("avx2,fma"))) int64_t avx2(int64_t n, float &sink) {
  __m256 acc[12];
  for (int i = 0; i < 12; ++i)
    acc[i] = _mm256_set1_ps(static_cast<float>(i));
  const __m256 a = _mm256_set1_ps(1.0f), b = _mm256_set1_ps(0.0f);
  for (int64_t k = 0; k < n; ++k)
    for (int i = 0; i < 12; ++i)
      acc[i] = _mm256_fmadd_ps(acc[i], a, b);
  float out[8];
  __m256 s = acc[0];
  for (int i = 1; i < 12; ++i)
    s = _mm256_add_ps(s, acc[i]);
  _mm256_storeu_ps(out, s);
  for (float v : out)
    sink += v;
  return n * 12 * 8 * 2;
}

} // namespace

int peakFmaLanes() { return __builtin_cpu_supports("avx512f") ? 16 : 8; }

int64_t peakFmaKernel(int64_t iterations, float &sink) {
  return __builtin_cpu_supports("avx512f") ? avx512(iterations, sink)
                                           : avx2(iterations, sink);
}

} // namespace convt::bench
