//===- Algorithm.h - The Halide algorithm of a canonical layer -*- C++ -*-===//
//
// Internal to the backend: Halide types do not leave compiler/backend.
//
// Gather form of the canonical layer (docs/design.md). Per spatial dimension,
// full position p = o + pads_begin, g = gcd(dilation, stride). Tap j lands
// on p iff j*dilation == p (mod stride), which has solutions only when
// g | p; they are j = j0 + (stride/g)*t with input index
// i = (p - j0*dilation)/stride - (dilation/g)*t. The reduction runs over t
// with where-clauses j < k and 0 <= i < n, so an output reads only the taps
// that fall on the stride grid and inside the input: the kernel performs
// exactly the useful multiply-adds, no inserted zeros and no clipped taps.
//
//===----------------------------------------------------------------------===//
#ifndef CONVT_COMPILER_BACKEND_ALGORITHM_H
#define CONVT_COMPILER_BACKEND_ALGORITHM_H

#include "runtime/Layer.h"

#include <Halide.h>

#include <string>
#include <vector>

namespace convt::backend {

struct Algorithm {
  CanonicalLayer layer;
  Halide::ImageParam input;  ///< (x_W, x_H, x_D, C_in, N), innermost first
  Halide::ImageParam weight; ///< (k_W, k_H, k_D, C_out/groups, C_in)
  Halide::ImageParam bias;   ///< (C_out); defined only when layer.hasBias
  /// input with channels innermost: inputCF(ci, x_W, ..., n).
  Halide::Func inputCF;
  /// weight as packed(c, j_W, ..., ci_in_group) with c the output channel.
  Halide::Func packedWeight;
  /// With WeightForm::Packed: the kernel's weight argument, already in the
  /// packed layout (see packedWeightShape); packedWeight reads it.
  Halide::ImageParam packedInput;
  bool prepacked = false;
  /// acc(c, o_W, ..., n): the window of the full result, channels innermost.
  Halide::Func acc;
  /// output(o_W, ..., c, n): acc + bias, then post_pads zeros.
  Halide::Func output;
  /// Output spatial variables by framework dimension (0 = depth or height,
  /// rank-1 = width); Halide's innermost is spatial[rank-1].
  std::vector<Halide::Var> spatial;
  Halide::Var c{"c"}, n{"n"};
  /// r[0]: input channel within the group (with pairs: the pair);
  /// r[1+d]: tap of dimension d; with pairs, r[rank+1]: the pair member.
  Halide::RDom r;

  /// AlgorithmForm::PhaseMajor only: acc is indexed by output phase, and
  /// these are its variables by framework dimension: q[d] the position on
  /// the phase's grid, ph[d] the output phase (o = q*stride + ph).
  bool phaseMajor = false;
  std::vector<Halide::Var> q, ph;
  /// AlgorithmForm::OutputTiles.
  bool outputTiles = false;
  /// Whether the taps of dimensions other than the innermost skip the zero
  /// padding (all phase-major forms but PhaseMajorRowPhases).
  bool trimsOuterTaps = false;

  /// 2 when the packed weights hold input channels in pairs (bfloat16
  /// kernels whose register tiles use the CPU's pairwise dot product); 1
  /// otherwise.
  int pairs = 1;
  /// With pairs: the zero-padded input as (pair member, x_W, pair, other
  /// spatial..., n), channel pairs*pair + member, which acc reads
  /// directly (inputCF reads it too); the reduction's r[0] then counts
  /// pairs and r[rank + 1] is the member, so that neither load divides.
  Halide::Func pairedInput;

  /// input, weight (or packed_weight), [bias].
  std::vector<Halide::Argument> arguments() const;
};

enum class WeightForm {
  /// The kernel reads the [C_in, C_out/g, k...] weight (and may repack it
  /// per call).
  Raw,
  /// The kernel reads weights packed once by the pack pipeline.
  Packed,
};

/// C-order shape of packed weights: [C_out blocks, k_D.., k_H, k_W,
/// C_in/groups, `lanes`]: a block of `lanes` output channels innermost, then
/// the input channel of the group, then the taps, then the block. A task's
/// channel block reads one contiguous run (no power-of-two strides between
/// taps, which made every tap of a phase share the same cache sets).
/// With `pairs` = 2 the input channels of the group go in pairs, the pair
/// innermost: [C_out blocks, k..., C_in/groups/2, `lanes`, 2] (a block's
/// 2 x `lanes` values of one pair are one vector of bfloat16).
std::vector<int64_t> packedWeightShape(const CanonicalLayer &layer, int lanes,
                                       int pairs = 1);

/// pack(c, ci, k_W, ...) = the weight of output channel c (zero past C_out),
/// group input channel ci, tap k: the layout WeightForm::Packed kernels read.
struct PackPipeline {
  Halide::ImageParam weight;
  Halide::Func pack;
};
PackPipeline buildPackPipeline(const CanonicalLayer &layer, int lanes,
                               int pairs = 1);

/// The element type of the layer's tensors in Halide (float32 or
/// bfloat16); sums are float32 either way.
Halide::Type halideElementType(const CanonicalLayer &layer);

enum class IndexBounds {
  /// unsafe_promise_clamped: free, tells bounds inference what the
  /// predicates guarantee.
  Promise,
  /// clamp: the autoschedulers' analyses do not understand promises.
  Clamp,
};

/// How acc indexes the output.
enum class AlgorithmForm {
  /// acc(c, o_W, ..., n): each output position finds its phase's taps
  /// through predicates on the tap and on the input range (exact
  /// multiply-adds, no padding).
  Gather,
  /// acc(c, q_W, ph_W, ..., n): one dense correlation per output phase over
  /// a zero-padded, channels-innermost input copy (inputCF). The only
  /// predicate is which taps a phase has, a constant once the phases are
  /// unrolled: register tiles of one phase share every weight load.
  /// Multiply-adds with the padding are performed too (at the borders).
  PhaseMajor,
  /// PhaseMajor for register tiles that are tiles of the output (see
  /// OutputTileSchedule.cpp): the phase of every dimension but the
  /// innermost is written o - (o/stride)*stride rather than o % stride, so
  /// that bounds inference finds one phase for one output row (Halide 14
  /// bounds a % of an interval whose ends are equal but not the same
  /// expression by [0, stride - 1], which computed every phase of a row).
  OutputTiles,
  /// PhaseMajor for f3 tiles that span the phases of the next dimension too
  /// (t2): its taps are not trimmed to the input, so that the unrolled row
  /// phases keep one tap loop and share its loads (trimmed, the depthwise
  /// layer ran 15% slower).
  PhaseMajorRowPhases,
  /// PhaseMajor for the GPU template: taps not trimmed to the input either,
  /// so that a thread's taps are the same constants in every thread (a
  /// trimmed tap loop's bounds depend on the thread's row: divergence).
  GpuPhaseMajor,
};

/// Builds the algorithm of `layer`. With `countMultiplyAdds`, acc counts the
/// multiply-adds it would perform (Int(32), +1 per tap) instead of summing
/// products, and output is acc: a Halide-level counter that runs the same
/// reduction domain and predicates.
Algorithm buildAlgorithm(const CanonicalLayer &layer,
                         bool countMultiplyAdds = false,
                         IndexBounds bounds = IndexBounds::Promise,
                         WeightForm weights = WeightForm::Raw, int lanes = 16,
                         AlgorithmForm form = AlgorithmForm::Gather,
                         int pairs = 1);

/// Sets estimates on every input and on the output, from the real shapes,
/// as the autoschedulers require.
void setEstimates(Algorithm &a);

/// Human-readable definitions of every Func, for `convtc emit --stage=halide`.
std::string describeAlgorithm(const Algorithm &a);

} // namespace convt::backend

#endif // CONVT_COMPILER_BACKEND_ALGORITHM_H
