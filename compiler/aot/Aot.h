//===- Aot.h - Kernels compiled ahead of time, as files -------*- C++ -*-===//
//
// `convtc compile SPEC -o DIR`: one kernel as a shared object (for
// convt_kernel_load), a static library (linked into the application) and a
// C header declaring its functions, documenting its buffers and defining
// convt_load_<name>(), for any CPU target Halide compiles to.
//
//===----------------------------------------------------------------------===//
#ifndef CONVT_COMPILER_AOT_AOT_H
#define CONVT_COMPILER_AOT_AOT_H

#include "compiler/backend/Backend.h"

#include <string>

namespace convt {

struct AotFiles {
  std::string sharedObject;  ///< DIR/NAME.so
  std::string staticLibrary; ///< DIR/libNAME.a
  std::string header;        ///< DIR/NAME.h
  KernelMetadata metadata;
};

/// `name` as a C identifier (letters, digits, '_'; "layer" if empty).
std::string cIdentifier(const std::string &name);

/// The C header of a kernel with metadata `meta`, named `cName`.
std::string kernelHeader(const KernelMetadata &meta, const std::string &cName);

/// Compiles `layer` for options.target and writes the three files into
/// `dir` (created if missing), named after `name`.
Status compileAot(const CanonicalLayer &layer, const BackendOptions &options,
                  const std::string &name, const std::string &dir,
                  AotFiles &files);

} // namespace convt

#endif // CONVT_COMPILER_AOT_AOT_H
