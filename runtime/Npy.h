//===- Npy.h - NumPy .npy files of float32 in C order --------------------===//
//
// The format is NumPy's own (numpy.lib.format, versions 1.0 to 3.0). Only
// little-endian float32 in C order is accepted: anything else is an error
// that says what the file holds and what was expected.
//
//===----------------------------------------------------------------------===//
#ifndef CONVT_RUNTIME_NPY_H
#define CONVT_RUNTIME_NPY_H

#include "runtime/Status.h"

#include <cstdint>
#include <string>
#include <vector>

namespace convt {

struct NpyArray {
  std::vector<int64_t> shape;
  std::vector<float> data;
};

/// Reads a float32 C-order array from `path`.
Status readNpy(const std::string &path, NpyArray &out);

/// Parses an in-memory .npy image; `name` is used in messages.
Status parseNpy(const std::string &bytes, const std::string &name,
                NpyArray &out);

/// Writes `data` with `shape` to `path` as float32, C order. The file is
/// written under a temporary name and renamed into place, so a reader never
/// sees half a file and a failed write leaves no file behind.
Status writeNpy(const std::string &path, const std::vector<int64_t> &shape,
                const float *data);

} // namespace convt

#endif // CONVT_RUNTIME_NPY_H
