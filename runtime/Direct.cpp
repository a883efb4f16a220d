//===- Direct.cpp - The layer by its definition, for odd weights ----------===//

#include "runtime/Direct.h"

#include <vector>

namespace convt {

namespace {

struct Job {
  const CanonicalLayer *l;
  const float *x, *w, *b;
  float *y;
};

/// The taps of output position `o` along one dimension: (input index, tap)
/// pairs with i*stride + j*dilation == o + pads_begin, 0 <= i < n, 0 <= j < k.
void tapsOf(const CanonicalLayer &l, int d, int64_t o,
            std::vector<std::pair<int64_t, int64_t>> &out) {
  out.clear();
  if (d >= l.rank) {
    out.push_back({0, 0});
    return;
  }
  if (o >= l.windowSize(d))
    return; // MindSpore's trailing zeros (post_pads)
  int64_t p = o + l.padsBegin[d];
  for (int64_t j = 0; j < l.kernelSize[d]; ++j) {
    int64_t t = p - j * l.dilations[d];
    if (t < 0 || t % l.strides[d])
      continue;
    int64_t i = t / l.strides[d];
    if (i < l.inputSize[d])
      out.push_back({i, j});
  }
}

/// One (image, output channel) plane.
int plane(void *user, int index, uint8_t *) {
  const Job &job = *static_cast<const Job *>(user);
  const CanonicalLayer &l = *job.l;
  const int64_t n = index / l.outChannels, co = index % l.outChannels;
  const int64_t cog = l.outChannels / l.groups, cig = l.inChannels / l.groups;
  const int64_t g = co / cog, col = co % cog;
  Dims in{1, 1, 1}, k{1, 1, 1}, out{1, 1, 1};
  for (int d = 0; d < l.rank; ++d) {
    in[d] = l.inputSize[d];
    k[d] = l.kernelSize[d];
    out[d] = l.outputSize(d);
  }
  const int64_t inPlane = in[0] * in[1] * in[2], kPlane = k[0] * k[1] * k[2];
  const int64_t outPlane = out[0] * out[1] * out[2];
  // Element strides of a channel and of a spatial position in each layout.
  const bool last = l.channelsLast;
  const int64_t xChannel = last ? 1 : inPlane, xPos = last ? l.inChannels : 1;
  const int64_t yChannel = last ? 1 : outPlane, yPos = last ? l.outChannels : 1;
  // A weight tap's stride: [C_in, C_out/g, k...] or [k..., C_out/g, C_in].
  const bool wLast = l.weightChannelsLast;
  const int64_t wTap = wLast ? cog * l.inChannels : 1;
  float *y = job.y + n * l.outChannels * outPlane + co * yChannel;
  std::vector<std::pair<int64_t, int64_t>> t0, t1, t2;
  for (int64_t o0 = 0; o0 < out[0]; ++o0) {
    tapsOf(l, 0, o0, t0);
    for (int64_t o1 = 0; o1 < out[1]; ++o1) {
      tapsOf(l, 1, o1, t1);
      for (int64_t o2 = 0; o2 < out[2]; ++o2) {
        tapsOf(l, 2, o2, t2);
        bool inWindow = true;
        const int64_t o[3] = {o0, o1, o2};
        for (int d = 0; d < l.rank; ++d)
          inWindow = inWindow && o[d] < l.windowSize(d);
        double sum = 0;
        for (int64_t c = 0; c < cig; ++c) {
          const int64_t ci = g * cig + c;
          const float *xp = job.x + n * l.inChannels * inPlane + ci * xChannel;
          const float *wp = job.w + (wLast ? col * l.inChannels + ci
                                           : (ci * cog + col) * kPlane);
          for (auto [i0, j0] : t0)
            for (auto [i1, j1] : t1)
              for (auto [i2, j2] : t2)
                sum += double(xp[((i0 * in[1] + i1) * in[2] + i2) * xPos]) *
                       double(wp[((j0 * k[1] + j1) * k[2] + j2) * wTap]);
        }
        // The bias goes on every computed element, not on post_pads zeros.
        if (inWindow && job.b)
          sum += job.b[co];
        y[((o0 * out[1] + o1) * out[2] + o2) * yPos] = static_cast<float>(sum);
      }
    }
  }
  return 0;
}

} // namespace

void convTransposeDirect(const CanonicalLayer &layer, const float *x,
                         const float *w, const float *b, float *y,
                         ThreadPool &pool) {
  Job job{&layer, x, w, b, y};
  pool.parallelFor(plane, &job, 0,
                   static_cast<int>(layer.batch * layer.outChannels), nullptr);
}

} // namespace convt
