//===- Schedules.cpp - The expert template and the autoschedulers --------===//

#include "compiler/backend/Schedules.h"

#include <climits>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <mutex>
#include <sstream>
#include <unistd.h>

using namespace Halide;

namespace convt::backend {

namespace {

constexpr const char *kPluginDir = "/usr/lib/x86_64-linux-gnu/halide14/";

/// Debian ships the plugins outside the loader's path: load them by full
/// path, each once per process (a second copy would fail to register).
void loadAutoschedulers() {
  static std::once_flag once;
  std::call_once(once, [] {
    for (const char *name : {"mullapudi2016", "adams2019", "li2018"})
      load_plugin(std::string(kPluginDir) + "libautoschedule_" + name + ".so");
  });
}

uint64_t lastLevelCacheBytes() {
  for (int index = 3; index >= 0; --index) {
    std::ifstream f("/sys/devices/system/cpu/cpu0/cache/index" +
                    std::to_string(index) + "/size");
    std::string text;
    if (f >> text && !text.empty()) {
      uint64_t v = std::strtoull(text.c_str(), nullptr, 10);
      if (text.back() == 'K')
        v *= 1024;
      else if (text.back() == 'M')
        v *= 1024 * 1024;
      return v;
    }
  }
  return 16ull << 20;
}

/// Redirects this process's stderr to a temporary file until finish().
class StderrCapture {
public:
  StderrCapture() {
    std::fflush(stderr);
    const char *t = std::getenv("TMPDIR");
    std::string pattern =
        std::string(t && *t ? t : "/tmp") + "/convt-stderr-XXXXXX";
    std::vector<char> path(pattern.begin(), pattern.end());
    path.push_back('\0');
    fd_ = mkstemp(path.data());
    if (fd_ < 0)
      return;
    path_ = path.data();
    saved_ = dup(2);
    dup2(fd_, 2);
  }
  ~StderrCapture() { finish(); }
  std::string finish() {
    if (fd_ < 0)
      return "";
    std::fflush(stderr);
    dup2(saved_, 2);
    close(saved_);
    close(fd_);
    fd_ = -1;
    std::ifstream in(path_);
    std::ostringstream ss;
    ss << in.rdbuf();
    std::remove(path_.c_str());
    return ss.str();
  }

private:
  int fd_ = -1, saved_ = -1;
  std::string path_;
};

/// Splits the output into the parallel tasks of `split` (blocks of
/// split.block channels x images x blocks of split.outerSplit along the
/// outermost spatial dimension, or of column tiles in 1-D), with tiles of
/// split.tile columns innermost. Returns the task variable.
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

/// acc's update (the merge of the input-channel blocks' partial sums): a
/// tile of channel vectors (vectorised, the vectors unrolled) x `tile`
/// consecutive values of `column` (unrolled), in `order`.
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

/// Splits the phase-major reduction into blocks of `channelBlock` input
/// channels (rco) and factors the blocks out (rfactor): the returned Func
/// is one block's partial sums, which a register tile computes; acc's
/// update adds the blocks.
Func splitInputChannels(Algorithm &a, const ExpertParams &p, RVar rco, RVar rci,
                        int &ciBlock) {
  const int64_t cig = a.layer.inChannels / a.layer.groups;
  ciBlock = static_cast<int>(std::min<int64_t>(cig, p.channelBlock));
  // Channel pairs (bfloat16 dot products): whole pairs in every block, and
  // no partial block, whose guard would split a pair.
  if (a.pairs > 1)
    while (ciBlock > a.pairs && (ciBlock % a.pairs || cig % ciBlock))
      --ciBlock;
  return a.acc.update()
      .split(a.r[0], rco, rci, ciBlock, TailStrategy::GuardWithIf)
      .rfactor({{rco, Var("kb")}});
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
    // pair vectorised inside the channel vector makes a 2-to-1 vector
    // reduction, which the bfloat16 pass turns into vdpbf16ps.
    RVar rcp("rcp"), r2("r2");
    upd[4] = rcp;
    upd.insert(upd.begin(), r2);
    partial.update()
        .split(rci, rcp, r2, a.pairs)
        .split(a.c, co, cv, vec)
        .reorder(upd)
        .atomic()
        .vectorize(r2)
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
  // The zero-padded input with channels innermost: once for the layer,
  // rows in parallel, unless that copy would be larger than the output
  // (an input larger than the output, or a wide halo at stride 1): then
  // each task pads the rows it reads.
  if (paddedInputElements(l, m) > numElements(l.outputShape())) {
    a.inputCF.compute_at(a.output, task);
    log << "input_padded.compute_at(output, task)\n";
    return log.str();
  }
  const Internal::Function &f = a.inputCF.function();
  Var rows(f.args()[rank]); // (ci, x_W, ..., outermost, n)
  a.inputCF.compute_root().parallel(rows);
  log << "input_padded.compute_root().parallel(" << rows.name() << ")\n";
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

/// The project's own template. Records every directive in `log` so that
/// `convtc emit --stage=schedule` shows it.
std::string expertSchedule(Algorithm &a, const ExpertParams &given,
                           const Target &target, int threads) {
  const CanonicalLayer &l = a.layer;
  const int rank = l.rank;
  const int vec = target.has_feature(Target::AVX512) ? 16 : 8;
  std::ostringstream log;
  const ExpertParams p = resolveExpertParams(l, given, vec);
  log << "// parameters " << p.str() << "\n";
  if (a.phaseMajor && p.form == 3)
    return expertColumnSchedule(a, p, vec, threads, log);
  if (a.phaseMajor)
    return expertPhaseSchedule(a, p, vec, threads, log);

  // Channel block: `vectors` vectors of output channels accumulate in
  // registers while one input value is broadcast against them. With groups,
  // a block stays inside one group so that the broadcast stays a broadcast.
  const int vectors = p.vectors;
  const int block = vectors * vec;
  // Column tile: a multiple of the stride, so that each unrolled column has
  // a phase known at compile time, and columns of one phase share weights;
  // past kMaxUnrolledStride, columns of any phase (their taps are found at
  // run time).
  const int sw = static_cast<int>(l.strides[rank - 1]);
  const int tile =
      unrollsPhases(l) ? sw * p.columnsPerPhase : p.columnsPerPhase;

  Var task = scheduleOutputTasks(a, taskSplit(l, p, vec, threads), vec, log);
  Var W = a.spatial[rank - 1];
  Var xo("xo"), xi("xi"), co("co"), cv("cv");

  // The accumulator of a task lives in memory (a channel block by the
  // task's outputs). The reduction is split by blocks of input channels
  // (rfactor): for each block, every column tile of the task computes its
  // partial sum in a constant-size tile that LLVM keeps in registers, then
  // adds it to the accumulator. A block's weights stay in cache while every
  // output of the task uses them.
  const int64_t cig = l.inChannels / l.groups;
  const int ciBlock = static_cast<int>(std::min<int64_t>(cig, p.channelBlock));
  RVar rco("rco"), rci("rci");
  Var kb("kb");
  std::vector<std::pair<RVar, Var>> factored = {{rco, kb}};
  std::vector<Var> tapVars;
  if (p.tapOrder == 2)
    for (int d = 0; d < rank; ++d) {
      tapVars.push_back(Var("tap" + std::to_string(d)));
      factored.push_back({a.r[1 + d], tapVars.back()});
    }
  Func partial =
      a.acc.update()
          .split(a.r[0], rco, rci, ciBlock, TailStrategy::GuardWithIf)
          .rfactor(factored);
  a.acc.compute_at(a.output, task).bound_extent(a.c, block);
  a.acc.split(a.c, co, cv, vec).vectorize(cv).unroll(co);
  std::vector<VarOrRVar> accOrder = {cv, co, xi, xo};
  for (int d = rank - 2; d >= 0; --d)
    accOrder.push_back(a.spatial[d]);
  if (p.tapOrder == 2)
    for (int d = rank - 1; d >= 0; --d)
      accOrder.push_back(a.r[1 + d]);
  accOrder.push_back(rco);
  accOrder.push_back(a.n);
  tileAccumulation(a, co, cv, vec, W, xo, xi, tile, accOrder);

  partial.compute_at(a.acc, xo).bound_extent(a.c, block).bound_extent(W, tile);
  partial.split(a.c, co, cv, vec).vectorize(cv).unroll(co).unroll(W);
  std::vector<VarOrRVar> upd = {cv, co, W, rci};
  if (p.tapOrder != 2)
    for (int d = rank - 1; d >= 0; --d)
      upd.push_back(a.r[1 + d]);
  for (int d = rank - 2; d >= 0; --d)
    upd.push_back(a.spatial[d]);
  upd.push_back(a.n);
  upd.push_back(kb);
  for (const Var &v : tapVars)
    upd.push_back(v);
  partial.update()
      .split(a.c, co, cv, vec)
      .reorder(upd)
      .vectorize(cv)
      .unroll(co)
      .unroll(W);
  log << "acc.compute_at(output, task).bound_extent(c, " << block
      << ").update().split(ci, rco, rci, " << ciBlock << ").rfactor(rco"
      << (p.tapOrder == 2 ? ", taps" : "") << ") -> partial\n"
      << "partial.compute_at(acc.update(), xo).bound_extent(c, " << block
      << ").bound_extent(" << W.name() << ", " << tile
      << ").update().reorder(c, " << W.name() << ", rci, taps...).vectorize(c, "
      << vec << ").unroll(c, " << vectors << " vectors).unroll(" << W.name()
      << ")\n";

  // Weights repacked once per call with output channels innermost, so a
  // tap's weights for a channel block are contiguous vector loads.
  // Stored input-channel-major inside each tap, so that the weights of one
  // tap for a block of input channels are one contiguous run.
  // (Packed once per weight by the kernel's pack function when the
  // algorithm reads prepacked weights; else once per call here.)
  if (!a.prepacked) {
    const Internal::Function &f = a.packedWeight.function();
    std::vector<Var> storage = {a.c, Var(f.args().back())};
    for (size_t i = 1; i + 1 < f.args().size(); ++i)
      storage.push_back(Var(f.args()[i]));
    a.packedWeight.compute_root().reorder_storage(storage).vectorize(
        a.c, vec, TailStrategy::RoundUp);
    log << "packed_weight.compute_root().reorder_storage(c, ci, taps...)"
           ".vectorize(c, "
        << vec << ")\n";
  } else {
    log << "packed_weight: packed once, layout (c, ci, taps...)\n";
  }
  // The input with channels innermost: consecutive input channels of one
  // position share cache lines (and depthwise vectors are contiguous). A
  // channels-last input already is that layout: read in place.
  if (l.channelsLast) {
    log << "input_cf: inlined (the input is channels last)\n";
    return log.str();
  }
  a.inputCF.compute_root().parallel(a.n);
  log << "input_cf.compute_root()\n";
  return log.str();
}

} // namespace

std::string applySchedule(Algorithm &a, ScheduleKind kind,
                          const ExpertParams &expert, const Target &target,
                          int threads) {
  if (kind == ScheduleKind::Expert)
    return expertSchedule(a, expert, target, threads);

  loadAutoschedulers();
  setEstimates(a);
  const char *name = kind == ScheduleKind::Mullapudi2016 ? "Mullapudi2016"
                     : kind == ScheduleKind::Adams2019   ? "Adams2019"
                                                         : "Li2018";
  // Adams2019's default beam (32) takes about a minute per layer; a greedy
  // search unless the user asks otherwise through HL_BEAM_SIZE.
  if (kind == ScheduleKind::Adams2019)
    setenv("HL_BEAM_SIZE", "1", /*overwrite=*/0);
  Pipeline p(a.output);
  MachineParams params(threads, lastLevelCacheBytes(), 40);
  // The plugins log to stderr unconditionally; keep that out of convtc's
  // output unless the search fails.
  StderrCapture capture;
  AutoSchedulerResults results;
  try {
    results = p.auto_schedule(name, target, params);
  } catch (...) {
    std::string log = capture.finish();
    std::fputs(log.c_str(), stderr);
    throw;
  }
  capture.finish();
  return results.schedule_source;
}

} // namespace convt::backend
