//===- PhaseMajorAlgorithm.cpp - The phase-major forms' algorithm ---------===//
//
// AlgorithmForm::PhaseMajor (and its OutputTiles and PhaseMajorRowPhases
// variants): one dense correlation per output phase over a zero-padded
// input copy.
//
//===----------------------------------------------------------------------===//

#include "compiler/backend/AlgorithmParts.h"

#include <numeric>

using namespace Halide;

namespace convt::backend {

namespace {

/// The taps of output phase `ph` (0 <= ph < stride) of one spatial
/// dimension, for the output at q*stride + ph: full position
/// p = q*stride + ph + pads_begin, the same j0 as dimTaps, with the input
/// index written relative to q. Phases of the output (rather than of the
/// full position) give every phase row the same columns, ceil(size/stride):
/// with pads_begin = 1 and stride 2, full-position phases span one column
/// more than either phase has, which a register tile had to compute.
struct PhaseTaps {
  Expr hasTaps;    ///< g | (ph + pads_begin)
  Expr tap;        ///< j
  Expr inputIndex; ///< i (may fall in the zero padding)
  Expr tapValid;   ///< j < k
};

PhaseTaps phaseTaps(const CanonicalLayer &l, int d, Expr q, Expr ph, Expr t) {
  const int64_t s = l.strides[d], dil = l.dilations[d], k = l.kernelSize[d],
                pb = l.padsBegin[d];
  const int64_t g = std::gcd(s, dil), sg = s / g, dg = dil / g;
  PhaseTaps r;
  Expr shifted = ph + static_cast<int>(pb); // p - q*stride
  Expr j0 = firstTap(l, d, shifted % static_cast<int>(s), r.hasTaps);
  r.tap = j0 + static_cast<int>(sg) * t;
  // shifted - j0*dilation is a multiple of the stride by the choice of j0.
  r.inputIndex = q +
                 (shifted - j0 * static_cast<int>(dil)) / static_cast<int>(s) -
                 static_cast<int>(dg) * t;
  r.tapValid = r.tap < static_cast<int>(k);
  return r;
}

} // namespace

/// The PhaseMajor form (see AlgorithmForm): inputCF becomes the
/// zero-padded copy, acc is indexed by phase.
void buildPhaseMajor(Algorithm &a, int cig, int cog,
                     const std::vector<Var> &outVars) {
  const CanonicalLayer &l = a.layer;
  const int rank = l.rank;
  a.phaseMajor = true;
  static const char *names[3][3] = {
      {"x", "", ""}, {"y", "x", ""}, {"z", "y", "x"}};
  for (int d = 0; d < rank; ++d) {
    a.q.push_back(Var(std::string("q") + names[rank - 1][d]));
    a.ph.push_back(Var(std::string("ph") + names[rank - 1][d]));
  }

  // Zero outside the input: every phase then reads a dense window.
  {
    Func padded("input_padded");
    Var ci("ci");
    std::vector<Var> vars = {ci};
    std::vector<Expr> args;
    Expr inside = Internal::const_true();
    for (int d = rank - 1; d >= 0; --d) {
      Var v(std::string("i") + names[rank - 1][d]);
      vars.push_back(v);
      const int n = static_cast<int>(l.inputSize[d]);
      args.push_back(clamp(v, 0, n - 1));
      inside = inside && v >= 0 && v < n;
    }
    vars.push_back(a.n);
    args.push_back(ci);
    args.push_back(a.n);
    Expr zero = Internal::make_zero(a.input.type());
    if (a.pairs > 1) {
      Var member("member"), pair("pair");
      std::vector<Var> paired = {member, vars[1], pair};
      paired.insert(paired.end(), vars.begin() + 2, vars.end());
      std::vector<Expr> pairedArgs = args;
      pairedArgs[rank] = pair * a.pairs + member;
      a.pairedInput = Func("input_paired");
      a.pairedInput(paired) = select(inside, a.input(pairedArgs), zero);
      std::vector<Expr> from = {ci % a.pairs, vars[1], ci / a.pairs};
      from.insert(from.end(), vars.begin() + 2, vars.end());
      padded(vars) = a.pairedInput(from);
    } else {
      padded(vars) = select(inside, a.input(args), zero);
    }
    a.inputCF = padded;
  }

  std::vector<Var> accVars = {a.c};
  for (int d = rank - 1; d >= 0; --d) {
    accVars.push_back(a.q[d]);
    accVars.push_back(a.ph[d]);
  }
  accVars.push_back(a.n);
  Expr predicate = Internal::const_true();
  std::vector<Expr> inArgs = {inputChannel(a, cig / a.pairs, cog)};
  std::vector<Expr> wArgs = {a.c};
  std::vector<Expr> inSpatial(rank), wSpatial(rank);
  for (int d = 0; d < rank; ++d) {
    PhaseTaps t = phaseTaps(l, d, a.q[d], a.ph[d], a.r[1 + d]);
    predicate = predicate && t.hasTaps && t.tapValid;
    // Outer dimensions' taps are loops: Halide trims them to the taps that
    // read the input, so that border rows skip the zero padding's
    // multiply-adds (dcgan_g1, 8x8 input: 1 in 16 of a row phase's;
    // 1.17 -> 1.10 ms).
    // Only where every phase has every tap (the kernel a multiple of the
    // stride, no dilation sharing a factor with it): where some phase has
    // fewer, Halide 14's bounds inference under the two predicates asked
    // for taps past the kernel (stride 3 > kernel 2, 3-D: packed_weight
    // "accessed at 2"), promised or clamped index alike.
    // And only where every output position reads some input (pads not
    // negative, no positions between dilated taps): a task whose rows all
    // read nothing gave the padded input an empty region, which Halide 14
    // sized negative ("Allocation input_padded has a size greater than
    // 2^31"; found by the differential fuzzer: pads -8, dilation 2).
    const int64_t s = l.strides[d], dil = l.dilations[d];
    const bool everyTap = std::gcd(s, dil) == 1 && l.kernelSize[d] % s == 0 &&
                          l.padsBegin[d] >= 0 && l.padsEnd[d] >= 0 &&
                          (dil == 1 || (s == 1 && l.inputSize[d] >= dil));
    // Channels last, the innermost dimension's taps too: the predicate
    // folds in the unrolled tiles (measured NHWC, 2 threads: dcgan_g1 1.15
    // -> 1.03 ms, batch8 2.42 -> 2.35, dilated 0.315 -> 0.302). Channels
    // first, the padded input's row-by-row copy left the tiles' column
    // range symbolic, and the kernels kept a branch a column and tap
    // (dcgan_g1 1.13 -> 2.04 ms).
    const bool trimmed = d < rank - 1 || l.channelsLast;
    if (trimmed && a.trimsOuterTaps && everyTap) {
      const int n = static_cast<int>(l.inputSize[d]);
      predicate = predicate && t.inputIndex >= 0 && t.inputIndex < n;
    }
    inSpatial[d] = t.inputIndex;
    wSpatial[d] =
        unsafe_promise_clamped(t.tap, 0, static_cast<int>(l.kernelSize[d] - 1));
  }
  finishArguments(a, inSpatial, wSpatial, inArgs, wArgs);
  a.r.where(simplify(predicate));
  a.acc = Func("acc");
  a.acc(accVars) = 0.f;
  if (a.pairs > 1) {
    // (member, x_W, pair, other spatial..., n) and (c, k..., pair, member):
    // inArgs[0] is the pair (inputChannel on a pair-counting r[0]).
    Expr member = a.r[rank + 1];
    std::vector<Expr> pairedArgs = {member, inArgs[1], inArgs[0]};
    pairedArgs.insert(pairedArgs.end(), inArgs.begin() + 2, inArgs.end());
    wArgs.push_back(member);
    a.acc(accVars) +=
        widen(a.pairedInput(pairedArgs)) * widen(a.packedWeight(wArgs));
  } else {
    a.acc(accVars) += widen(a.inputCF(inArgs)) * widen(a.packedWeight(wArgs));
  }

  std::vector<Expr> accArgs = {a.c};
  for (int d = rank - 1; d >= 0; --d) {
    const int s = static_cast<int>(l.strides[d]);
    Expr o = a.spatial[d];
    accArgs.push_back(o / s);
    // (Clamped, so that over a range of rows the bounds stay [0, s - 1].)
    accArgs.push_back(a.outputTiles && d < rank - 1
                          ? clamp(o - (o / s) * s, 0, s - 1)
                          : o % s);
  }
  accArgs.push_back(a.n);
  defineOutput(a, outVars, a.acc(accArgs), true);
  // Output channels start at 0: the packed weights' block index (c / lanes,
  // c % lanes) then folds to dense vector loads.
  a.output.output_buffer().dim(rank).set_min(0);
}

} // namespace convt::backend
