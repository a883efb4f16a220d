//===- CpuFeatures.h - Can this machine run a kernel's code? ---*- C++ -*-===//
//
// A kernel is compiled for a Halide target string (arch-bits-os-features).
// Before its first call the runtime checks that string against the machine
// it runs on, so that a kernel built for AVX-512 on a machine without it is
// an error with a message, not SIGILL. Needs no Halide: the CPU is asked
// directly (cpuid on x86, the auxiliary vector on AArch64).
//
//===----------------------------------------------------------------------===//
#ifndef CONVT_RUNTIME_CPUFEATURES_H
#define CONVT_RUNTIME_CPUFEATURES_H

#include <set>
#include <string>

namespace convt {

/// What a target string's arch-bits-os and ISA features are checked
/// against.
struct HostCpu {
  std::string arch; ///< as Halide names it: "x86", "arm", ...
  int bits = 0;
  std::string os; ///< "linux"
  /// The Halide ISA features this CPU (and its OS) supports: "sse41",
  /// "avx", "avx2", "fma", "f16c", "avx512", "avx512_skylake", ...
  std::set<std::string> features;

  /// This machine.
  static const HostCpu &detect();
};

/// Whether target feature `f` names a GPU API or GPU capability (cuda,
/// cuda_capability_80, opencl, cl_doubles, ...): the device, not the CPU,
/// must have it; a GPU kernel's call finds out.
bool isDeviceFeature(const std::string &f);

/// "cuda" or "opencl" for a GPU kernel's target string, "" for a CPU one.
std::string targetDevice(const std::string &target);

/// Empty when code for Halide target string `target` runs on `host`; else a
/// message saying what it needs that the host lacks.
std::string targetProblem(const std::string &target, const HostCpu &host);

} // namespace convt

#endif // CONVT_RUNTIME_CPUFEATURES_H
