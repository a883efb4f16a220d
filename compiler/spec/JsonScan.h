//===- JsonScan.h - What llvm::json does not check -------------*- C++ -*-===//
//
// llvm::json parses recursively (a deeply nested document overflows the
// stack), keeps the last of two equal keys silently, and reads 3.0 as the
// integer 3. A spec or tuning database is scanned first, without recursion,
// for all three, so that each is an error with a position instead.
//
//===----------------------------------------------------------------------===//
#ifndef CONVT_COMPILER_SPEC_JSONSCAN_H
#define CONVT_COMPILER_SPEC_JSONSCAN_H

#include <cstddef>
#include <set>
#include <string>

namespace convt {

/// Nesting a spec or database never needs; deeper is refused.
constexpr int kMaxJsonDepth = 32;

struct JsonScan {
  /// Empty when the text passed; else what is wrong at `offset`.
  std::string error;
  size_t offset = 0;
  /// Keys of the top-level object whose value holds a number written with
  /// a fraction or an exponent ("3.0", "1e3").
  std::set<std::string> keysWithFractions;
};

/// Scans `text`. Syntax errors are left to the JSON parser (the scan stops
/// quietly at the first thing it does not understand).
JsonScan scanJson(const std::string &text, int maxDepth = kMaxJsonDepth);

} // namespace convt

#endif // CONVT_COMPILER_SPEC_JSONSCAN_H
