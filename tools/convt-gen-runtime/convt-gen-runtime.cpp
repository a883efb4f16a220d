//===- convt-gen-runtime.cpp - Halide's runtime, generated at build time --===//
//
// convt-gen-runtime OUT.o
//
// Writes the Halide runtime (thread pool, errors, allocation) for this
// machine's arch-bits-os as one object, which the build links into
// libconvt_runtime: kernels leave the runtime's functions undefined and
// bind to that copy, so an application that loads kernels needs no
// compiler, no `cc` and no writable directory at run time. CPU features do
// not matter to the runtime's own code; it is built for the baseline.
//
//===----------------------------------------------------------------------===//

#include <Halide.h>

#include <cstdio>

int main(int argc, char **argv) {
  if (argc != 2) {
    std::fprintf(stderr, "usage: convt-gen-runtime OUT.o\n");
    return 1;
  }
  try {
    Halide::Target host = Halide::get_host_target();
    Halide::Target base(host.os, host.arch, host.bits);
    // With the CUDA and OpenCL device interfaces: they load the driver
    // (libcuda.so, libOpenCL.so) with dlopen on a GPU kernel's first call,
    // so the runtime links neither.
    if (host.arch == Halide::Target::X86 && host.bits == 64)
      base = base.with_feature(Halide::Target::CUDA)
                 .with_feature(Halide::Target::OpenCL);
    Halide::compile_standalone_runtime(argv[1], base);
  } catch (const Halide::Error &e) {
    std::fprintf(stderr, "convt-gen-runtime: %s\n", e.what());
    return 1;
  }
  return 0;
}
