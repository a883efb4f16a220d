//===- FileWrite.h - Output files that are never half written --*- C++ -*-===//
//
// How convt writes every output file (.npy results, `convtc emit -o`), the
// way compilers do: a regular file (or a new one) is written to a private
// temporary file beside it (mkstemp) and renamed into place, keeping the
// old file's mode, so no reader ever sees half a file and a failed write
// leaves none; a symbolic link is written through to its target (the link
// stays); a FIFO or a device (/dev/stdout, /dev/full) is written in place,
// where a failure is an error; a directory is refused.
//
//===----------------------------------------------------------------------===//
#ifndef CONVT_RUNTIME_FILEWRITE_H
#define CONVT_RUNTIME_FILEWRITE_H

#include "runtime/Status.h"

#include <string>
#include <utility>
#include <vector>

namespace convt {

/// Bytes to write: a pointer and a length.
using Chunk = std::pair<const char *, size_t>;

/// Writes the concatenation of `chunks` to `path` as described above.
Status writeFileSafely(const std::string &path,
                       const std::vector<Chunk> &chunks);

} // namespace convt

#endif // CONVT_RUNTIME_FILEWRITE_H
