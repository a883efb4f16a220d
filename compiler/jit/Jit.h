//===- Jit.h - Layers to loaded kernels, cached in memory -----*- C++ -*-===//
//
// Compiles a canonical layer in process (Halide code generation to an
// object with its metadata, linked into a shared object in a private
// directory), loads it through the runtime, and keeps it in a KernelCache
// under its KernelKey (makeKernelKey: the layer, element type, resolved
// target, schedule, threads, kernel ABI and compiler versions).
//
//===----------------------------------------------------------------------===//
#ifndef CONVT_COMPILER_JIT_JIT_H
#define CONVT_COMPILER_JIT_JIT_H

#include "compiler/backend/Backend.h"
#include "runtime/DiskCache.h"
#include "runtime/KernelCache.h"

#include <atomic>

#include <memory>
#include <string>

namespace convt {

class JitCompiler {
public:
  /// Kernels are looked up in memory, then in `disk` (when given), then
  /// compiled (and filed in `disk`, with one process compiling a key that
  /// several ask for).
  explicit JitCompiler(DiskCache *disk = nullptr);
  ~JitCompiler();
  JitCompiler(const JitCompiler &) = delete;
  JitCompiler &operator=(const JitCompiler &) = delete;

  /// The kernel of `layer`: from the cache, or compiled now. Thread-safe;
  /// concurrent requests for one key compile it once. `name` goes into the
  /// kernel's metadata.
  Status getKernel(const CanonicalLayer &layer, const BackendOptions &options,
                   std::shared_ptr<Kernel> &out, const std::string &name = "");

  KernelCache::Stats stats() const { return cache_.stats(); }
  /// Kernels loaded from the disk cache rather than compiled.
  uint64_t diskHits() const { return diskHits_.load(); }

private:
  /// Disk, then compile (and store): the memory cache's factory.
  Status loadOrCompile(const CanonicalLayer &layer,
                       const BackendOptions &options, const KernelKey &key,
                       const std::string &name, std::shared_ptr<Kernel> &out);
  Status compile(const CanonicalLayer &layer, const BackendOptions &options,
                 const std::string &name, const std::string &hash,
                 std::shared_ptr<Kernel> &out);
  std::string workDir_;
  Status workDirStatus_;
  DiskCache *disk_;
  std::atomic<uint64_t> diskHits_{0};
  KernelCache cache_;
};

} // namespace convt

#endif // CONVT_COMPILER_JIT_JIT_H
