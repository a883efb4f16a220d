//===- XnnpackDeconv.h - XNNPACK's deconvolution, a CPU peer --*- C++ -*-===//
//
// The same canonical layer through XNNPACK's
// xnn_create_deconvolution2d_nhwc_f32 (Debian's libxnnpack-dev), created once
// with its own thread pool. XNNPACK is NHWC and 2-D only: a 1-D layer runs as
// height 1. Its padding crops the full result (top, right, bottom, left) and
// its adjustment extends the end by less than the stride, so layers with a
// negative leading pad, a trailing extension of a stride or more, or
// MindSpore's trailing zeros do not map (supported() says why). Weights [C_in,
// C_out/g, k...] are rearranged once to XNNPACK's [g][C_out/g][kh][kw][C_in/g];
// the input is transposed to NHWC once, outside run(), and output() transposes
// back to NCHW.
//
//===----------------------------------------------------------------------===//
#ifndef CONVT_BENCH_XNNPACKDECONV_H
#define CONVT_BENCH_XNNPACKDECONV_H

#include "runtime/Layer.h"

#include <memory>
#include <string>
#include <vector>

namespace convt::bench {

class XnnpackDeconv {
public:
  /// Empty when XNNPACK can run `layer` (channels-first description), else
  /// why not.
  static std::string supported(const CanonicalLayer &layer);
  /// Empty `error` on success; `input`, `weight` and `bias` as convt takes
  /// them (channels first).
  XnnpackDeconv(const CanonicalLayer &layer, int threads,
                const std::vector<float> &input,
                const std::vector<float> &weight,
                const std::vector<float> *bias, std::string &error);
  ~XnnpackDeconv();
  /// One execution of the operator.
  void run();
  /// The output in NCHW order.
  std::vector<float> output() const;

private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

} // namespace convt::bench

#endif // CONVT_BENCH_XNNPACKDECONV_H
