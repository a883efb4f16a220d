//===- GpuSchedule.cpp - The GPU schedule template ------------------------===//
//
// CUDA and OpenCL. Form 2, the phase-major algorithm over a zero-padded
// input (AlgorithmForm::GpuPhaseMajor): a thread block computes
// `threadsZ x channels` output channels of a tile of the phase grid
// (`threadsX x columns` positions along W, `threadsY` along the next
// dimension) and every output phase of each position; each thread holds
// `channels x columns x phases` sums in registers. Every thread runs the
// same phases and taps (unrolled: constants), so no thread of a warp
// diverges on which taps it has. The reduction over input channels runs in
// unrolled steps of `chunk` channels; the weights are packed with a
// thread's channels contiguous (vector loads) and, where a block's fit in
// 16 KiB (thin layers), copied into shared memory by the block's threads
// first. Neighbouring threads take neighbouring positions of the grid, so
// their input loads are coalesced.
//
// Halide 14 limits what a template can say here: sums that outlive a
// block-wide copy (a stage of shared memory per step of input channels)
// live in local memory unless the threads are one warp's lanes
// (MemoryType::Register needs constant indices), so the big layers' weights
// are read through the cache rather than staged step by step.
//
// Form 1, the gather algorithm, one output per thread: for layers the
// phase-major algorithm cannot unroll (large strides or kernels) or would
// waste most of its work on zeros.
//
//===----------------------------------------------------------------------===//

#include "compiler/backend/AlgorithmParts.h"
#include "compiler/backend/ScheduleParts.h"

using namespace Halide;

namespace convt::backend {

namespace {

/// Splits `f`'s dimensions, fused into one, over the block's threads (the
/// same thread dimensions, with the same extents, as the block's other
/// stages: a block's size is the largest extent any stage gives a thread
/// dimension). Used for the cooperative copies into shared memory.
void spreadOverThreads(Func f, const std::vector<int> &threads,
                       const std::string &prefix) {
  const std::vector<std::string> &args = f.function().args();
  Var current(args[0]);
  for (size_t i = 1; i < args.size(); ++i) {
    Var next(prefix + "_f" + std::to_string(i));
    f.fuse(current, Var(args[i]), next);
    current = next;
  }
  std::vector<VarOrRVar> order;
  std::vector<Var> lanes;
  for (size_t i = 0; i < threads.size(); ++i) {
    Var outer(prefix + "_o" + std::to_string(i));
    Var inner(prefix + "_t" + std::to_string(i));
    f.split(current, outer, inner, threads[i], TailStrategy::GuardWithIf);
    lanes.push_back(inner);
    order.push_back(inner);
    current = outer;
  }
  order.push_back(current);
  f.reorder(order);
  if (lanes.size() == 1)
    f.gpu_threads(lanes[0]);
  else if (lanes.size() == 2)
    f.gpu_threads(lanes[0], lanes[1]);
  else
    f.gpu_threads(lanes[0], lanes[1], lanes[2]);
}

/// gpu_threads over 1 to 3 variables.
template <typename S> void threadsOver(S s, const std::vector<VarOrRVar> &v) {
  if (v.size() == 1)
    s.gpu_threads(v[0]);
  else if (v.size() == 2)
    s.gpu_threads(v[0], v[1]);
  else
    s.gpu_threads(v[0], v[1], v[2]);
}

std::string phaseMajorGpu(Algorithm &a, const GpuParams &p,
                          std::ostringstream &log) {
  const CanonicalLayer &l = a.layer;
  const int rank = l.rank;
  const int TX = p.threadsX, TY = rank > 1 ? p.threadsY : 1, TZ = p.threadsZ;
  const int CT = p.channels, QW = p.columns;
  std::vector<int> threads = {TX};
  if (rank > 1)
    threads.push_back(TY);
  threads.push_back(TZ);

  // The output: per dimension (innermost first) position = q*stride +
  // phase, the phases unrolled in the thread; W's grid in blocks of
  // TX x QW (each thread QW neighbouring positions), the next dimension's
  // grid in blocks of TY; channels in blocks of TZ x CT (each thread CT
  // neighbouring channels). A thread's sums are then a box of acc:
  // constant indices once unrolled, so they stay in registers.
  Var xb("xb"), xu("xu"), xt("xt"), yb("yb"), yt("yt"), cb("cb"), cu("cu"),
      ct("ct");
  std::vector<VarOrRVar> phases;
  std::vector<Var> outer;
  for (int d = rank - 1; d >= 0; --d) {
    const int s = static_cast<int>(l.strides[d]);
    Var o = a.spatial[d];
    Var q(o.name() + "q"), ph(o.name() + "p");
    a.output.split(o, q, ph, s, TailStrategy::GuardWithIf);
    phases.push_back(ph);
    if (d == rank - 1) {
      Var xr("xr");
      a.output.split(q, xb, xr, QW * TX, TailStrategy::GuardWithIf)
          .split(xr, xt, xu, QW);
    } else if (d == rank - 2) {
      a.output.split(q, yb, yt, TY, TailStrategy::GuardWithIf);
    } else {
      outer.push_back(q);
    }
  }
  Var cr("cr");
  a.output.split(a.c, cb, cr, CT * TZ, TailStrategy::GuardWithIf)
      .split(cr, ct, cu, CT);
  std::vector<VarOrRVar> order = phases;
  order.push_back(xu);
  order.push_back(cu);
  std::vector<VarOrRVar> threadVars = {xt};
  if (rank > 1)
    threadVars.push_back(yt);
  threadVars.push_back(ct);
  order.insert(order.end(), threadVars.begin(), threadVars.end());
  order.push_back(xb);
  if (rank > 1)
    order.push_back(yb);
  for (const Var &v : outer)
    order.push_back(v);
  order.push_back(cb);
  order.push_back(a.n);
  a.output.reorder(order);
  for (VarOrRVar v : phases)
    a.output.unroll(v.var);
  a.output.unroll(xu).unroll(cu);
  // Blocks (CUDA grids have three dimensions): W's tiles; the next
  // dimension's, fused with the depth's grid (3-D); channel blocks fused
  // with the images.
  Var rows = yb;
  for (const Var &v : outer) {
    Var f(v.name() + "_yb");
    a.output.fuse(rows, v, f);
    rows = f;
  }
  Var all("blocks");
  a.output.fuse(cb, a.n, all);
  threadsOver(a.output, threadVars);
  if (rank > 1)
    a.output.gpu_blocks(xb, rows, all);
  else
    a.output.gpu_blocks(xb, all);

  // acc: per thread, in registers (every index a constant once unrolled).
  // The update: input channels in steps of `chunk` (unrolled inside a
  // step), every phase and its taps (unrolled: constants per phase, the
  // same in every thread), the thread's columns, then its channels
  // innermost: each input value serves CT channels, each weight vector
  // (CT contiguous packed channels, vector loads) QW columns.
  Var qW = a.q[rank - 1];
  a.acc.compute_at(a.output, xt)
      .store_in(MemoryType::Register)
      .bound_extent(a.c, CT)
      .bound_extent(qW, QW);
  std::vector<VarOrRVar> pure = {a.c, qW};
  for (int d = rank - 1; d >= 0; --d) {
    a.acc.bound_extent(a.ph[d], static_cast<int>(l.strides[d]));
    pure.push_back(a.ph[d]);
    // (The outer dimensions' q is one position a thread, which bounds
    // inference finds from the output's constant shape; bounding it too
    // left an assertion Halide could not prove in some kernels, and CUDA
    // kernels cannot report one: "halide_error_explicit_bounds_too_small
    // ... is not in the runtime module", conformance layer seed2d_ex3.)
    if (d < rank - 1)
      pure.push_back(a.q[d]);
  }
  pure.push_back(a.n);
  // Channels in vectors of at most 4 (128 bits): 8-wide ones reached the
  // PTX as pairs of 64-bit loads (ld.global.nc.v2.f32: twice the load
  // instructions of dcgan_g1's c8 tile), 4-wide ones as 128-bit loads.
  const int lanes = std::min(CT, 4);
  Var cv("cv"), cw("cw");
  a.acc.reorder(pure)
      .split(a.c, cw, cv, lanes)
      .vectorize(cv)
      .unroll(cw)
      .unroll(qW);
  for (int d = 0; d < rank; ++d)
    a.acc.unroll(a.ph[d]);

  RVar r0o("r0o"), r0i("r0i");
  std::vector<VarOrRVar> upd = {a.c, qW};
  for (int d = rank - 1; d >= 0; --d) {
    upd.push_back(a.r[1 + d]);
    upd.push_back(a.ph[d]);
  }
  upd.push_back(r0i);
  for (int d = rank - 2; d >= 0; --d)
    upd.push_back(a.q[d]);
  upd.push_back(a.n);
  upd.push_back(r0o);
  Stage u = a.acc.update();
  u.split(a.r[0], r0o, r0i, p.chunk, TailStrategy::GuardWithIf)
      .reorder(upd)
      .split(a.c, cw, cv, lanes)
      .vectorize(cv)
      .unroll(cw)
      .unroll(qW)
      .unroll(r0i);
  for (int d = 0; d < rank; ++d)
    u.unroll(a.r[1 + d]).unroll(a.ph[d]);

  int64_t phaseCount = 1;
  for (int d = 0; d < rank; ++d)
    phaseCount *= l.strides[d];
  log << "output: per dimension split(o, q, phase, stride).unroll(phase); "
      << "split(q_W, xb, xt, xu: " << TX << " threads x " << QW << ")"
      << (rank > 1 ? ", split(q_H, yb, yt: " + std::to_string(TY) + " threads)"
                   : "")
      << ", split(c, cb, ct, cu: " << TZ << " threads x " << CT
      << "); gpu_blocks(xb" << (rank > 1 ? ", yb" : "") << ", the rest fused)\n"
      << "acc.compute_at(output, xt).store_in(Register): per thread " << CT
      << (CT > 1 ? " channels (a vector)" : " channel") << " x " << QW
      << " column" << (QW > 1 ? "s" : "") << " x " << phaseCount
      << " phases; update: split(ci, step, " << p.chunk
      << ").reorder(c, columns, taps and phases, ci in the step: unrolled; "
         "step)\n";

  // Shared memory (where the heuristic found it fits): the block's packed
  // weights for every input channel and tap, copied once by the block's
  // threads before any thread sums.
  if (p.stage == 1) {
    // The packed buffer's own layout (a wrapper of the argument): each
    // thread's channels stay contiguous in shared memory too.
    Func staged = a.packedInput.in();
    staged.compute_at(a.output, xb).store_in(MemoryType::GPUShared);
    spreadOverThreads(staged, threads, "w");
    log << "packed_weight.compute_at(output, xb).store_in(GPUShared): the "
           "block's weights, copied by its threads\n";
  } else {
    log << "packed_weight: read as packed (vector loads through the "
           "cache)\n";
  }
  log << "input_padded: inlined (read through the cache)\n";
  return log.str();
}

/// Form 1: one output per thread, threadsX along W, threadsY along the
/// next dimension; the reduction (predicated taps) serial in the thread.
std::string gatherGpu(Algorithm &a, const GpuParams &p,
                      std::ostringstream &log) {
  const int rank = a.layer.rank;
  Var xb("xb"), xt("xt"), yb("yb"), yt("yt");
  Var x = a.spatial[rank - 1];
  a.output.split(x, xb, xt, p.threadsX, TailStrategy::GuardWithIf);
  std::vector<VarOrRVar> order = {xt};
  if (rank > 1) {
    a.output.split(a.spatial[rank - 2], yb, yt, p.threadsY,
                   TailStrategy::GuardWithIf);
    order.push_back(yt);
  }
  order.push_back(xb);
  if (rank > 1)
    order.push_back(yb);
  for (int d = rank - 3; d >= 0; --d)
    order.push_back(a.spatial[d]);
  order.push_back(a.c);
  order.push_back(a.n);
  a.output.reorder(order);
  Var rest = a.c;
  for (int d = rank - 3; d >= 0; --d) {
    Var f(a.spatial[d].name() + "_c");
    a.output.fuse(a.spatial[d], rest, f);
    rest = f;
  }
  Var all("blocks");
  a.output.fuse(rest, a.n, all);
  if (rank > 1)
    a.output.gpu_threads(xt, yt).gpu_blocks(xb, yb, all);
  else
    a.output.gpu_threads(xt).gpu_blocks(xb, all);
  a.acc.compute_at(a.output, xt);
  log << "output.split(x, xb, xt, " << p.threadsX << ")"
      << (rank > 1 ? ".split(y, yb, yt, " + std::to_string(p.threadsY) + ")"
                   : "")
      << ".gpu_threads(xt" << (rank > 1 ? ", yt" : "")
      << ").gpu_blocks(xb, ...); acc.compute_at(output, xt): one output per "
         "thread, its taps found by predicates\n";
  return log.str();
}

} // namespace

std::string gpuSchedule(Algorithm &a, const GpuParams &given) {
  std::ostringstream log;
  const GpuParams p = resolveGpuParams(a.layer, given);
  log << "// GPU parameters " << p.str() << "\n";
  // The output's shape, as the runtime passes it (a dense array from 0):
  // known, a phase x % stride is a constant of the unrolled code and a
  // thread's sums have constant indices (with a symbolic min, the output
  // stage indexed them at run time, which put them in local memory), and
  // the block indices fused from symbolic extents do not blur a thread's
  // depth into a range (3-D).
  contractActivation(a.output.output_buffer(), a.layer.logicalOutputShape(),
                     a.layer.channelsLast);
  // Packed weights start 16-byte aligned (device allocations are; the
  // runtime's host copies are malloc'ed): a thread's channel vector is
  // then one or two 128-bit loads, not scalar ones.
  if (a.prepacked)
    a.packedInput.set_host_alignment(16);
  return a.phaseMajor ? phaseMajorGpu(a, p, log) : gatherGpu(a, p, log);
}

} // namespace convt::backend
