//===- BackendTestSupport.h - Layers and a JIT for the backend tests ------===//
//
// Shared by BackendTest.cpp and BackendLayoutTest.cpp.
//
//===----------------------------------------------------------------------===//
#ifndef CONVT_TESTS_UNIT_BACKENDTESTSUPPORT_H
#define CONVT_TESTS_UNIT_BACKENDTESTSUPPORT_H

#include "compiler/jit/Jit.h"
#include "runtime/Layer.h"

#include <vector>

namespace convt::testing {

inline CanonicalLayer makeLayer(int rank, int64_t n, int64_t cin, int64_t cout,
                                int64_t groups, Dims in, Dims k, Dims s, Dims d,
                                Dims pb, Dims pe, bool bias,
                                Dims post = {0, 0, 0}) {
  CanonicalLayer l;
  l.rank = rank;
  l.batch = n;
  l.inChannels = cin;
  l.outChannels = cout;
  l.groups = groups;
  l.inputSize = in;
  l.kernelSize = k;
  l.strides = s;
  l.dilations = d;
  l.padsBegin = pb;
  l.padsEnd = pe;
  l.postPads = post;
  l.hasBias = bias;
  return l;
}

/// Layers whose edge cases the multiply-add count and the layout tests
/// cover.
inline std::vector<CanonicalLayer> countingLayers() {
  return {
      // DCGAN-like, k % s == 0: clipped taps only at the borders.
      makeLayer(2, 1, 8, 16, 1, {8, 8, 1}, {4, 4, 1}, {2, 2, 1}, {1, 1, 1},
                {1, 1, 0}, {1, 1, 0}, true),
      // k % s != 0 (FSRCNN-like) with output_padding past F.
      makeLayer(2, 1, 3, 2, 1, {5, 6, 1}, {9, 9, 1}, {3, 3, 1}, {1, 1, 1},
                {4, 4, 0}, {2, 2, 0}, false),
      // Dilation 2, stride 2: odd phases receive no tap.
      makeLayer(2, 1, 4, 4, 2, {6, 6, 1}, {3, 3, 1}, {2, 2, 1}, {2, 2, 1},
                {2, 2, 0}, {1, 1, 0}, true),
      // Stride larger than the kernel; negative pads (extension).
      makeLayer(1, 2, 3, 5, 1, {7, 1, 1}, {2, 1, 1}, {5, 1, 1}, {1, 1, 1},
                {-1, 0, 0}, {-3, 0, 0}, true),
      // 3-D, cropping padding larger than d*(k-1).
      makeLayer(3, 1, 2, 3, 1, {3, 4, 5}, {3, 2, 3}, {2, 1, 3}, {1, 2, 1},
                {4, 1, 0}, {1, 0, -1}, false),
      // Depthwise, long 1-D kernel.
      makeLayer(1, 1, 6, 6, 6, {20, 1, 1}, {16, 1, 1}, {8, 1, 1}, {1, 1, 1},
                {4, 0, 0}, {4, 0, 0}, true),
  };
}

/// One JIT compiler and context for the process: kernels compiled by one
/// test are reused by the next.
inline JitCompiler &jit() {
  static JitCompiler compiler;
  return compiler;
}

inline Context &ctx() {
  static Context context;
  return context;
}

} // namespace convt::testing

#endif // CONVT_TESTS_UNIT_BACKENDTESTSUPPORT_H
