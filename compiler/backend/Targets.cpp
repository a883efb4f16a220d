//===- Targets.cpp - Target strings, resolved for this CPU ---------------===//

#include "compiler/backend/Targets.h"
#include "runtime/CpuFeatures.h"

#include <map>
#include <mutex>
#include <set>

using namespace Halide;

namespace convt {

namespace {

/// Halide's host target without the ISA levels the runtime does not find
/// on this CPU: Halide 14 takes AVX512-VNNI and -BF16 for Sapphire Rapids
/// and compiles for LLVM's sapphirerapids, whose AVX-VNNI and AVX512-FP16
/// instructions a Zen 5 lacks (SIGILL). The runtime checks every kernel's
/// target against the same detection (runtime/CpuFeatures.h).
Target hostTarget() {
  // Asked on every kernel lookup: detected once (cpuid is slow in a VM).
  static const Target host = [] {
    Target t = get_host_target();
    const std::set<std::string> &has = HostCpu::detect().features;
    const std::pair<Target::Feature, const char *> levels[] = {
        {Target::SSE41, "sse41"},
        {Target::AVX, "avx"},
        {Target::AVX2, "avx2"},
        {Target::FMA, "fma"},
        {Target::FMA4, "fma4"},
        {Target::F16C, "f16c"},
        {Target::AVX512, "avx512"},
        {Target::AVX512_KNL, "avx512_knl"},
        {Target::AVX512_Skylake, "avx512_skylake"},
        {Target::AVX512_Cannonlake, "avx512_cannonlake"},
        {Target::AVX512_SapphireRapids, "avx512_sapphirerapids"}};
    if (t.arch == Target::X86)
      for (const auto &[feature, name] : levels)
        if (t.has_feature(feature) && !has.count(name))
          t = t.without_feature(feature);
    return t;
  }();
  return host;
}

/// The GPU APIs convt generates code for (Halide 14 has more: Metal,
/// D3D12, OpenGL compute, which convt neither tests nor runs).
bool supportedGpu(const Target &t) {
  for (Target::Feature f :
       {Target::Metal, Target::D3D12Compute, Target::OpenGLCompute})
    if (t.has_feature(f))
      return false;
  return t.has_feature(Target::CUDA) != t.has_feature(Target::OpenCL);
}

/// The target kernels for `text` are compiled for (see resolveTarget);
/// no_runtime added, since kernels bind to libconvt_runtime's.
Status parseTargetUncached(const std::string &text, Target &target) {
  if (text == "host") {
    target = hostTarget();
  } else if (text == "cuda" || text == "opencl") {
    // The host side of a GPU kernel is a few calls into the runtime: built
    // for the x86-64 baseline, so that a kernel compiled here runs on the
    // GPU machine's CPU whatever its vector extensions. CUDA: PTX for
    // sm_80, which the driver compiles for the GPU it finds (Halide 14
    // stops at sm_86; an H200 ran sm_80 PTX, docs/gpu.md).
    target =
        Target(text == "cuda" ? "x86-64-linux-sse41-cuda-cuda_capability_80"
                              : "x86-64-linux-sse41-opencl");
  } else {
    if (!Target::validate_target_string(text))
      return Status::error("unknown target '" + text +
                           "' (expected \"host\", \"cuda\", \"opencl\" or "
                           "a Halide target string such as "
                           "x86-64-linux-avx2-fma)");
    target = Target(text);
  }
  if (target.has_gpu_feature() && !supportedGpu(target))
    return Status::error("target '" + text +
                         "' is not supported: convt's GPU kernels are CUDA "
                         "or OpenCL, one of them");
  if (target.arch == Target::WebAssembly || target.os == Target::NoOS ||
      target.os == Target::Windows)
    return Status::error("target '" + text +
                         "' is not supported: convt compiles for CPUs "
                         "running Linux (x86, ARM, POWER, RISC-V), with CUDA "
                         "or OpenCL GPUs");
  target =
      target.with_feature(Target::UserContext).with_feature(Target::NoRuntime);
  return Status::success();
}

/// A target string parsed and resolved, with its text for keys.
struct ResolvedTarget {
  Status status;
  Target target;
  std::string text; ///< without no_runtime
};

/// parseTargetUncached, remembered per string: every kernel lookup (an
/// in-memory cache hit too) resolves its target, and Halide's parsing and
/// printing of targets takes microseconds.
const ResolvedTarget &resolved(const std::string &text) {
  static std::mutex mutex;
  static std::map<std::string, ResolvedTarget> known;
  std::lock_guard<std::mutex> lock(mutex);
  auto it = known.find(text);
  if (it == known.end()) {
    ResolvedTarget r;
    r.status = parseTargetUncached(text, r.target);
    if (r.status)
      r.text = r.target.without_feature(Target::NoRuntime).to_string();
    it = known.emplace(text, std::move(r)).first;
  }
  return it->second; // entries are never removed: the reference stays good
}

} // namespace

Status parseTarget(const std::string &text, Target &target) {
  const ResolvedTarget &r = resolved(text);
  if (r.status)
    target = r.target;
  return r.status;
}

int vectorLanes(const Target &target) {
  return target.has_feature(Target::AVX512) ? 16 : 8;
}

Status vectorLanesFor(const std::string &text, int &lanes) {
  Target target;
  if (Status s = parseTarget(text, target); !s)
    return s;
  lanes = vectorLanes(target);
  return Status::success();
}

Status resolveTarget(const std::string &text, std::string &out) {
  const ResolvedTarget &r = resolved(text);
  if (r.status)
    out = r.text;
  return r.status;
}

} // namespace convt
