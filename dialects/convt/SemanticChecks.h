//===- SemanticChecks.h - Checks every framework's rules share -*- C++ -*-===//
//
// The pieces lowerTorch, lowerMindSpore and checkCanonical are made of:
// per-dimension attributes expanded and checked, the operands checked, and
// the limits of what convt's kernels can index (Halide 14 indexes in 32
// bits; tensors stay under 2 GiB), each error naming the attribute to blame.
//
//===----------------------------------------------------------------------===//
#ifndef CONVT_DIALECTS_CONVT_SEMANTICCHECKS_H
#define CONVT_DIALECTS_CONVT_SEMANTICCHECKS_H

#include "dialects/convt/Semantics.h"

namespace convt::semantics {

/// "[1, 2, 3]".
std::string list(const std::vector<int64_t> &v);

SemanticError error(const std::string &attribute, const std::string &message);

/// Every value within kMaxIndex: a larger one would be cut short in the
/// kernel and give a wrong answer.
std::optional<SemanticError> inRange(const std::string &name,
                                     const std::vector<int64_t> &v);

/// The extents the layer computes, and its tensors, within what kernels
/// can index; the error blames the attribute (of the names given) that
/// made them too large.
std::optional<SemanticError> checkExtents(const CanonicalLayer &l,
                                          const char *stride,
                                          const char *dilation,
                                          const char *padding);

/// `v` expanded to `rank` values: empty means `dflt` everywhere.
std::optional<SemanticError> expand(const char *name,
                                    const std::vector<int64_t> &v, int rank,
                                    int64_t dflt, std::vector<int64_t> &out);

/// Every value at least `lo` ("must be <what>").
std::optional<SemanticError> requireAtLeast(const char *name,
                                            const std::vector<int64_t> &v,
                                            int64_t lo, const char *what);

/// The first src.size() values of `dst`.
void setDims(Dims &dst, const std::vector<int64_t> &src);

/// A stride or dilation attribute: `rank` positive values, default 1.
std::optional<SemanticError> positiveDims(const char *name,
                                          const std::vector<int64_t> &v,
                                          int rank, Dims &dst);

/// Checks the operands and fills the shape part of `out`.
std::optional<SemanticError> checkOperands(const OperandShapes &shapes,
                                           const char *groupsName,
                                           int64_t groups, CanonicalLayer &out);

/// Every spatial output size must be at least 1; `blame` is the attribute
/// named, `formula` how the size is computed.
std::optional<SemanticError> checkOutputSize(const CanonicalLayer &l,
                                             const char *blame,
                                             const char *formula);

} // namespace convt::semantics

#endif // CONVT_DIALECTS_CONVT_SEMANTICCHECKS_H
