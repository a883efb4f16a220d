//===- XnnpackDeconv.cpp - XNNPACK's deconvolution, a CPU peer ------------===//

#include "bench/XnnpackDeconv.h"

#include <xnnpack.h>

#include <cmath>
#include <mutex>

namespace convt::bench {

struct XnnpackDeconv::Impl {
  pthreadpool_t pool = nullptr;
  xnn_operator_t op = nullptr;
  CanonicalLayer layer;
  std::vector<float> x, y; // NHWC
  ~Impl() {
    if (op)
      xnn_delete_operator(op);
    if (pool)
      pthreadpool_destroy(pool);
  }
};

namespace {

/// (height, width) entries of a 1-D or 2-D layer's per-dimension values:
/// 1-D runs as height 1.
int64_t h(const Dims &v, int rank, int64_t one) {
  return rank == 1 ? one : v[0];
}
int64_t w(const Dims &v, int rank) { return v[rank - 1]; }

} // namespace

std::string XnnpackDeconv::supported(const CanonicalLayer &l) {
  if (l.rank > 2)
    return "XNNPACK has 2-D deconvolution only";
  for (int d = 0; d < l.rank; ++d) {
    if (l.padsBegin[d] < 0)
      return "a negative leading pad (an output extended at the start)";
    if (l.padsEnd[d] < 0 && -l.padsEnd[d] >= l.strides[d])
      return "an output extended at the end by a stride or more";
    if (l.postPads[d])
      return "MindSpore's trailing zeros";
  }
  return "";
}

XnnpackDeconv::XnnpackDeconv(const CanonicalLayer &l, int threads,
                             const std::vector<float> &input,
                             const std::vector<float> &weight,
                             const std::vector<float> *bias, std::string &error)
    : impl_(new Impl) {
  Impl &m = *impl_;
  m.layer = l;
  error = supported(l);
  if (!error.empty())
    return;
  static std::once_flag once;
  static xnn_status init = xnn_status_success;
  std::call_once(once, [] { init = xnn_initialize(nullptr); });
  if (init != xnn_status_success) {
    error = "xnn_initialize failed";
    return;
  }
  const int r = l.rank;
  const int64_t g = l.groups, cig = l.inChannels / g, cog = l.outChannels / g;
  const int64_t kh = h(l.kernelSize, r, 1), kw = w(l.kernelSize, r);
  // [g*cig][cog][kh][kw] -> [g][cog][kh][kw][cig].
  std::vector<float> packed(weight.size());
  for (int64_t gi = 0; gi < g; ++gi)
    for (int64_t o = 0; o < cog; ++o)
      for (int64_t t = 0; t < kh * kw; ++t)
        for (int64_t i = 0; i < cig; ++i)
          packed[((gi * cog + o) * kh * kw + t) * cig + i] =
              weight[((gi * cig + i) * cog + o) * kh * kw + t];
  auto end = [&](int d) { return l.padsEnd[d] < 0 ? 0 : l.padsEnd[d]; };
  auto adjust = [&](int d) { return l.padsEnd[d] < 0 ? -l.padsEnd[d] : 0; };
  const int hd = 0, wd = r - 1;
  const uint32_t padTop = r == 1 ? 0 : static_cast<uint32_t>(l.padsBegin[hd]);
  const uint32_t padBottom = r == 1 ? 0 : static_cast<uint32_t>(end(hd));
  m.pool = pthreadpool_create(static_cast<size_t>(threads));
  xnn_status s = xnn_create_deconvolution2d_nhwc_f32(
      padTop, static_cast<uint32_t>(end(wd)), padBottom,
      static_cast<uint32_t>(l.padsBegin[wd]), static_cast<uint32_t>(kh),
      static_cast<uint32_t>(kw), static_cast<uint32_t>(h(l.strides, r, 1)),
      static_cast<uint32_t>(w(l.strides, r)),
      static_cast<uint32_t>(h(l.dilations, r, 1)),
      static_cast<uint32_t>(w(l.dilations, r)), static_cast<uint32_t>(g),
      static_cast<size_t>(cig), static_cast<size_t>(cog),
      static_cast<size_t>(l.inChannels), static_cast<size_t>(l.outChannels),
      packed.data(), bias ? bias->data() : nullptr, -INFINITY, INFINITY, 0,
      &m.op);
  if (s != xnn_status_success) {
    error = "xnn_create_deconvolution2d_nhwc_f32 failed (status " +
            std::to_string(static_cast<int>(s)) + ")";
    return;
  }
  m.x = moveChannels(input, l.batch, l.inChannels, true);
  m.y.assign(static_cast<size_t>(numElements(l.outputShape())), 0.f);
  s = xnn_setup_deconvolution2d_nhwc_f32(
      m.op, static_cast<size_t>(l.batch),
      static_cast<size_t>(h(l.inputSize, r, 1)),
      static_cast<size_t>(w(l.inputSize, r)),
      r == 1 ? 0 : static_cast<uint32_t>(adjust(hd)),
      static_cast<uint32_t>(adjust(wd)), m.x.data(), m.y.data(), m.pool);
  if (s != xnn_status_success)
    error = "xnn_setup_deconvolution2d_nhwc_f32 failed (status " +
            std::to_string(static_cast<int>(s)) + ")";
}

XnnpackDeconv::~XnnpackDeconv() = default;

void XnnpackDeconv::run() { xnn_run_operator(impl_->op, impl_->pool); }

std::vector<float> XnnpackDeconv::output() const {
  const Impl &m = *impl_;
  return moveChannels(m.y, m.layer.batch, m.layer.outChannels, false);
}

} // namespace convt::bench
