//===- Reference.cpp - Transposed convolution by its definition -----------===//

#include "tests/reference/Reference.h"

namespace convt::reference {

std::vector<float> convTranspose(const CanonicalLayer &l,
                                 const std::vector<float> &x,
                                 const std::vector<float> &w,
                                 const std::vector<float> *b) {
  // Unused spatial dimensions have size 1, kernel 1, stride 1 and no pads,
  // so every rank runs through the same 3-D loops.
  const Dims &n = l.inputSize, &k = l.kernelSize, &s = l.strides,
             &d = l.dilations;
  Dims full, out;
  for (int i = 0; i < kMaxSpatialRank; ++i) {
    full[i] = i < l.rank ? l.fullSize(i) : 1;
    out[i] = i < l.rank ? l.outputSize(i) : 1;
  }
  const int64_t cinPerGroup = l.inChannels / l.groups;
  const int64_t coutPerGroup = l.outChannels / l.groups;

  // 1. The full, un-cropped result z.
  std::vector<double> z(l.batch * l.outChannels * full[0] * full[1] * full[2]);
  auto zAt = [&](int64_t bn, int64_t co, int64_t p0, int64_t p1,
                 int64_t p2) -> double & {
    return z[(((bn * l.outChannels + co) * full[0] + p0) * full[1] + p1) *
                 full[2] +
             p2];
  };
  for (int64_t bn = 0; bn < l.batch; ++bn)
    for (int64_t ci = 0; ci < l.inChannels; ++ci) {
      int64_t g = ci / cinPerGroup;
      for (int64_t col = 0; col < coutPerGroup; ++col) {
        int64_t co = g * coutPerGroup + col;
        for (int64_t i0 = 0; i0 < n[0]; ++i0)
          for (int64_t i1 = 0; i1 < n[1]; ++i1)
            for (int64_t i2 = 0; i2 < n[2]; ++i2) {
              double xv =
                  x[(((bn * l.inChannels + ci) * n[0] + i0) * n[1] + i1) *
                        n[2] +
                    i2];
              for (int64_t j0 = 0; j0 < k[0]; ++j0)
                for (int64_t j1 = 0; j1 < k[1]; ++j1)
                  for (int64_t j2 = 0; j2 < k[2]; ++j2) {
                    double wv =
                        w[(((ci * coutPerGroup + col) * k[0] + j0) * k[1] +
                           j1) *
                              k[2] +
                          j2];
                    zAt(bn, co, i0 * s[0] + j0 * d[0], i1 * s[1] + j1 * d[1],
                        i2 * s[2] + j2 * d[2]) += xv * wv;
                  }
            }
      }
    }

  // 2. Crop or extend to the window, add the bias, append post_pads zeros.
  std::vector<float> y(l.batch * l.outChannels * out[0] * out[1] * out[2]);
  for (int64_t bn = 0; bn < l.batch; ++bn)
    for (int64_t co = 0; co < l.outChannels; ++co)
      for (int64_t o0 = 0; o0 < out[0]; ++o0)
        for (int64_t o1 = 0; o1 < out[1]; ++o1)
          for (int64_t o2 = 0; o2 < out[2]; ++o2) {
            const int64_t o[3] = {o0, o1, o2};
            bool inWindow = true, inFull = true;
            int64_t p[3];
            for (int i = 0; i < kMaxSpatialRank; ++i) {
              int64_t window = i < l.rank ? l.windowSize(i) : 1;
              int64_t pb = i < l.rank ? l.padsBegin[i] : 0;
              inWindow = inWindow && o[i] < window;
              p[i] = o[i] + pb;
              inFull = inFull && p[i] >= 0 && p[i] < full[i];
            }
            double v = 0;
            if (inWindow) {
              if (inFull)
                v = zAt(bn, co, p[0], p[1], p[2]);
              if (b)
                v += (*b)[co];
            }
            y[(((bn * l.outChannels + co) * out[0] + o0) * out[1] + o1) *
                  out[2] +
              o2] = static_cast<float>(v);
          }
  return y;
}

} // namespace convt::reference
