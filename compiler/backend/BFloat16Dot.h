//===- BFloat16Dot.h - Pairwise bfloat16 dot products on x86 ---*- C++ -*-===//
//
// Internal to the backend. bfloat16 kernels whose register tiles sum input
// channels in pairs (Algorithm::pairs = 2) reach the CPU's vdpbf16ps
// (AVX512-BF16: 16 lanes, each += a[2i]*b[2i] + a[2i+1]*b[2i+1] in float32)
// in two steps, neither of which Halide 14 takes by itself:
//  - a lowering pass turns `acc + vector_reduce(add, f32(a) * f32(b))` of
//    bfloat16 a and b (32 lanes into 16) into a call of the x86 runtime's
//    dpbf16ps. Halide 14 has the pattern, but its lossless_cast does not
//    see through the broadcast of the input pair, so it never matches.
//  - the kernel's LLVM module gets the +avx512bf16 feature. Halide 14
//    enables it only with its Sapphire Rapids level, which compiles for
//    LLVM's sapphirerapids CPU and so also emits AVX-VNNI and AVX512-FP16,
//    which AMD's Zen 4 and 5 (with AVX512-BF16) lack.
//
//===----------------------------------------------------------------------===//
#ifndef CONVT_COMPILER_BACKEND_BFLOAT16DOT_H
#define CONVT_COMPILER_BACKEND_BFLOAT16DOT_H

#include <Halide.h>

namespace llvm {
class Module;
} // namespace llvm

namespace convt::backend {

/// The lowering pass (owned by the pipeline it is added to); it counts the
/// dot products it made in `*rewrites` when given.
Halide::Internal::IRMutator *makeBFloat16DotPass(int *rewrites = nullptr);

/// Adds +avx512bf16 to the features `module` is compiled with.
void enableBFloat16Dot(llvm::Module &module);

/// The target feature a kernel using vdpbf16ps adds to its target string,
/// which the runtime checks against the CPU (runtime/CpuFeatures.h).
constexpr const char *kBFloat16DotFeature = "avx512bf16";

} // namespace convt::backend

#endif // CONVT_COMPILER_BACKEND_BFLOAT16DOT_H
