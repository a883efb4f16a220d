//===- KernelParts.h - What Kernel's files share ----------------*- C++ -*-===//
//
// Internal to the runtime: Kernel.cpp (loading, host calls) and
// KernelDevice.cpp (calls on device tensors).
//
//===----------------------------------------------------------------------===//
#ifndef CONVT_RUNTIME_KERNELPARTS_H
#define CONVT_RUNTIME_KERNELPARTS_H

#include "runtime/Context.h"
#include "runtime/Kernel.h"

#include <memory>
#include <string>

namespace convt {

/// The Status of a kernel call that returned Halide error `rc` (`device`:
/// the GPU API of a GPU kernel, "" for a CPU one).
Status haltError(const char *what, int rc, const CallContext &call,
                 const std::string &device = "");

/// A new, empty device copy of packed weights (PackedWeights::device).
std::shared_ptr<DeviceWeights> newDeviceWeights();

} // namespace convt

#endif // CONVT_RUNTIME_KERNELPARTS_H
