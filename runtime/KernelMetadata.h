//===- KernelMetadata.h - What a compiled kernel says of itself -*- C++ -*-===//
//
// Every kernel object, JIT or AOT, carries this as a NUL-terminated text
// symbol (<entry>_convt_metadata; a shared object also as
// convt_kernel_metadata),
// so the runtime can load a kernel from a path with nothing else and check
// it before the first call. One "key=value" line per field after a first
// line "convt-kernel-metadata <format version>".
//
//===----------------------------------------------------------------------===//
#ifndef CONVT_RUNTIME_KERNELMETADATA_H
#define CONVT_RUNTIME_KERNELMETADATA_H

#include "runtime/KernelKey.h"
#include "runtime/Status.h"

#include <string>
#include <vector>

namespace convt {

/// The symbol a kernel shared object exports its metadata under.
constexpr const char *kMetadataSymbol = "convt_kernel_metadata";

/// The symbol of the metadata of the kernel whose entry is `entry` (Halide
/// itself defines <entry>_metadata, a function).
inline std::string metadataSymbolOf(const std::string &entry) {
  return entry + "_convt_metadata";
}

struct KernelMetadata {
  int abiVersion = kKernelAbiVersion;
  std::string compilerVersion;
  std::string key;  ///< KernelKey::hash()
  std::string name; ///< the layer's name in its spec
  CanonicalLayer layer;
  std::string target; ///< a Halide target string
  std::string schedule;
  int threads = 0;
  std::string entry; ///< the kernel's function
  std::string pack;  ///< the weight-pack function; empty: none
  /// The weight the entry reads: packed by `pack`, else the layer's
  /// [C_in, C_out/groups, k...].
  std::vector<int64_t> packedWeightShape;

  /// Everything from `key` but the entry names and the packed shape.
  static KernelMetadata fromKey(const KernelKey &key);

  std::string str() const;
  /// Reads what str() writes; an error naming the first bad line.
  static Status parse(const std::string &text, KernelMetadata &out);
};

} // namespace convt

#endif // CONVT_RUNTIME_KERNELMETADATA_H
