//===- compiler.hpp - convt's compiler, for applications -------*- C++ -*-===//
//
// What `convtc` does, as a library (convt::compiler in the CMake package):
// a layer spec in, a kernel out, as a kernel-cache entry (JIT) or as files
// (AOT). Kernels are loaded and run by the runtime (convt/convt.h), which
// is all a process that only runs kernels needs:
//
//   convt::compiler::Result r = convt::compiler::compile(specJson);
//   if (!r.ok) die(r.error);
//   convt_kernel_load_cached(context, r.cacheDir.c_str(), r.key.c_str(),
//                            &kernel);
//
// This library exports nothing but these functions: the MLIR, LLVM and
// Halide it is built from, and its own copy of the runtime, stay inside.
//
//===----------------------------------------------------------------------===//
#ifndef CONVT_COMPILER_HPP
#define CONVT_COMPILER_HPP

#include <string>

namespace convt::compiler {

struct Options {
  /// "host" (this CPU, every feature it has) or a Halide CPU target string.
  std::string target = "host";
  /// "expert" (convt's template), "mullapudi2016", "adams2019", "li2018".
  std::string schedule = "expert";
  /// The expert template's parameters ("auto", or as `convtc --expert`).
  std::string expert = "auto";
  /// The threads the schedule plans for; 0: one per core.
  int threads = 0;
  /// The kernel cache (compile); empty: $CONVT_CACHE_DIR, else
  /// $XDG_CACHE_HOME/convt, else ~/.cache/convt.
  std::string cacheDir;
};

struct Result {
  bool ok = false;
  std::string error; ///< when !ok: "spec.json:3:5: error: ..." and the like
  std::string key;   ///< the kernel key's hash (32 hex digits)
  /// compile: the cache the kernel is in, and whether it already was.
  std::string cacheDir;
  bool fromCache = false;
  /// compileAot: the files written.
  std::string sharedObject, staticLibrary, header;
};

/// The layer of the JSON spec `specJson` (docs/cli-and-spec.md), compiled
/// into the kernel cache unless a good entry is there already (one process
/// compiles a layer that several ask for at once).
Result compile(const std::string &specJson, const Options &options = {});

/// The layer's kernel as a shared object, a static library and a C header
/// in `dir`, named `name` (empty: the spec's name), as `convtc compile`.
Result compileAot(const std::string &specJson, const std::string &dir,
                  const std::string &name = "", const Options &options = {});

/// "convt-0.6+<source hash>|halide-14.0.0", as in kernel keys.
std::string version();

} // namespace convt::compiler

#endif // CONVT_COMPILER_HPP
