//===- ScheduleParts.cpp - Pieces of the expert template ------------------===//

#include "compiler/backend/ScheduleParts.h"

using namespace Halide;

namespace convt::backend {

Var scheduleOutputTasks(Algorithm &a, const TaskSplit &split, int vec,
                        std::ostringstream &log) {
  const CanonicalLayer &l = a.layer;
  const int rank = l.rank;
  Var W = a.spatial[rank - 1];
  Var xo("xo"), xi("xi"), co("co"), cin("cin"), oo("oo"), oi("oi");
  Var task("task");
  a.output.split(W, xo, xi, split.tile, TailStrategy::GuardWithIf)
      .split(a.c, co, cin, split.block, TailStrategy::GuardWithIf);
  Var outer = rank == 1 ? xo : a.spatial[0];
  a.output.split(outer, oo, oi, static_cast<int>(split.outerSplit),
                 TailStrategy::GuardWithIf);
  // Channels last: a task's channels are contiguous in the output, and
  // acc keeps them innermost too (forms 1 and 2), so the output stage is a
  // vector copy (plus the bias) along them.
  const bool channelsInner = l.channelsLast && l.outChannels > 1;
  std::vector<VarOrRVar> order = {xi, cin};
  if (channelsInner)
    std::swap(order[0], order[1]);
  if (rank > 1)
    order.push_back(xo);
  for (int d = rank - 2; d >= 1; --d)
    order.push_back(a.spatial[d]);
  order.push_back(oi);
  order.push_back(oo);
  order.push_back(co);
  order.push_back(a.n);
  a.output.reorder(order)
      .fuse(oo, co, task)
      .fuse(task, a.n, task)
      .parallel(task);
  log << "output.split(" << W.name() << ", xo, xi, " << split.tile
      << ").split(c, co, cin, " << split.block << ").split(outer, oo, oi, "
      << split.outerSplit << ").fuse(oo, co, n).parallel()\n";
  if (channelsInner && split.block % vec == 0) {
    a.output.vectorize(cin, vec);
    log << "output.reorder(cin, xi, ...).vectorize(cin, " << vec
        << "): channels last\n";
  }
  return task;
}

void tileAccumulation(Algorithm &a, Var co, Var cv, int vec, Var column,
                      Var outer, Var inner, int tile,
                      const std::vector<VarOrRVar> &order) {
  a.acc.update()
      .split(a.c, co, cv, vec)
      .split(column, outer, inner, tile, TailStrategy::GuardWithIf)
      .reorder(order)
      .vectorize(cv)
      .unroll(co)
      .unroll(inner);
}

Func splitInputChannels(Algorithm &a, const ExpertParams &p, RVar rco, RVar rci,
                        int &ciBlock) {
  // r[0] counts channels, or pairs of them (bfloat16 dot products).
  const int64_t units = a.layer.inChannels / a.layer.groups / a.pairs;
  ciBlock = static_cast<int>(
      std::min<int64_t>(units, std::max(1, p.channelBlock / a.pairs)));
  return a.acc.update()
      .split(a.r[0], rco, rci, ciBlock, TailStrategy::GuardWithIf)
      .rfactor({{rco, Var("kb")}});
}

} // namespace convt::backend
