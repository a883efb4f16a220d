//===- Linker.h - Kernel objects to shared objects and archives -*- C++ -*-===//
//
// A kernel object (compiler/backend) becomes a shared object (linked by
// LLVM's lld, which links for every target Halide compiles to, so cross
// compiling needs no other toolchain) or a static library (LLVM's archive
// writer, in process). Every file is written under a temporary name in its
// directory and renamed into place: no reader ever sees half a file.
//
//===----------------------------------------------------------------------===//
#ifndef CONVT_COMPILER_AOT_LINKER_H
#define CONVT_COMPILER_AOT_LINKER_H

#include "runtime/KernelMetadata.h"
#include "runtime/Status.h"

#include <string>
#include <vector>

namespace convt {

/// Runs `argv` (no shell); on failure an error with its output.
Status runCommand(const std::vector<std::string> &argv);

/// Links `object` (a kernel with metadata `meta`) into the shared object
/// `library`, which also exports the metadata as kMetadataSymbol.
Status linkSharedObject(const std::string &object, const KernelMetadata &meta,
                        const std::string &library);

/// Writes the static library `archive` holding `object`.
Status writeStaticLibrary(const std::string &object,
                          const std::string &archive);

/// $TMPDIR, else /tmp.
std::string tempRoot();

/// A new private directory (mode 0700) under tempRoot(); an error if it
/// cannot be made.
Status makePrivateTempDir(const std::string &prefix, std::string &dir);

} // namespace convt

#endif // CONVT_COMPILER_AOT_LINKER_H
