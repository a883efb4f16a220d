//===- OutputTileSchedule.cpp - Phase-major output tiles ------------------===//
//
// The phase-major form with channel vectors (f2) when the reduction is one
// block of input channels and the output is channels last (the default
// there while a block's weights fit the L2; see resolveExpertParams). f2
// keeps a task's sums in memory and merges the blocks into them; with one
// block that costs more than the multiply-adds on thin layers (C_in 3,
// kernel 5, stride 3: about 8 multiply-adds per output value, and the sums
// written, read, added and copied). Here the register tile is a tile of the
// output itself: `vectors` channel vectors x every phase of
// `columnsPerPhase` columns of each phase (stride_W x m consecutive output
// columns), summed in registers and stored once, with the bias, as the
// output's contiguous channel vectors.
//
//===----------------------------------------------------------------------===//

#include "compiler/backend/ScheduleParts.h"

using namespace Halide;

namespace convt::backend {

std::string expertOutputTileSchedule(Algorithm &a, const ExpertParams &p,
                                     int vec, int threads,
                                     std::ostringstream &log) {
  const CanonicalLayer &l = a.layer;
  const int rank = l.rank;
  const int block = p.vectors * vec;
  const int m = p.columnsPerPhase;
  const int sw = static_cast<int>(l.strides[rank - 1]);
  Var task = scheduleOutputTasks(a, taskSplit(l, p, vec, threads), vec, log);
  // The output's column tile (stride_W x m columns, starting at a multiple
  // of the stride: each column's phase is a constant) and its channel
  // vectors, unrolled: acc's indices are then constants, so LLVM keeps it
  // in registers.
  Var tile = rank == 1 ? Var("oi") : Var("xo");
  a.output.unroll(Var("xi")).unroll(Var("cin"));

  Var co("co"), cv("cv");
  Var qW = a.q[rank - 1], phW = a.ph[rank - 1];
  a.acc.compute_at(a.output, tile)
      .bound_extent(a.c, block)
      .bound_extent(qW, m)
      .bound_extent(phW, sw);
  a.acc.split(a.c, co, cv, vec).vectorize(cv).unroll(co).unroll(qW).unroll(phW);
  // Inside the tile: the input channels and the other dimensions' taps
  // (loops), then every phase and tap of the row (unrolled: phases that
  // read the same input columns share the broadcasts).
  std::vector<VarOrRVar> upd = {cv, co, qW, a.r[rank], phW, a.r[0]};
  for (int d = rank - 2; d >= 0; --d)
    upd.push_back(a.r[1 + d]);
  Stage update = a.acc.update();
  if (a.pairs > 1) {
    RVar member = a.r[rank + 1];
    upd.insert(upd.begin(), member);
    update.split(a.c, co, cv, vec)
        .reorder(upd)
        .atomic()
        .vectorize(member)
        .vectorize(cv);
  } else {
    update.split(a.c, co, cv, vec).reorder(upd).vectorize(cv);
  }
  update.unroll(co).unroll(qW).unroll(a.r[rank]).unroll(phW);
  log << "output.unroll(xi).unroll(cin): one output tile of " << sw * m
      << " columns x " << block << " channels a register tile\n"
      << "acc.compute_at(output, " << tile.name() << ").bound_extent(c, "
      << block << ").bound_extent(" << qW.name() << ", " << m
      << ").bound_extent(" << phW.name() << ", " << sw
      << ").update().reorder(c, " << qW.name() << ", tap_W, " << phW.name()
      << ", ci, taps...).vectorize(c, " << vec << ").unroll(c, " << p.vectors
      << " vectors).unroll(" << qW.name() << ").unroll(tap_W).unroll("
      << phW.name() << ")\n";
  log << "packed_weight: packed once, layout (c, ci, taps...)\n";
  schedulePaddedInput(a, vec, m, task, log);
  return log.str();
}

} // namespace convt::backend
