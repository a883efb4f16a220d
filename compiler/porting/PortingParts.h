//===- PortingParts.h - What every translation writes ----------*- C++ -*-===//
//
// The pieces Translate.cpp and TranslateTf.cpp share: Python tuples and JSON
// lists, the extra steps a target needs (crops it cannot make, zeros it
// does not append), and the JSON spec's common keys.
//
//===----------------------------------------------------------------------===//
#ifndef CONVT_COMPILER_PORTING_PORTINGPARTS_H
#define CONVT_COMPILER_PORTING_PORTINGPARTS_H

#include "compiler/porting/Porting.h"

#include <string>
#include <vector>

namespace convt::porting {

/// "(1, 2)", "(1,)".
std::string tuple(const std::vector<int64_t> &v);
/// "[1, 2]".
std::string jsonList(const std::vector<int64_t> &v);
/// The first `l.rank` values of `a`.
std::vector<int64_t> dimsOf(const CanonicalLayer &l,
                            const std::array<int64_t, 3> &a);

/// What the target's layer leaves to do, per dimension: lines to slice
/// off at the start and end, zero lines to append at the start and end.
struct Extra {
  std::vector<int64_t> cropBegin, cropEnd, zerosBegin, zerosEnd;
  bool any() const {
    for (size_t d = 0; d < cropBegin.size(); ++d)
      if (cropBegin[d] || cropEnd[d] || zerosBegin[d] || zerosEnd[d])
        return true;
    return false;
  }
};

/// The slice of the crops on `y` (channels first, or last: [N, spatial...,
/// C]); "" when none.
std::string cropStep(const CanonicalLayer &l, const Extra &e,
                     bool channelsLast);
/// The extra steps as Python lines on a [N, C, spatial...] tensor `y`, with
/// `pad` the framework's pad function.
std::string extraSteps(const CanonicalLayer &l, const Extra &e,
                       const std::string &pad);
/// The extra steps as the `then` key of translate's JSON ("" when none).
std::string thenJson(const Extra &e);
/// The keys every style's spec opens with, up to the stride (`strideKey`).
std::string jsonHead(const PortedLayer &layer, const char *style,
                     const char *strideKey = "stride");
/// The keys every style's spec closes with (the layer's layouts, so that
/// its files run both specs: weight_format where it is not the target's
/// default), `then` included, and the end.
std::string jsonTail(const CanonicalLayer &l, const Extra &e,
                     bool targetWeightLast = false);
/// Whether the steps append zeros where convt's lines hold the bias alone
/// (past the full result): no step gives those.
bool biasPastResult(const CanonicalLayer &l, const Extra &e);

/// The line translate adds then.
inline constexpr const char *kNotExact =
    "# not exact: convt's rows past the full result hold the bias, the "
    "appended ones zeros\n";

/// The layer for TensorFlow (TranslateTf.cpp): translate's output, or an
/// error with --json where TensorFlow has no such layer (groups).
Status translateToTf(const PortedLayer &layer, bool json,
                     llvm::raw_ostream &os);
/// The attributes of TensorFlow's layer that give `l`'s numbers ("" when
/// none: groups).
std::string tfExactAttributes(const CanonicalLayer &l);
/// "numpy.transpose(w, (2, 3, 1, 0))": `w` moved from `l`'s weight layout
/// to the other one with `transpose`.
std::string weightTranspose(const CanonicalLayer &l, const char *transpose);
/// The Python line that moves the weight `w` from `l`'s layout to the
/// other one with `transpose` (a function taking the array and the axes).
std::string weightLayoutStep(const CanonicalLayer &l, const char *transpose);

} // namespace convt::porting

#endif // CONVT_COMPILER_PORTING_PORTINGPARTS_H
