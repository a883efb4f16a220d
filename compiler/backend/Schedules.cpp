//===- Schedules.cpp - The gather template and the autoschedulers --------===//
//
// The expert template's entry point and its gather form (f1); the
// phase-major forms are in PhaseMajorSchedules.cpp, the steps they share in
// ScheduleParts.cpp. Halide's three autoschedulers, loaded as plugins.
//
//===----------------------------------------------------------------------===//

#include "compiler/backend/Schedules.h"
#include "compiler/backend/ScheduleParts.h"

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

  // A channels-last output's contract (Algorithm.cpp) fixes its spatial
  // extents; with them constant, Halide 14 simplified away some columns'
  // taps in the unrolled column tiles of every form (wrong values where the
  // last input rows land: conformance layers cl_random_222 and
  // cl_random_240 under f1, cl_random_126 and cl_random_210 under f2 with
  // m4). The extents come from the buffer at run time instead; the strides
  // (channels innermost) stay.
  if (l.channelsLast)
    for (int d = 0; d < rank; ++d)
      a.output.output_buffer().dim(d).set_bounds(Expr(), Expr());
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
                          const ExpertParams &expert, const GpuParams &gpu,
                          const Target &target, int threads) {
  if (kind == ScheduleKind::Expert)
    return target.has_gpu_feature()
               ? gpuSchedule(a, gpu)
               : expertSchedule(a, expert, target, threads);

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
