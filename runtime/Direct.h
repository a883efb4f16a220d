//===- Direct.h - The layer by its definition, for odd weights -*- C++ -*-===//
//
// The phase-major kernels multiply the taps that fall into the zero padding
// of their input copy by zero (that is what makes every tap of a phase a
// compile-time constant). With a weight of inf or NaN, 0 * inf is NaN where
// PyTorch, which never forms those products, computes a finite number. Such
// weights are found when they are packed, and the layer then runs here
// instead: each output gathers exactly the (input, tap) pairs that reach it,
// in double precision. Slow, and only for weights no trained model has.
//
//===----------------------------------------------------------------------===//
#ifndef CONVT_RUNTIME_DIRECT_H
#define CONVT_RUNTIME_DIRECT_H

#include "runtime/Layer.h"
#include "runtime/ThreadPool.h"

namespace convt {

/// y = the layer applied to x with weight w ([C_in, C_out/groups, k...])
/// and bias b (null when the layer has none), on `pool`'s threads.
void convTransposeDirect(const CanonicalLayer &layer, const float *x,
                         const float *w, const float *b, float *y,
                         ThreadPool &pool);

} // namespace convt

#endif // CONVT_RUNTIME_DIRECT_H
