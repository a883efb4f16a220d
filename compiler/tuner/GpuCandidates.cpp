//===- GpuCandidates.cpp - The schedules the tuner tries on a GPU ---------===//
//
// Variants of the GPU template around its heuristic (GpuParams.cpp): the
// register tile (channels x columns a thread), the block's shape, the
// unrolled input channels and whether the weights are copied to shared
// memory; the gather form; Li2018. Measured on the device by convtc (the
// kernels run out of process, tools/convtc/Device.cpp).
//
//===----------------------------------------------------------------------===//

#include "compiler/tuner/Tuner.h"

#include <algorithm>
#include <set>

namespace convt {

std::vector<BackendOptions> gpuTuneCandidates(const CanonicalLayer &l,
                                              const std::string &target,
                                              bool autoschedulers) {
  std::vector<BackendOptions> out;
  std::set<std::string> seen;
  auto add = [&](ScheduleKind kind, const GpuParams &given) {
    BackendOptions b;
    b.schedule = kind;
    b.target = target;
    if (kind == ScheduleKind::Expert) {
      // Resolved, so that variants the heuristic completes alike are one.
      b.gpu = resolveGpuParams(l, given);
      auto valid = GpuParams::parse(b.gpu.str());
      if (!valid || !(*valid == b.gpu))
        return; // outside what the template accepts (too many threads)
    }
    if (seen.insert(scheduleString(l, b)).second)
      out.push_back(b);
  };
  add(ScheduleKind::Expert, GpuParams());
  const GpuParams base = resolveGpuParams(l, GpuParams());
  if (base.form == 2) {
    int64_t phases = 1;
    for (int d = 0; d < l.rank; ++d)
      phases *= l.strides[d];
    const int64_t cog = l.outChannels / l.groups;
    for (int channels : {1, 2, 4, 8})
      for (int columns : {1, 2, 4}) {
        // Sums a thread holds: past 128, registers spill.
        if (channels * columns * phases > 128 ||
            (channels > 1 && channels / 2 >= cog))
          continue;
        GpuParams p;
        p.form = 2;
        p.channels = channels;
        p.columns = columns;
        add(ScheduleKind::Expert, p);
      }
    // The block's shape and the other knobs, around the heuristic's tile.
    for (int x : {base.threadsX / 2, base.threadsX * 2})
      if (x >= 1 && x <= 64) {
        GpuParams p = base;
        p.threadsX = x;
        add(ScheduleKind::Expert, p);
      }
    for (int z : {base.threadsZ * 2, base.threadsZ / 2})
      if (z >= 1) {
        GpuParams p = base;
        p.threadsZ = z;
        add(ScheduleKind::Expert, p);
      }
    for (int chunk : {1, 2, 4, 8}) {
      GpuParams p = base;
      p.chunk = chunk;
      if ((l.inChannels / l.groups) % chunk == 0)
        add(ScheduleKind::Expert, p);
    }
    GpuParams other = base;
    other.stage = base.stage == 1 ? 2 : 1;
    add(ScheduleKind::Expert, other);
  }
  GpuParams gather;
  gather.form = 1;
  add(ScheduleKind::Expert, gather);
  if (autoschedulers)
    add(ScheduleKind::Li2018, GpuParams());
  return out;
}

} // namespace convt
