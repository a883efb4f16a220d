//===- SpecReader.h - Typed values from a JSON layer spec ------*- C++ -*-===//
//
// Reads the values of a spec object by key, checked for their type and for
// the range convt's kernels can index (32-bit integers, no fractions), and
// reports each error at the position of the key it concerns.
//
//===----------------------------------------------------------------------===//
#ifndef CONVT_COMPILER_SPEC_SPECREADER_H
#define CONVT_COMPILER_SPEC_SPECREADER_H

#include "mlir/IR/Diagnostics.h"
#include "mlir/IR/Location.h"
#include "mlir/IR/MLIRContext.h"
#include "mlir/Support/LogicalResult.h"

#include "llvm/Support/JSON.h"

#include <optional>
#include <set>
#include <string>
#include <vector>

namespace convt {

class SpecReader {
public:
  SpecReader(llvm::StringRef text, llvm::StringRef fileName,
             mlir::MLIRContext &ctx)
      : text(text), fileName(fileName), ctx(ctx) {}

  /// Position of `"key":` in the text; the start of the object if absent.
  mlir::Location locOf(llvm::StringRef key) const;
  /// Line and column of byte `offset` of the text.
  mlir::Location locAt(size_t offset) const;
  mlir::InFlightDiagnostic error(llvm::StringRef key) {
    return mlir::emitError(locOf(key));
  }

  /// The spec object the values are read from.
  const llvm::json::Object *obj = nullptr;

  /// Keys whose values were written with a fraction or an exponent
  /// (llvm::json reads 3.0 as 3; the scan tells them apart).
  std::set<std::string> fractionKeys;

  /// An error unless every integer of `key` is one convt's kernels can
  /// index with (Halide 14 computes indices in 32 bits: a larger value
  /// would be cut short, and give a wrong answer).
  mlir::LogicalResult checkIntegers(llvm::StringRef key,
                                    llvm::ArrayRef<int64_t> values);

  // Each reader leaves `out` alone when the key is absent.
  mlir::LogicalResult readInt(llvm::StringRef key, std::optional<int64_t> &out);
  /// An integer or a list of integers; a scalar is returned as one value.
  mlir::LogicalResult readInts(llvm::StringRef key,
                               std::optional<std::vector<int64_t>> &out,
                               bool allowScalar = true);
  mlir::LogicalResult readBool(llvm::StringRef key, bool &out);
  mlir::LogicalResult readString(llvm::StringRef key,
                                 std::optional<std::string> &out);
  /// A per-dimension attribute: a scalar stands for every dimension.
  mlir::LogicalResult readDims(llvm::StringRef key, int rank,
                               std::vector<int64_t> &out);
  /// A MindSpore initializer: null, a number (name "constant" and its
  /// value) or one of MindSpore's initializer names (lower-cased).
  mlir::LogicalResult readInit(llvm::StringRef key, std::string &name,
                               double &value);

private:
  llvm::StringRef text;
  llvm::StringRef fileName;
  mlir::MLIRContext &ctx;
};

} // namespace convt

#endif // CONVT_COMPILER_SPEC_SPECREADER_H
