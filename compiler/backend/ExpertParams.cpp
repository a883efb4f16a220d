//===- ExpertParams.cpp - The expert template's parameters ----------------===//
//
// Schedule names, the expert template's parameters as text, and the
// heuristics that fill in the parameters a user or the tuner left open:
// the form, the register tile, the channel block, the parallel split, and
// where the phase-major forms stop (kMaxUnrolledStride, kMaxUnrolledKernel,
// kMaxPhaseMajorWork). No Halide here: the tuner and the kernel key use it.
//
//===----------------------------------------------------------------------===//

#include "compiler/backend/Backend.h"

#include <algorithm>
#include <numeric>
#include <string>

namespace convt {

const char *scheduleName(ScheduleKind kind) {
  switch (kind) {
  case ScheduleKind::Expert:
    return "expert";
  case ScheduleKind::Mullapudi2016:
    return "mullapudi2016";
  case ScheduleKind::Adams2019:
    return "adams2019";
  case ScheduleKind::Li2018:
    return "li2018";
  }
  return "?";
}

std::optional<ScheduleKind> parseScheduleName(std::string_view name) {
  for (ScheduleKind k : {ScheduleKind::Expert, ScheduleKind::Mullapudi2016,
                         ScheduleKind::Adams2019, ScheduleKind::Li2018})
    if (name == scheduleName(k))
      return k;
  return std::nullopt;
}

std::string ExpertParams::str() const {
  if (isDefault())
    return "auto";
  return "v" + std::to_string(vectors) + "m" + std::to_string(columnsPerPhase) +
         "k" + std::to_string(channelBlock) + "t" + std::to_string(tapOrder) +
         "f" + std::to_string(form) +
         (tasksPerThread ? "p" + std::to_string(tasksPerThread) : "");
}

std::optional<ExpertParams> ExpertParams::parse(std::string_view text) {
  if (text == "auto")
    return ExpertParams();
  ExpertParams p;
  int *fields[6] = {&p.vectors,      &p.columnsPerPhase,
                    &p.channelBlock, &p.tapOrder,
                    &p.form,         &p.tasksPerThread};
  const char keys[6] = {'v', 'm', 'k', 't', 'f', 'p'};
  size_t i = 0;
  for (int f = 0; f < 6; ++f) {
    if (f >= 3 && i == text.size())
      break; // t, f and p are optional
    if (f >= 3 && text[i] != keys[f])
      continue; // an optional field left out
    if (i >= text.size() || text[i] != keys[f])
      return std::nullopt;
    ++i;
    size_t start = i;
    while (i < text.size() && text[i] >= '0' && text[i] <= '9' && i - start < 6)
      ++i;
    if (i == start)
      return std::nullopt;
    *fields[f] = std::stoi(std::string(text.substr(start, i - start)));
    if (*fields[f] < 1)
      return std::nullopt;
  }
  if (i != text.size() || (p.vectors != 1 && p.vectors != 2 && p.vectors != 4))
    return std::nullopt;
  if (p.tapOrder > 2 || p.form > 3 || p.tasksPerThread > 64)
    return std::nullopt;
  return p;
}

namespace {

/// The most taps a phase of the innermost dimension has (the unrolled tap
/// loop of a register tile).
int innermostTapsPerPhase(const CanonicalLayer &l) {
  const int64_t s = l.strides[l.rank - 1], dil = l.dilations[l.rank - 1];
  const int64_t sg = s / std::gcd(s, dil);
  return static_cast<int>((l.kernelSize[l.rank - 1] + sg - 1) / sg);
}

/// Columns of one phase per register tile, at most `widest`: as many as
/// allowed unless a smaller tile wastes fewer columns past the phase's
/// `extent`, a tile costing about `fixedCost` columns of fixed work.
int columnsByEfficiency(int64_t extent, int widest, int fixedCost) {
  int chosen = 1;
  double best = 0;
  for (int m = 1; m <= widest; ++m) {
    const int64_t tiles = (extent + m - 1) / m;
    const double efficiency = double(extent) / double(tiles * (m + fixedCost));
    if (efficiency >= best) {
      best = efficiency;
      chosen = m;
    }
  }
  return chosen;
}

} // namespace

int maxColumnsPerPhase(const CanonicalLayer &l, int vectors, int vec) {
  const int taps = innermostTapsPerPhase(l);
  // In the registers: the accumulators (vectors x m), one weight vector per
  // channel vector and unrolled tap, and the m + taps - 1 input broadcasts
  // that the taps share. More spills them to the stack inside the reduction
  // loop (audio1d with 2 vectors: 13 columns 1.7x slower than 8).
  const int widest = std::max(
      1, (vectorRegisters(vec) + 1 - taps - vectors * taps) / (vectors + 1));
  // With 16 registers (8-lane vectors) the count above is too cautious:
  // FMAs read weights from memory and one broadcast register serves a
  // column at a time. Measured with an AVX2 target on this Zen 5 (2
  // threads, 2 vectors): 4 columns beat 3 by 23-27% on dcgan_g1, dcgan_g2
  // and batch8, and 5, 6 and 8 columns by 16-79% (audio1d: 5 within 3%).
  if (vectorRegisters(vec) == 16)
    return std::max(1, 8 / vectors);
  return widest;
}

bool usesOutputTiles(const CanonicalLayer &l, const ExpertParams &p) {
  return p.form == 2 && l.channelsLast && l.outChannels > 1 &&
         p.channelBlock >= l.inChannels / l.groups;
}

int maxOutputTileColumns(const CanonicalLayer &l, int vectors, int vec) {
  const int taps = innermostTapsPerPhase(l);
  const int sw = static_cast<int>(l.strides[l.rank - 1]);
  // As maxColumnsPerPhase, with every phase's accumulators in the tile and
  // one phase's weights live at a time: V*m*s + V*T + m + T - 1 registers.
  // Measured NHWC, 2 threads: seed_ex2 (V2, T2, s3) m3 0.040 ms, m4 0.048;
  // audio1d (V2, T2, s2) m4 0.0745, m5 0.0757, m6 0.078.
  const int widest =
      (vectorRegisters(vec) + 1 - taps - vectors * taps) / (vectors * sw + 1);
  return std::max(1, std::min(widest, (maxAccumulators(vec) - 4) /
                                          std::max(1, vectors * sw)));
}

int64_t phaseColumns(const CanonicalLayer &l) {
  const int64_t s = l.strides[l.rank - 1];
  return (l.outputSize(l.rank - 1) + s - 1) / s;
}

TaskSplit taskSplit(const CanonicalLayer &l, const ExpertParams &p, int vec,
                    int threads) {
  const int sw = static_cast<int>(l.strides[l.rank - 1]);
  TaskSplit s;
  s.block = p.form == 3 ? p.columnsPerPhase : p.vectors * vec;
  s.tile = sw * (p.form == 3 ? vec : p.columnsPerPhase);
  // Four tasks a thread by default: a thread that starts late or runs slow
  // (this VM's shared cores) still finds work to take over.
  const int perThread = p.tasksPerThread > 0 ? p.tasksPerThread : 4;
  const int64_t cBlocks = (l.outChannels + s.block - 1) / s.block;
  const int64_t want =
      std::max<int64_t>(1, (perThread * threads) / (cBlocks * l.batch));
  const int64_t outer =
      l.rank == 1 ? l.outputSize(0) / s.tile : l.outputSize(0);
  s.outerSplit = std::max<int64_t>(1, (outer + want - 1) / want);
  return s;
}

std::string phaseMajorRefusal(const CanonicalLayer &l) {
  const int64_t sw = l.strides[l.rank - 1], kw = l.kernelSize[l.rank - 1];
  if (sw > kMaxUnrolledStride)
    return "the phase-major forms f2 and f3 unroll every phase of the "
           "innermost stride, at most " +
           std::to_string(kMaxUnrolledStride) + "; this layer's is " +
           std::to_string(sw) + " (use f1, the template's default for it)";
  if (kw > kMaxUnrolledKernel)
    return "the phase-major forms f2 and f3 unroll every tap of the innermost "
           "kernel dimension, at most " +
           std::to_string(kMaxUnrolledKernel) + "; this layer's has " +
           std::to_string(kw) + " (use f1, the template's default for it)";
  return "";
}

double phaseMajorWork(const CanonicalLayer &l) {
  double work = 1;
  for (int d = 0; d < l.rank; ++d)
    work *= double(l.windowSize(d)) /
            (double(l.strides[d]) * double(l.inputSize[d]));
  return work;
}

ExpertParams resolveExpertParams(const CanonicalLayer &l,
                                 const ExpertParams &given, int vec) {
  ExpertParams p = given;
  const int64_t cog = l.outChannels / l.groups;
  const int sw = static_cast<int>(l.strides[l.rank - 1]);
  const int64_t extent = phaseColumns(l);
  // Fewer output channels per group than a vector: a channel vector would
  // be mostly padding (or, with groups, gather its inputs); vectorise
  // along columns instead.
  // Grouped layers with too few columns per phase to fill column vectors
  // (depthwise on small inputs) fill f1's channel vectors across groups
  // instead: measured f1 over f3 with 64 channels, stride 2, 2 threads:
  // 3 columns a phase 4x faster, 5 columns 2x, 9 columns even; 4096
  // channels on a 1x1 input 10x. (With one group and C_out 1, f3 stays
  // ahead even at 4 columns: f1's channel vector would be one lane.)
  // Channels last, f3's column vectors would gather the input and scatter
  // the output across channels, while f1's channel vectors are contiguous
  // there: depthwise (64 channels, stride 2, 2 threads) ran 6x faster with
  // f1 on 32x32 inputs, 15x on 128x128, 4.8x with 16 channels.
  const bool fewColumns =
      l.groups > 1 && l.outChannels >= vec &&
      (extent < static_cast<int64_t>(vec / 2) || l.channelsLast);
  if (!p.form)
    p.form =
        !phaseMajorRefusal(l).empty() || phaseMajorWork(l) > kMaxPhaseMajorWork
            ? 1
        : cog < vec ? (fewColumns ? 1 : 3)
                    : 2;
  if (p.form == 3) {
    // Phases per tile: the row's (stride_W), and with t2 the next
    // dimension's too (measured 2x faster on the FSRCNN layer: its phases
    // read the same input rows and columns).
    const int sh = l.rank > 1 ? static_cast<int>(l.strides[l.rank - 2]) : 1;
    if (!p.tapOrder)
      p.tapOrder = l.rank > 1 && sw * sh <= 24 ? 2 : 1;
    const int phases = p.tapOrder == 2 ? sw * sh : sw;
    if (!p.vectors) {
      p.vectors = extent > 2 * vec ? 4 : extent > vec ? 2 : 1;
      while (p.vectors > 1 && p.vectors * phases > maxAccumulators(vec) - 4)
        p.vectors /= 2;
    }
    if (!p.columnsPerPhase)
      p.columnsPerPhase = 1;
    while (p.vectors * phases * p.columnsPerPhase > maxAccumulators(vec) &&
           p.columnsPerPhase > 1)
      --p.columnsPerPhase;
    if (!p.channelBlock)
      p.channelBlock = 64;
    return p;
  }
  if (!p.vectors) {
    // Two channel vectors: measured faster than four on every large layer
    // of the suite (four vectors leave room for fewer columns, and a task's
    // 64 channels read four weight streams).
    p.vectors = l.outChannels >= 2 * vec ? 2 : 1;
    if (l.groups > 1 && cog < vec) {
      // Channel vectors across groups (depthwise): a task's block takes up
      // to 4 vectors of whole channels. Measured channels last, 2 threads:
      // 64 channels v4 1.2-1.9x faster than v1; 16 channels, v1 (all).
      while (p.vectors < 4 && l.outChannels >= 2 * p.vectors * vec)
        p.vectors *= 2;
      if (!p.columnsPerPhase)
        p.columnsPerPhase = p.vectors >= 4 ? 2 : 4;
    } else if (l.groups > 1) {
      while (p.vectors > 1 && cog % (p.vectors * vec) != 0)
        p.vectors /= 2;
    }
  }
  if (!p.channelBlock && p.form == 2 && l.channelsLast && l.outChannels > 1) {
    // Channels last: the whole reduction in one block (output tiles) while
    // a channel block's weights for every tap fit this CPU's L2 (1 MiB on
    // Zen 5). Measured NHWC, 2 threads, whole reduction against blocks of
    // 64: audio1d 0.083 -> 0.075 ms, batch8 2.41 -> 2.27, unet_up 1.27 ->
    // 1.21, dcgan_g2 1.13 -> 1.10, dcgan_g1 (512 channels, 1 MiB) 1.09 ->
    // 1.06.
    int64_t taps = 1;
    for (int d = 0; d < l.rank; ++d)
      taps *= l.kernelSize[d];
    const int64_t cig = l.inChannels / l.groups;
    const int64_t bytes = cig * taps * p.vectors * vec * 4;
    p.channelBlock =
        cig > 64 && bytes <= (int64_t(1) << 20) ? static_cast<int>(cig) : 64;
  }
  if (!p.channelBlock)
    p.channelBlock = 64;
  // An output tile holds every phase of the row: fewer channel vectors
  // past stride 6.
  while (usesOutputTiles(l, p) && p.vectors > 1 &&
         p.vectors * sw > maxAccumulators(vec) - 4)
    p.vectors /= 2;
  if (!p.columnsPerPhase && usesOutputTiles(l, p)) {
    // A tile of the output: vectors x stride_W x m accumulators, with room
    // left for the weights and the broadcasts. Measured on seed_ex2
    // (C_in 3, stride 3, NHWC, 2 threads): v2m4 0.042 ms, v4m2 0.044,
    // v1m8 0.049; v2m9 (f2's own choice, 54 accumulators) 0.104.
    // (At stride 1 the tile is f2's: dilated, NHWC: v2m8 0.336 ms, v2m11
    // 0.351.)
    // No merge: a tile's fixed work is about one column.
    p.columnsPerPhase =
        columnsByEfficiency(extent, maxOutputTileColumns(l, p.vectors, vec), 1);
  }
  if (!p.columnsPerPhase && p.form == 2)
    // Columns of one phase per register tile: as many as the registers
    // allow, unless a smaller tile wastes fewer columns past the phase's
    // extent (a tile costs about two columns of fixed work).
    p.columnsPerPhase =
        columnsByEfficiency(extent, maxColumnsPerPhase(l, p.vectors, vec), 2);
  if (!p.columnsPerPhase)
    p.columnsPerPhase = unrollsPhases(l) ? std::max(1, (4 + sw - 1) / sw) : 4;
  // The register tile: vectors x (stride x columnsPerPhase) accumulators
  // (phase-major: vectors x columnsPerPhase; f1 past kMaxUnrolledStride:
  // columnsPerPhase columns of any phase), within the vector registers.
  const int phasesPerTile = usesOutputTiles(l, p)              ? sw
                            : p.form == 2 || !unrollsPhases(l) ? 1
                                                               : sw;
  while (p.vectors * phasesPerTile * p.columnsPerPhase > maxAccumulators(vec) &&
         p.columnsPerPhase > 1)
    --p.columnsPerPhase;
  if (!p.channelBlock)
    p.channelBlock = 64;
  // Taps inside the tiles by default: measured faster on most of the suite
  // (taps outside won on the dilated layer); `convtc tune` decides per layer.
  if (!p.tapOrder)
    p.tapOrder = 1;
  // Halide 14 sizes f1's rfactor'ed column tile wrongly with the taps
  // outside it (t2) on an input one column wide whose output columns no tap
  // reaches: the kernel fails its bounds check ("Bounds given for acc_intm
  // in x do not cover required region"; conformance random_278 under
  // v2m3k16t2f1, found by a sweep). One column a tile there: such an
  // output is at most a dilated kernel wide.
  if (p.form == 1 && p.tapOrder == 2 && l.inputSize[l.rank - 1] == 1)
    p.columnsPerPhase = 1;
  return p;
}

} // namespace convt
