//===- Reference.h - Transposed convolution by its definition -*- C++ -*-===//
//
// The oracle of the unit tests: PyTorch's definition written out as loops,
// with nothing shared with the code it checks but the plain CanonicalLayer
// description. Slow on purpose; accumulates in double.
//
//===----------------------------------------------------------------------===//
#ifndef CONVT_TESTS_REFERENCE_REFERENCE_H
#define CONVT_TESTS_REFERENCE_REFERENCE_H

#include "runtime/Layer.h"

#include <vector>

namespace convt::reference {

/// y = ConvTranspose(x, w, b) of `layer`: x is [N, C_in, spatial...], w is
/// [C_in, C_out/groups, k...], b is [C_out] or null; all in C order. Every
/// x[n][ci][i] * w[ci][co][j] is scattered to full position i*s + j*d; the
/// window [pads_begin, F - pads_end) is kept, reading 0 outside [0, F); the
/// bias is added; post_pads zeros are appended.
std::vector<float> convTranspose(const CanonicalLayer &layer,
                                 const std::vector<float> &x,
                                 const std::vector<float> &w,
                                 const std::vector<float> *b);

} // namespace convt::reference

#endif // CONVT_TESTS_REFERENCE_REFERENCE_H
