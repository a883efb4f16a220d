//===- AlgorithmParts.h - Pieces of the Halide algorithm -------*- C++ -*-===//
//
// Internal to the backend: the steps the gather form (Algorithm.cpp) and
// the phase-major forms (PhaseMajorAlgorithm.cpp) share.
//
//===----------------------------------------------------------------------===//
#ifndef CONVT_COMPILER_BACKEND_ALGORITHMPARTS_H
#define CONVT_COMPILER_BACKEND_ALGORITHMPARTS_H

#include "compiler/backend/Algorithm.h"

#include <vector>

namespace convt::backend {

/// The first tap j0 that lands on phase `phase` (0 <= phase < stride) of
/// dimension d: j0*dilation == phase (mod stride), j0 < stride/g. Sets
/// `hasTaps` to g | phase (no tap lands on the other phases).
Halide::Expr firstTap(const CanonicalLayer &l, int d, Halide::Expr phase,
                      Halide::Expr &hasTaps);

/// Dense C-order contract for a buffer of exactly `shape`: static extents
/// and strides let Halide fold all index arithmetic.
void contract(Halide::OutputImageParam p, const std::vector<int64_t> &shape);

/// The contract of an activation (input or output) whose logical shape is
/// [N, C, spatial...]: dense C-order in the layer's layout.
void contractActivation(Halide::OutputImageParam p,
                        const std::vector<int64_t> &logicalShape,
                        bool channelsLast);

/// The contract of the layer's weight: dimensions (k innermost first...,
/// C_out/groups, C_in) over a dense array in its layout.
void contractWeight(Halide::OutputImageParam p, const CanonicalLayer &l);

/// `e` as float32 (sums and products are float32 in every kernel).
Halide::Expr widen(const Halide::Expr &e);

/// The input channel output channel c reads at reduction step r[0].
Halide::Expr inputChannel(const Algorithm &a, int cig, int cog);

/// Completes the input and weight argument lists of the reduction: the
/// spatial indices innermost first, then the batch (input) or the input
/// channel (weight).
void finishArguments(const Algorithm &a,
                     const std::vector<Halide::Expr> &inSpatial,
                     const std::vector<Halide::Expr> &wSpatial,
                     std::vector<Halide::Expr> &inArgs,
                     std::vector<Halide::Expr> &wArgs);

/// output(o..., c, n) = value of acc at o, plus bias, then MindSpore's
/// trailing zeros past the window.
void defineOutput(Algorithm &a, const std::vector<Halide::Var> &outVars,
                  Halide::Expr value, bool addBias);

/// The phase-major forms (see AlgorithmForm): inputCF becomes the
/// zero-padded copy, acc is indexed by phase.
void buildPhaseMajor(Algorithm &a, int cig, int cog,
                     const std::vector<Halide::Var> &outVars);

} // namespace convt::backend

#endif // CONVT_COMPILER_BACKEND_ALGORITHMPARTS_H
