//===- KernelKey.h - What identifies a compiled kernel ---------*- C++ -*-===//
//
// Everything that changes a kernel's code, in one value: the JIT names its
// kernels after it, the memory and disk caches file them under it, the tuner
// stores winners under it (without the schedule), and every kernel carries
// it in its metadata. The compiler fills it in one place
// (compiler/backend/Backend.h, makeKernelKey); the runtime only reads it.
//
//===----------------------------------------------------------------------===//
#ifndef CONVT_RUNTIME_KERNELKEY_H
#define CONVT_RUNTIME_KERNELKEY_H

#include "runtime/Layer.h"

#include <string>

namespace convt {

/// The calling convention of compiled kernels (argument list, user context,
/// metadata format). A kernel with another ABI version is never loaded.
constexpr int kKernelAbiVersion = 1;

struct KernelKey {
  CanonicalLayer layer; ///< with its element type
  /// The resolved Halide target string, features included
  /// ("x86-64-linux-avx-avx2-...-user_context").
  std::string target;
  /// "expert(v2m8k16t1f2)", "adams2019", ...; empty in a tuning database's
  /// key, which names the layer and not the schedule.
  std::string schedule;
  int threads = 0; ///< the parallelism the schedule planned for
  int abiVersion = kKernelAbiVersion;
  /// convt's code generation and Halide's: "convt-0.6|halide-14.0.0".
  std::string compilerVersion;

  /// One line with every field.
  std::string str() const;
  /// 32 hex digits: XXH3-128 of str(). Names kernels and cache entries.
  std::string hash() const;
};

/// XXH3-64 of `size` bytes at `data`.
uint64_t checksum64(const void *data, size_t size);

} // namespace convt

#endif // CONVT_RUNTIME_KERNELKEY_H
