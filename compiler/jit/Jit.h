//===- Jit.h - Layers to loaded kernels, cached in memory -----*- C++ -*-===//
//
// Compiles a canonical layer for this machine in process (Halide code
// generation to an object, linked into a shared object), loads it through
// the runtime, and keeps it in a KernelCache keyed by everything that
// changes the code: the canonical layer and its shapes, the element type,
// the target, the schedule, the thread count the schedule planned for, and
// the compiler's version.
//
//===----------------------------------------------------------------------===//
#ifndef CONVT_COMPILER_JIT_JIT_H
#define CONVT_COMPILER_JIT_JIT_H

#include "compiler/backend/Backend.h"
#include "runtime/KernelCache.h"

#include <memory>
#include <string>

namespace convt {

/// The version of convt's code generation; part of every cache key.
constexpr const char *kCompilerVersion = "convt-0.5";

class JitCompiler {
public:
  JitCompiler();
  ~JitCompiler();
  JitCompiler(const JitCompiler &) = delete;
  JitCompiler &operator=(const JitCompiler &) = delete;

  /// The kernel of `layer`: from the cache, or compiled now. Thread-safe;
  /// concurrent requests for one key compile it once.
  Status getKernel(const CanonicalLayer &layer, const BackendOptions &options,
                   std::shared_ptr<Kernel> &out);

  /// The cache key of a request ("host" resolved to this CPU's features).
  Status cacheKey(const CanonicalLayer &layer, const BackendOptions &options,
                  std::string &key);

  KernelCache::Stats stats() const { return cache_.stats(); }

private:
  Status compile(const CanonicalLayer &layer, const BackendOptions &options,
                 const std::string &key, std::shared_ptr<Kernel> &out);
  std::string workDir_;
  KernelCache cache_;
};

/// Makes sure the shared Halide runtime for `target` is built (once per
/// machine, under $TMPDIR) and loaded into this process.
Status ensureHalideRuntime(const std::string &target);

/// Runs `argv` (no shell); an error with its output if it fails.
Status runCommand(const std::vector<std::string> &argv);

} // namespace convt

#endif // CONVT_COMPILER_JIT_JIT_H
