//===- CpuFeatures.cpp - Can this machine run a kernel's code? -----------===//

#include "runtime/CpuFeatures.h"

#include <sstream>
#include <vector>

#if defined(__x86_64__) || defined(__i386__)
#include <cpuid.h>
#endif
#if defined(__aarch64__)
#include <asm/hwcap.h>
#include <sys/auxv.h>
#endif

namespace convt {

namespace {

/// Target features that change how code is generated or checked but need
/// nothing of the CPU.
const std::set<std::string> &neutralFeatures() {
  static const std::set<std::string> s = {"jit",
                                          "debug",
                                          "no_asserts",
                                          "no_bounds_query",
                                          "user_context",
                                          "matlab",
                                          "profile",
                                          "no_runtime",
                                          "c_plus_plus_mangling",
                                          "large_buffers",
                                          "msan",
                                          "trace_loads",
                                          "trace_stores",
                                          "trace_realizations",
                                          "trace_pipeline",
                                          "strict_float",
                                          "tsan",
                                          "asan",
                                          "check_unsafe_promises",
                                          "embed_bitcode",
                                          "enable_llvm_loop_opt",
                                          "disable_llvm_loop_opt",
                                          "profile_by_timer",
                                          "fuzz_float_stores",
                                          "sanitizer_coverage",
                                          "soft_float_abi",
                                          "no_neon",
                                          "armv7s"};
  return s;
}

std::vector<std::string> split(const std::string &s, char sep) {
  std::vector<std::string> parts;
  std::string part;
  std::istringstream in(s);
  while (std::getline(in, part, sep))
    parts.push_back(part);
  return parts;
}

#if defined(__x86_64__) || defined(__i386__)
void detectX86(std::set<std::string> &f) {
  unsigned a, b, c, d;
  if (!__get_cpuid(1, &a, &b, &c, &d))
    return;
  bool sse41 = c & bit_SSE4_1, avx = c & bit_AVX, fma = c & bit_FMA,
       f16c = c & bit_F16C, osxsave = c & bit_OSXSAVE;
  // The OS must save the registers too: XCR0 bits for SSE/AVX (1, 2) and
  // the AVX-512 state (5, 6, 7).
  unsigned long long xcr0 = 0;
  if (osxsave) {
    unsigned lo, hi;
    __asm__ volatile("xgetbv" : "=a"(lo), "=d"(hi) : "c"(0));
    xcr0 = (static_cast<unsigned long long>(hi) << 32) | lo;
  }
  bool ymm = (xcr0 & 0x6) == 0x6, zmm = (xcr0 & 0xe6) == 0xe6;
  if (sse41)
    f.insert("sse41");
  if (avx && ymm) {
    f.insert("avx");
    if (fma)
      f.insert("fma");
    if (f16c)
      f.insert("f16c");
  }
  unsigned ea, eb, ec, ed;
  if (__get_cpuid(0x80000001, &ea, &eb, &ec, &ed) && (ec & (1u << 16)) && ymm)
    f.insert("fma4");
  if (__get_cpuid_max(0, nullptr) < 7)
    return;
  __cpuid_count(7, 0, a, b, c, d);
  if ((b & bit_AVX2) && ymm)
    f.insert("avx2");
  if (!zmm)
    return;
  bool avx512f = b & bit_AVX512F, cd = b & bit_AVX512CD, er = b & bit_AVX512ER,
       pf = b & bit_AVX512PF, vl = b & bit_AVX512VL, dq = b & bit_AVX512DQ,
       bw = b & bit_AVX512BW, ifma = b & bit_AVX512IFMA,
       vbmi = c & bit_AVX512VBMI, vnni = c & bit_AVX512VNNI;
  bool fp16 = d & (1u << 23);
  unsigned a1 = 0, b1 = 0, c1 = 0, d1 = 0;
  __cpuid_count(7, 1, a1, b1, c1, d1);
  bool bf16 = a1 & (1u << 5), avxVnni = a1 & (1u << 4);
  // Halide's levels, each including the one before (Target.h).
  if (avx512f && cd) {
    f.insert("avx512");
    // Not a Halide level: bfloat16 kernels with vdpbf16ps add it to their
    // target string (compiler/backend/BFloat16Dot.h).
    if (bf16 && bw)
      f.insert("avx512bf16");
    if (er && pf)
      f.insert("avx512_knl");
    if (vl && dq && bw) {
      f.insert("avx512_skylake");
      if (ifma && vbmi) {
        f.insert("avx512_cannonlake");
        // Halide compiles this level for LLVM's sapphirerapids CPU, which
        // also emits AVX-VNNI and AVX512-FP16: Zen 4 and 5 have the AVX-512
        // VNNI and BF16 that Halide's documentation names, not those
        // (a kernel hit SIGILL on vpdpwssd).
        if (vnni && bf16 && avxVnni && fp16)
          f.insert("avx512_sapphirerapids");
      }
    }
  }
}
#endif

#if defined(__aarch64__)
void detectAArch64(std::set<std::string> &f) {
  unsigned long hw = getauxval(AT_HWCAP), hw2 = getauxval(AT_HWCAP2);
  if (hw & HWCAP_ASIMDDP)
    f.insert("arm_dot_prod");
  if (hw & HWCAP_ASIMDHP)
    f.insert("arm_fp16");
  if (hw & HWCAP_ATOMICS)
    f.insert("armv81a");
  if (hw & HWCAP_SVE)
    f.insert("sve");
#ifdef HWCAP2_SVE2
  if (hw2 & HWCAP2_SVE2)
    f.insert("sve2");
#endif
  (void)hw2;
}
#endif

HostCpu detectHost() {
  HostCpu h;
#if defined(__x86_64__)
  h.arch = "x86";
  h.bits = 64;
  detectX86(h.features);
#elif defined(__i386__)
  h.arch = "x86";
  h.bits = 32;
  detectX86(h.features);
#elif defined(__aarch64__)
  h.arch = "arm";
  h.bits = 64;
  detectAArch64(h.features);
#else
  h.arch = "unknown";
  h.bits = static_cast<int>(sizeof(void *) * 8);
#endif
#if defined(__linux__)
  h.os = "linux";
#else
  h.os = "unknown";
#endif
  return h;
}

} // namespace

const HostCpu &HostCpu::detect() {
  static const HostCpu host = detectHost();
  return host;
}

bool isDeviceFeature(const std::string &f) {
  return f == "cuda" || f == "opencl" || f.rfind("cuda_capability_", 0) == 0 ||
         f.rfind("cl_", 0) == 0;
}

std::string targetDevice(const std::string &target) {
  for (const std::string &f : split(target, '-'))
    if (f == "cuda" || f == "opencl")
      return f;
  return "";
}

std::string targetProblem(const std::string &target, const HostCpu &host) {
  std::vector<std::string> parts = split(target, '-');
  if (parts.size() < 3)
    return "'" + target + "' is not a target string (arch-bits-os-features)";
  std::string here =
      host.arch + "-" + std::to_string(host.bits) + "-" + host.os;
  if (parts[0] != host.arch || parts[1] != std::to_string(host.bits) ||
      parts[2] != host.os)
    return "the kernel was compiled for " + parts[0] + "-" + parts[1] + "-" +
           parts[2] + ", this machine is " + here;
  std::string missing;
  for (size_t i = 3; i < parts.size(); ++i) {
    const std::string &f = parts[i];
    if (neutralFeatures().count(f) || host.features.count(f) ||
        isDeviceFeature(f))
      continue;
    missing += (missing.empty() ? "" : ", ") + f;
  }
  if (!missing.empty())
    return "the kernel was compiled for " + target +
           " and needs CPU features this machine lacks: " + missing;
  return "";
}

} // namespace convt
