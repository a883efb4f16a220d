//===- PeakFma.h - This machine's floating-point peak ----------*- C++ -*-===//
#ifndef CONVT_BENCH_PEAKFMA_H
#define CONVT_BENCH_PEAKFMA_H

#include <cstdint>

namespace convt::bench {

/// Runs `iterations` rounds of independent FMA chains at the widest vector
/// width this CPU has (AVX-512, else AVX2) and returns the FLOPs performed.
/// The result (always 0) depends on the arithmetic, so it is not optimised
/// away.
int64_t peakFmaKernel(int64_t iterations, float &sink);

/// Vector width used, in floats.
int peakFmaLanes();

} // namespace convt::bench

#endif // CONVT_BENCH_PEAKFMA_H
