//===- Npy.h - NumPy .npy files of float32 in C order --------------------===//
//
// The format is NumPy's own (numpy.lib.format, versions 1.0 to 3.0). Only
// little-endian float32 or float16 in C order is accepted (float16 widened
// to float32 exactly on reading): anything else is an error that says what
// the file holds and what was expected.
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
  bool half = false; ///< the file held float16 ('<f2')
};

/// Reads a float32 C-order array from `path`, reading no more than its
/// header announces (a FIFO or /dev/zero cannot fill memory); an array of
/// more than kMaxElements is refused before anything is allocated.
Status readNpy(const std::string &path, NpyArray &out);

/// Parses an in-memory .npy image; `name` is used in messages.
Status parseNpy(const std::string &bytes, const std::string &name,
                NpyArray &out);

/// Writes `data` with `shape` to `path` as float32, C order. A regular file
/// (or none) is written to a private temporary file beside it and renamed
/// into place, so a reader never sees half a file and a failed write leaves
/// no file behind; a symbolic link is written through to its target; a
/// FIFO or device (/dev/stdout, /dev/full) is written in place, and a
/// failure is an error.
Status writeNpy(const std::string &path, const std::vector<int64_t> &shape,
                const float *data);
/// The same for float16 bit patterns ('<f2').
Status writeNpy16(const std::string &path, const std::vector<int64_t> &shape,
                  const uint16_t *data);

} // namespace convt

#endif // CONVT_RUNTIME_NPY_H
