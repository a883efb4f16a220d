//===- OneDnnDeconv.h - oneDNN's deconvolution, the CPU peer --*- C++ -*-===//
//
// The same canonical layer through oneDNN 2.6's deconvolution_forward
// primitive, created once. PyTorch's weight layout [C_in, C_out/g, k...] is
// transposed to oneDNN's [g, C_out/g, C_in/g, k...] (oneDNN does not flip
// the kernel either), then reordered once into the primitive's layout.
// Source and destination are plain NCHW, channels last (NHWC), or the
// blocked layouts oneDNN chooses (`format_tag::any`); the input's reorder
// happens once, outside run().
//
//===----------------------------------------------------------------------===//
#ifndef CONVT_BENCH_ONEDNNDECONV_H
#define CONVT_BENCH_ONEDNNDECONV_H

#include "runtime/Layer.h"

#include <memory>
#include <string>
#include <vector>

namespace convt::bench {

class OneDnnDeconv {
public:
  enum class Layout { Plain, ChannelsLast, Any };
  /// Empty `error` on success. `layer` is described channels first, and
  /// `input` is in that order whatever the layout timed.
  OneDnnDeconv(const CanonicalLayer &layer, Layout layout,
               const std::vector<float> &input,
               const std::vector<float> &weight, const std::vector<float> *bias,
               std::string &error);
  ~OneDnnDeconv();
  /// One execution of the primitive (waits for it).
  void run();
  /// The output in plain NCHW order (reordered if needed).
  std::vector<float> output();
  /// The implementation oneDNN picked, e.g. "brgconv_bwd_d:avx512_core".
  std::string implementation() const;

private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

} // namespace convt::bench

#endif // CONVT_BENCH_ONEDNNDECONV_H
