//===- TestData.h - Files written by tests/conformance/torch_reference.py -===//
#ifndef CONVT_TESTS_UNIT_TESTDATA_H
#define CONVT_TESTS_UNIT_TESTDATA_H

#include "runtime/Layer.h"

#include "llvm/Support/JSON.h"

#include <string>
#include <vector>

namespace convt::test {

/// The directory CTest's PyTorch fixture wrote (CONVT_TEST_DATA).
std::string dataDir();

/// Parses dataDir()/name; fails the calling test when it cannot.
llvm::json::Object readJson(const std::string &name);

std::vector<int64_t> ints(const llvm::json::Object &o, llvm::StringRef key);

/// The canonical layer of a PyTorch configuration, straight from PyTorch's
/// definition (pads_begin = padding, pads_end = padding - output_padding),
/// independent of the code under test.
CanonicalLayer torchLayer(const llvm::json::Object &cfg);

/// Index of the first element where |a - b| > tol * max(1, |b|), or -1.
int64_t firstMismatch(const std::vector<float> &a, const std::vector<float> &b,
                      double tol);

/// "[n, c, i, j]" of a flat index in `shape`.
std::string coordinates(int64_t index, const std::vector<int64_t> &shape);

} // namespace convt::test

#endif // CONVT_TESTS_UNIT_TESTDATA_H
