//===- PhaseMajorSchedules.cpp - The expert template's forms f2 and f3 ----===//

#include "compiler/backend/ScheduleParts.h"

#include <climits>

using namespace Halide;

namespace convt::backend {

namespace {

/// Elements of the phase-major zero-padded input for the whole layer: per
/// dimension, the input positions that some phase's taps read for q in
/// [0, ceil(size/stride)), along W rounded up to whole tiles of m columns.
int64_t paddedInputElements(const CanonicalLayer &l, int m) {
  int64_t elements = l.batch * l.inChannels;
  for (int d = 0; d < l.rank; ++d) {
    const int64_t s = l.strides[d], dil = l.dilations[d], pb = l.padsBegin[d];
    int64_t columns = (l.outputSize(d) + s - 1) / s;
    if (d == l.rank - 1)
      columns = (columns + m - 1) / m * m;
    // The first input position each tap of each phase reads (an exact
    // quotient: taps that do not land on the phase are skipped).
    int64_t lo = INT64_MAX, hi = INT64_MIN;
    for (int64_t ph = 0; ph < s; ++ph)
      for (int64_t j = 0; j < l.kernelSize[d]; ++j) {
        const int64_t shift = ph + pb - j * dil;
        if (shift % s != 0)
          continue;
        lo = std::min(lo, shift / s);
        hi = std::max(hi, shift / s + columns - 1);
      }
    elements *= hi >= lo ? hi - lo + 1 : 1;
  }
  return elements;
}

} // namespace

/// Where and in what layout the phase-major forms with channel vectors
/// (f2 and the output tiles) compute the zero-padded input; m is the
/// register tile's columns per phase.
void schedulePaddedInput(Algorithm &a, int vec, int m, Var task,
                         std::ostringstream &log) {
  const CanonicalLayer &l = a.layer;
  const int rank = l.rank;
  if (!l.channelsLast && a.pairs == 1) {
    // A channels-first input is padded row by row: columns innermost, then
    // channels, then rows (x, ci, y...), a vector copy of the input's rows.
    // Channels innermost made the copy a transpose, one strided scalar
    // load per element; the register tiles' broadcasts of consecutive
    // channels then step by one padded row, which the prefetchers follow.
    // Measured (2 threads): unet_up 1.69 -> 1.45 ms, audio1d 0.122 -> 0.087,
    // vol3d 2.59 -> 2.47, the others even. (bfloat16 pairs need channels
    // innermost: one broadcast per pair.)
    const Internal::Function &f = a.inputCF.function();
    std::vector<Var> storage = {Var(f.args()[1]), Var(f.args()[0])};
    for (int i = 2; i <= rank + 1; ++i)
      storage.push_back(Var(f.args()[i]));
    std::vector<VarOrRVar> order(storage.begin(), storage.end());
    // Guarded, so that the copy is no wider than its rows (rounding them up
    // to whole vectors made dcgan_g1's copy 1.25x its output).
    a.inputCF.reorder_storage(storage).reorder(order).vectorize(
        Var(f.args()[1]), vec, TailStrategy::GuardWithIf);
    log << "input_padded.reorder_storage(x, ci, rows...).vectorize(x, " << vec
        << "): channels-first input, padded row by row\n";
  }
  Func padded = a.inputCF;
  // (ci, x_W, ..., outermost, n): the rows are the outermost spatial one.
  Var rows(a.inputCF.function().args()[rank]);
  if (a.pairs > 1) {
    // bfloat16 pairs: (member, x_W, pair, ...), what acc reads. Stored as
    // rows of pairs (two input rows interleaved: two vector loads and a
    // shuffle) when a channels-first input is read by few taps a phase, so
    // that the copy, not the tiles, is what the layout serves; otherwise
    // a pixel's pairs are contiguous (channels last: as they come).
    // Measured rows of pairs against pairs innermost, bfloat16, 2 threads:
    // unet_up (1 tap a phase) 1.07 -> 0.88 ms, audio1d (2) 0.075 -> 0.064;
    // batch8 (4) 1.60 -> 1.97, dcgan even.
    padded = a.pairedInput;
    const std::vector<std::string> &args = padded.function().args();
    Var member(args[0]), ix(args[1]), pair(args[2]);
    rows = Var(rank == 1 ? args[2] : args[rank + 1]);
    padded.bound(member, 0, a.pairs);
    int64_t taps = 1;
    for (int d = 0; d < rank; ++d)
      if (const int64_t *e = Internal::as_const_int(a.r[1 + d].extent()))
        taps *= *e;
    const bool pairsInner = l.channelsLast || taps > 2;
    if (pairsInner) {
      std::vector<Var> storage = {member, pair, ix};
      for (size_t i = 3; i < args.size(); ++i)
        storage.push_back(Var(args[i]));
      std::vector<VarOrRVar> order(storage.begin(), storage.end());
      padded.reorder_storage(storage)
          .reorder(order)
          .vectorize(member)
          .vectorize(pair, vec / 2, TailStrategy::GuardWithIf);
    } else {
      padded.vectorize(member).vectorize(ix, vec, TailStrategy::GuardWithIf);
    }
    log << "input_paired: (member, "
        << (pairsInner ? "pair, column" : "column, pair")
        << ", rows...), vectorised\n";
  }
  // The zero-padded input: once for the layer, rows in parallel, unless
  // that copy would be larger than the output (an input larger than the
  // output, or a wide halo at stride 1): then each task pads the rows it
  // reads.
  if (paddedInputElements(l, m) > numElements(l.outputShape())) {
    padded.compute_at(a.output, task);
    log << "input_padded.compute_at(output, task)\n";
    return;
  }
  padded.compute_root().parallel(rows);
  log << "input_padded.compute_root().parallel(" << rows.name() << ")\n";
}

/// The template for the phase-major algorithm. Per task, acc holds a
/// channel block of the task's outputs by phase; the reduction is split in
/// blocks of input channels (rfactor) and, for each block, every phase's
/// register tiles (vectors x columns of that phase) run the block's channels
/// and the phase's taps with the accumulators in registers. Phases are
/// unrolled, so each tile's taps are compile-time constants and its columns
/// share every weight load.
std::string expertPhaseSchedule(Algorithm &a, const ExpertParams &p, int vec,
                                int threads, std::ostringstream &log) {
  const CanonicalLayer &l = a.layer;
  const int rank = l.rank;
  const int block = p.vectors * vec;
  const int m = p.columnsPerPhase;
  if (a.outputTiles)
    return expertOutputTileSchedule(a, p, vec, threads, log);
  Var task = scheduleOutputTasks(a, taskSplit(l, p, vec, threads), vec, log);

  RVar rco("rco"), rci("rci");
  Var co("co"), cv("cv"), qo("qo"), qi("qi");
  Var qW = a.q[rank - 1], phW = a.ph[rank - 1];
  int ciBlock = 0;
  Func partial = splitInputChannels(a, p, rco, rci, ciBlock);
  // A whole number of register tiles per phase row: a tile past the row's
  // end would read input outside the padded copy's computed region
  // (uninitialised memory, whose denormals and NaNs made such tiles 20x
  // slower, although their columns are dropped).
  a.acc.compute_at(a.output, task).bound_extent(a.c, block).align_extent(qW, m);
  a.acc.split(a.c, co, cv, vec).vectorize(cv).unroll(co);
  // Merge loop: for each input-channel block, every phase (unrolled), every
  // row, every tile of columns.
  std::vector<VarOrRVar> merge = {cv, co, qi, qo};
  for (int d = rank - 2; d >= 0; --d)
    merge.push_back(a.q[d]);
  for (int d = rank - 1; d >= 0; --d)
    merge.push_back(a.ph[d]);
  merge.push_back(a.n);
  merge.push_back(rco);
  tileAccumulation(a, co, cv, vec, qW, qo, qi, m, merge);
  // The W phase is unrolled (its taps unroll inside the tile); the other
  // dimensions' phases stay loops, whose tap ranges Halide trims from the
  // predicate, so that code size does not grow with the product of strides.
  a.acc.update().unroll(phW);

  partial.compute_at(a.acc, qo).bound_extent(a.c, block).bound_extent(qW, m);
  partial.split(a.c, co, cv, vec).vectorize(cv).unroll(co).unroll(qW);
  std::vector<VarOrRVar> upd = {cv, co, qW, a.r[rank], rci};
  for (int d = rank - 2; d >= 0; --d)
    upd.push_back(a.r[1 + d]);
  if (a.pairs > 1) {
    // Each input-channel pair is one dot product per channel vector: the
    // pair member (r[rank + 1]) vectorised inside the channel vector makes
    // a 2-to-1 vector reduction, which the bfloat16 pass turns into
    // vdpbf16ps.
    RVar member = a.r[rank + 1];
    upd.insert(upd.begin(), member);
    partial.update()
        .split(a.c, co, cv, vec)
        .reorder(upd)
        .atomic()
        .vectorize(member)
        .vectorize(cv)
        .unroll(co)
        .unroll(qW)
        .unroll(a.r[rank]);
    log << "partial: input channels in pairs, one dot product each "
           "(vdpbf16ps)\n";
  } else {
    partial.update()
        .split(a.c, co, cv, vec)
        .reorder(upd)
        .vectorize(cv)
        .unroll(co)
        .unroll(qW)
        .unroll(a.r[rank]);
  }
  log << "acc.compute_at(output, task).bound_extent(c, " << block
      << ").align_extent(" << qW.name() << ", " << m
      << ").update().split(ci, rco, rci, " << ciBlock
      << ").rfactor(rco) -> partial; acc.update().reorder(c, q..., ph..., "
         "rco).unroll(ph_W)\n"
      << "partial.compute_at(acc.update(), qo).bound_extent(c, " << block
      << ").bound_extent(" << qW.name() << ", " << m << ").update().reorder(c, "
      << qW.name() << ", tap_W, rci, taps...).vectorize(c, " << vec
      << ").unroll(c, " << p.vectors << " vectors).unroll(" << qW.name()
      << ").unroll(tap_W)\n";

  log << "packed_weight: packed once, layout (c, ci, taps...)\n";
  schedulePaddedInput(a, vec, m, task, log);
  return log.str();
}

/// The phase-major template for thin layers (few output channels per
/// group: C_out = 1, depthwise), vectorised along the columns of a phase
/// instead of along channels. A register tile is `vectors` vectors of
/// columns x every phase of the row (unrolled: phases that read the same
/// input columns share the loads) x `channels` output channels (unrolled,
/// each weight a broadcast). The padded input and acc keep columns
/// innermost, each phase's columns contiguous; the output stage vectorises
/// stride x vec columns of a row, which Halide reads as `stride` dense
/// vectors of acc and one interleaving shuffle. (acc with the phases
/// interleaved made the merge's read-modify-write stores stride-s scalar
/// stores, which Halide cannot pair up: depthwise ran 1.7x and fsrcnn 1.09x
/// slower that way.)
std::string expertColumnSchedule(Algorithm &a, const ExpertParams &p, int vec,
                                 int threads, std::ostringstream &log) {
  const CanonicalLayer &l = a.layer;
  const int rank = l.rank;
  const int channels = p.columnsPerPhase;
  const int width = p.vectors * vec; // columns of one phase per tile
  const int sw = static_cast<int>(l.strides[rank - 1]);
  Var task = scheduleOutputTasks(a, taskSplit(l, p, vec, threads), vec, log);
  // Columns innermost in acc: the output stage vectorises them (with
  // channels last and several channels, those stores are strided).
  if (!l.channelsLast || l.outChannels == 1)
    a.output.vectorize(Var("xi"));

  RVar rco("rco"), rci("rci");
  Var qo("qo"), qi("qi"), qu("qu"), qv("qv");
  Var qW = a.q[rank - 1], phW = a.ph[rank - 1];
  int ciBlock = 0;
  Func partial = splitInputChannels(a, p, rco, rci, ciBlock);
  std::vector<Var> storage = {qW, phW, a.c};
  for (int d = rank - 2; d >= 0; --d) {
    storage.push_back(a.q[d]);
    storage.push_back(a.ph[d]);
  }
  storage.push_back(a.n);
  a.acc.compute_at(a.output, task)
      .bound_extent(a.c, channels)
      .align_extent(qW, width)
      .reorder_storage(storage);
  a.acc.vectorize(qW, vec);
  // t2: the tile also spans the phases of the next dimension (rows that
  // read the same input rows share those loads too).
  const bool rowPhases = p.tapOrder == 2 && rank > 1;
  std::vector<VarOrRVar> merge = {qv, qu, phW, a.c};
  if (rowPhases)
    merge.push_back(a.ph[rank - 2]);
  merge.push_back(qo);
  for (int d = rank - 2; d >= 0; --d) {
    merge.push_back(a.q[d]);
    if (!(rowPhases && d == rank - 2))
      merge.push_back(a.ph[d]);
  }
  merge.push_back(a.n);
  merge.push_back(rco);
  a.acc.update()
      .split(qW, qo, qi, width, TailStrategy::GuardWithIf)
      .split(qi, qu, qv, vec)
      .reorder(merge)
      .vectorize(qv)
      .unroll(qu)
      .unroll(phW)
      .unroll(a.c);
  if (rowPhases)
    a.acc.update().unroll(a.ph[rank - 2]);

  partial.compute_at(a.acc, qo)
      .bound_extent(a.c, channels)
      .bound_extent(qW, width)
      .bound_extent(phW, sw);
  if (rowPhases)
    partial.bound_extent(a.ph[rank - 2], static_cast<int>(l.strides[rank - 2]));
  // Columns innermost in the register tile too: with channels innermost
  // (the default) every vector access would stride by the tile's channels.
  partial.reorder_storage(qW, phW, a.c);
  partial.vectorize(qW, vec).unroll(a.c);
  std::vector<VarOrRVar> upd = {qv, qu, phW, a.c};
  if (rowPhases)
    upd.push_back(a.ph[rank - 2]);
  upd.push_back(a.r[rank]);
  upd.push_back(rci);
  for (int d = rank - 2; d >= 0; --d)
    upd.push_back(a.r[1 + d]);
  partial.update()
      .split(qW, qu, qv, vec)
      .reorder(upd)
      .vectorize(qv)
      .unroll(qu)
      .unroll(phW)
      .unroll(a.c)
      .unroll(a.r[rank]);
  if (rowPhases)
    partial.update().unroll(a.ph[rank - 2]);
  log << "acc.compute_at(output, task).bound_extent(c, " << channels
      << ").align_extent(" << qW.name() << ", " << width << ").reorder_storage("
      << qW.name() << ", " << phW.name()
      << ", c, ...).update().split(ci, rco, rci, " << ciBlock
      << ").rfactor(rco) -> partial\n"
      << "partial.compute_at(acc.update(), qo).bound_extent(c, " << channels
      << ").bound_extent(" << qW.name() << ", " << width << ").bound_extent("
      << phW.name() << ", " << sw << ").update().reorder(" << qW.name() << ", "
      << phW.name() << ", c, tap_W, rci, taps...).vectorize(" << qW.name()
      << ", " << vec << ").unroll(" << p.vectors << " vectors).unroll("
      << phW.name() << ").unroll(c).unroll(tap_W)\n";

  // The zero-padded input, columns innermost (NCHW with a halo).
  const Internal::Function &f = a.inputCF.function();
  std::vector<Var> padStorage;
  for (int i = 1; i <= rank; ++i)
    padStorage.push_back(Var(f.args()[i]));
  padStorage.push_back(Var(f.args()[0]));
  padStorage.push_back(Var(f.args()[rank + 1]));
  std::vector<VarOrRVar> padOrder(padStorage.begin(), padStorage.end());
  Var ci(f.args()[0]), ix(f.args()[1]);
  a.inputCF.reorder_storage(padStorage).reorder(padOrder).vectorize(ix, vec);
  if (rank > 1) {
    // Rows as the task's row loop reaches them, in a buffer Halide folds to
    // the rows the taps span (a sliding window): each input row is copied
    // once per task, and the copy stays a few rows (the input of a thin
    // layer can be larger than its output).
    // Stored at the loop just outside the row loop: a window that slides
    // only while the row loop runs forward (storing it at the task, across
    // phase and depth loops that restart the rows, computed wrong values).
    Var outerOfRows = !rowPhases ? a.ph[rank - 2]
                      : rank > 2 ? a.q[rank - 3]
                                 : a.n;
    a.inputCF.store_at(a.acc, outerOfRows).compute_at(a.acc, a.q[rank - 2]);
  } else {
    a.inputCF.compute_root().parallel(ci);
  }
  log << "input_padded.reorder_storage(x..., ci, n).vectorize(x)"
      << (rank > 1 ? ".store_at(acc.update(), loop outside q_row)"
                     ".compute_at(acc.update(), q_row)"
                   : ".compute_root().parallel(ci)")
      << "\n";
  return log.str();
}

} // namespace convt::backend
