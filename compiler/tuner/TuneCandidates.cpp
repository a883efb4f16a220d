//===- TuneCandidates.cpp - The schedules the tuner tries -----------------===//

#include "compiler/tuner/Tuner.h"

#include <algorithm>

namespace convt {

/// The lanes the search plans with: given, or the host's.
int tuneVectorLanes(const TuneOptions &o) {
  if (o.vectorLanes > 0)
    return o.vectorLanes;
  int lanes = 16;
  (void)vectorLanesFor("host", lanes); // "host" always resolves
  return lanes;
}

std::vector<BackendOptions> tuneCandidates(const CanonicalLayer &l,
                                           const TuneOptions &o) {
  const int vec = tuneVectorLanes(o);
  std::vector<BackendOptions> out;
  const int64_t cig = l.inChannels / l.groups;
  const int sw = static_cast<int>(l.strides[l.rank - 1]);
  for (int vectors : {1, 2, 4}) {
    // A vector of channels more than the layer has only computes padding.
    if (vectors > 1 && l.outChannels <= vec * (vectors / 2))
      continue;
    // The gather form: measured behind the phase-major forms on every
    // layer of the suite, so a smaller search.
    for (int m : unrollsPhases(l) ? std::vector<int>{1, 2}
                                  : std::vector<int>{2, 4, 8}) {
      // The register tile, within the vector registers (past
      // kMaxUnrolledStride its columns are not a multiple of the stride).
      if (vectors * (unrollsPhases(l) ? sw : 1) * m > maxAccumulators(vec))
        continue;
      for (int k : {32, 64}) {
        if (k > 32 && k / 2 >= cig) // blocks past C_in/groups are the same
          continue;
        for (int t : {1, 2}) {
          BackendOptions b;
          b.schedule = ScheduleKind::Expert;
          b.expert = ExpertParams{vectors, m, k, t, 1};
          b.threads = o.threads;
          out.push_back(b);
        }
      }
    }
  }
  // The phase-major form: tiles of one phase, up to maxAccumulators. The
  // template's own choice of columns, a narrow and a wide tile, never wider
  // than a phase's row.
  // Neither phase-major form past kMaxUnrolledStride or kMaxUnrolledKernel
  // (every phase and tap of a row is unrolled).
  const int64_t phaseExtent = phaseColumns(l);
  for (int vectors : {1, 2, 4}) {
    if (!phaseMajorRefusal(l).empty() ||
        (vectors > 1 && l.outChannels <= vec * (vectors / 2)))
      continue;
    // Channel blocks; channels last, also the whole reduction in one block
    // (the output-tile form, OutputTileSchedule.cpp).
    std::vector<int> ks;
    for (int k : {16, 32, 64})
      if (k == 16 || k / 2 < cig)
        ks.push_back(k);
    if (l.channelsLast && cig > 64 && cig <= 1024)
      ks.push_back(static_cast<int>(cig));
    for (int k : ks) {
      ExpertParams given;
      given.vectors = vectors;
      given.form = 2;
      given.channelBlock = k;
      const ExpertParams chosen = resolveExpertParams(l, given, vec);
      // An output tile holds every phase of the row.
      const bool tiles = usesOutputTiles(l, chosen);
      const int widest = tiles ? maxOutputTileColumns(l, chosen.vectors, vec)
                               : maxColumnsPerPhase(l, vectors, vec);
      std::vector<int> ms;
      for (int m : {chosen.columnsPerPhase, 3, 6, widest}) {
        m = static_cast<int>(std::min<int64_t>(m, phaseExtent));
        if (m >= 1 && m <= widest &&
            std::find(ms.begin(), ms.end(), m) == ms.end())
          ms.push_back(m);
      }
      for (int m : ms) {
        BackendOptions b;
        b.schedule = ScheduleKind::Expert;
        b.expert = ExpertParams{chosen.vectors, m, k, 1, 2};
        b.threads = o.threads;
        if (std::none_of(out.begin(), out.end(), [&](const BackendOptions &x) {
              return x.expert == b.expert;
            }))
          out.push_back(b);
      }
    }
  }
  // The column-vector form, for thin layers (fewer output channels per
  // group than a vector): vectors of columns, with or without the next
  // dimension's phases in the tile.
  if (l.outChannels / l.groups < vec && phaseMajorRefusal(l).empty())
    for (int vectors : {1, 2, 4}) {
      if (vectors > 1 && phaseExtent <= vec * (vectors / 2))
        continue;
      for (int t : {1, 2}) {
        if (t == 2 && l.rank == 1)
          continue;
        for (int k : {16, 64}) {
          if (k > 16 && k / 2 >= cig)
            continue;
          BackendOptions b;
          b.schedule = ScheduleKind::Expert;
          b.expert = ExpertParams{vectors, 1, k, t, 3};
          b.threads = o.threads;
          out.push_back(b);
        }
      }
    }
  if (o.autoschedulers)
    for (ScheduleKind k : {ScheduleKind::Mullapudi2016, ScheduleKind::Adams2019,
                           ScheduleKind::Li2018}) {
      BackendOptions b;
      b.schedule = k;
      b.threads = o.threads;
      out.push_back(b);
    }
  return out;
}

} // namespace convt
