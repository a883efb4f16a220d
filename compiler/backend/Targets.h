//===- Targets.h - Target strings, resolved for this CPU -------*- C++ -*-===//
//
// Internal to the backend: "host" or a Halide target string, parsed,
// checked and resolved to what kernels are compiled for (Backend.h's
// resolveTarget and vectorLanesFor are defined here too).
//
//===----------------------------------------------------------------------===//
#ifndef CONVT_COMPILER_BACKEND_TARGETS_H
#define CONVT_COMPILER_BACKEND_TARGETS_H

#include "compiler/backend/Backend.h"

#include <Halide.h>

#include <string>

namespace convt {

/// The target kernels for `text` are compiled for: "host" is this CPU's
/// (without the ISA levels the runtime does not detect), with no_runtime
/// and user_context. Remembered per string.
Status parseTarget(const std::string &text, Halide::Target &target);

/// Float lanes of the expert template's vectors: 16 with AVX-512, else 8.
int vectorLanes(const Halide::Target &target);

} // namespace convt

#endif // CONVT_COMPILER_BACKEND_TARGETS_H
