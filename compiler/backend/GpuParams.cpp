//===- GpuParams.cpp - The GPU template's parameters and heuristic --------===//

#include "compiler/backend/Backend.h"
#include "compiler/backend/Targets.h"

#include <algorithm>

namespace convt {

namespace {

constexpr int kFields = 8;
constexpr char kKeys[kFields] = {'f', 'c', 'q', 'x', 'y', 'z', 'k', 's'};

int *fieldsOf(GpuParams &p, int i) {
  int *fields[kFields] = {&p.form,     &p.channels, &p.columns, &p.threadsX,
                          &p.threadsY, &p.threadsZ, &p.chunk,   &p.stage};
  return fields[i];
}

/// The most shared memory a block's weight copy may take: the local memory
/// every OpenCL device has (the spec's minimum), within the 48 KiB a CUDA
/// block may use without opting in.
constexpr int64_t kMaxGpuStageBytes = 32 * 1024;

int64_t ceilDiv(int64_t a, int64_t b) { return (a + b - 1) / b; }

/// The smallest power of two at least `v` (v >= 1).
int64_t pow2AtLeast(int64_t v) {
  int64_t p = 1;
  while (p < v)
    p *= 2;
  return p;
}

} // namespace

std::string GpuParams::str() const {
  if (isDefault())
    return "auto";
  GpuParams copy = *this;
  std::string s;
  for (int i = 0; i < kFields; ++i)
    s += kKeys[i] + std::to_string(*fieldsOf(copy, i));
  return s;
}

std::optional<GpuParams> GpuParams::parse(std::string_view text) {
  if (text == "auto")
    return GpuParams();
  GpuParams p;
  size_t i = 0;
  for (int f = 0; f < kFields; ++f) {
    if (i >= text.size() || text[i] != kKeys[f])
      return std::nullopt;
    ++i;
    size_t start = i;
    while (i < text.size() && text[i] >= '0' && text[i] <= '9' && i - start < 5)
      ++i;
    if (i == start)
      return std::nullopt;
    *fieldsOf(p, f) = std::stoi(std::string(text.substr(start, i - start)));
    if (*fieldsOf(p, f) < 1)
      return std::nullopt;
  }
  // A block holds at most 1024 threads (CUDA and every OpenCL GPU convt
  // targets); the register tile is kept to what 255 registers hold.
  if (i != text.size() || p.form > 2 || p.stage > 2 || p.channels > 32 ||
      p.columns > 16 || p.chunk > 256 ||
      int64_t(p.threadsX) * p.threadsY * p.threadsZ > 1024)
    return std::nullopt;
  return p;
}

bool isGpuTarget(const std::string &target) {
  Halide::Target t;
  return parseTarget(target, t) && t.has_gpu_feature();
}

int64_t gpuStageBytes(const CanonicalLayer &l, const GpuParams &p, int which) {
  const int rank = l.rank;
  const int64_t cog = l.outChannels / l.groups, cig = l.inChannels / l.groups;
  const int64_t blockChannels = int64_t(p.channels) * p.threadsZ;
  if (which == 1) {
    int64_t taps = 1;
    for (int d = 0; d < rank; ++d)
      taps *= l.kernelSize[d];
    return blockChannels * taps * cig * 4;
  }
  // The input channels the block's output channels read (whole groups),
  // and per dimension the input positions its tile of the phase grid
  // reads: the tile plus the kernel's reach.
  int64_t channels =
      l.groups == 1
          ? cig
          : std::min<int64_t>(l.inChannels,
                              (ceilDiv(blockChannels, cog) + 1) * cig);
  int64_t bytes = channels * 4;
  for (int d = 0; d < rank; ++d) {
    int64_t tile = d == rank - 1   ? int64_t(p.columns) * p.threadsX
                   : d == rank - 2 ? p.threadsY
                                   : 1;
    bytes *= tile + ceilDiv(l.kernelSize[d] * l.dilations[d], l.strides[d]) + 1;
  }
  return bytes;
}

GpuParams resolveGpuParams(const CanonicalLayer &l, const GpuParams &given) {
  GpuParams p = given;
  const int rank = l.rank;
  const int64_t cog = l.outChannels / l.groups, cig = l.inChannels / l.groups;
  if (!p.form)
    p.form =
        phaseMajorRefusal(l).empty() && phaseMajorWork(l) <= kMaxPhaseMajorWork
            ? 2
            : 1;
  const int64_t sW = l.strides[rank - 1];
  if (p.form == 1) {
    // One output per thread: a warp's threads along W (coalesced loads and
    // stores in either layout's rows), a few rows each block.
    p.channels = p.channels ? p.channels : 1;
    p.columns = p.columns ? p.columns : 1;
    p.threadsX = p.threadsX ? p.threadsX : 32;
    p.threadsY = p.threadsY ? p.threadsY : (rank > 1 ? 4 : 1);
    p.threadsZ = p.threadsZ ? p.threadsZ : 1;
    p.chunk = p.chunk ? p.chunk : 1;
    p.stage = p.stage ? p.stage : 2;
    return p;
  }
  int64_t phases = 1;
  for (int d = 0; d < rank; ++d)
    phases *= l.strides[d];
  int64_t taps = 1;
  for (int d = 0; d < rank; ++d)
    taps *= l.kernelSize[d];
  // The register tile, from the suite timed on an H100 (bench/results-gpu.md:
  // every candidate of the tuner on every layer). A thread's sums, channels
  // x columns x every phase, do best at 16-32: at 64 (c8q2 on a stride-2
  // layer) the dense layers ran 2-4x slower (fewer warps resident, more
  // registers). Where an output position sums few products (depthwise,
  // C_in = 3: under 64 multiply-adds), one position and one channel a
  // thread: more threads beat reuse there.
  const int64_t work = taps * cig / phases;
  const bool small = work < 64;
  if (!p.columns)
    p.columns = small || 2 * phases > 32 ? 1 : 2;
  if (!p.channels)
    p.channels = !small && cog >= 2 && 2 * p.columns * phases <= 32 ? 2 : 1;
  const int64_t gridW = ceilDiv(l.outputSize(rank - 1), sW);
  if (!p.threadsX)
    p.threadsX = static_cast<int>(
        std::min<int64_t>(32, pow2AtLeast(ceilDiv(gridW, p.columns))));
  if (!p.threadsY) {
    int64_t gridH =
        rank > 1 ? ceilDiv(l.outputSize(rank - 2), l.strides[rank - 2]) : 1;
    p.threadsY = static_cast<int>(
        std::min<int64_t>(std::max(1, 128 / p.threadsX), pow2AtLeast(gridH)));
  }
  if (!p.threadsZ) {
    // Fill a block to 128 threads with channel tiles (each thread's loads
    // of an input value then serve its channels; a block's threads along
    // channels share the input tile through the cache).
    int64_t tiles = ceilDiv(cog == 1 ? l.outChannels : cog, p.channels);
    int64_t want = std::max<int64_t>(1, 128 / (p.threadsX * p.threadsY));
    p.threadsZ = static_cast<int>(std::min(want, pow2AtLeast(tiles)));
  }
  if (!p.chunk) {
    // Input channels unrolled per step: a divisor of the group's (no
    // partial step), up to 4, while the step's body stays within 4096
    // multiply-adds (code size: the body is every phase's taps x the
    // thread's tile).
    const int64_t body = int64_t(p.channels) * p.columns * taps;
    int64_t k = std::min<int64_t>(4, cig);
    while (k > 1 && (cig % k != 0 || k * body > 4096))
      --k;
    p.chunk = static_cast<int>(k);
  }
  // Shared memory for the weights when they fit in 16 KiB a block
  // (several blocks then share a multiprocessor's 228 KiB on an H100), and
  // every block's channels are the layer's: a copy for a last block that
  // reaches past C_out read past the packed weights (Halide 14 sized it
  // from the unclamped channels; found on PoCL, conformance layer
  // "groups").
  // A copy asked for that is larger than a block may hold is not made (one
  // of 1 MiB failed to launch on the H100: CUDA_ERROR_INVALID_VALUE).
  if (l.outChannels % (int64_t(p.channels) * p.threadsZ) != 0 ||
      gpuStageBytes(l, p, 1) > kMaxGpuStageBytes)
    p.stage = 2;
  else if (!p.stage)
    p.stage = gpuStageBytes(l, p, 1) <= 16384 ? 1 : 2;
  return p;
}

} // namespace convt
