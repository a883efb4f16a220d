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

#include <HalideRuntime.h>

#include <memory>
#include <string>
#include <vector>

namespace convt {

/// The Status of a kernel call that returned Halide error `rc` (`device`:
/// the GPU API of a GPU kernel, "" for a CPU one).
Status haltError(const char *what, int rc, const CallContext &call,
                 const std::string &device = "");

/// The dimensions (innermost first) kernels index a dense C-order array of
/// `shape` by: (spatial innermost first..., C, N) in either layout; with
/// `channelsLast`, the array [N, spatial..., C]'s channel dimension (stride
/// 1) moved behind the spatial ones. Extents must fit 32 bits.
std::vector<halide_dimension_t> kernelDims(const std::vector<int64_t> &shape,
                                           bool channelsLast);
/// The same for any DimOrder: WeightChannelsLast describes the array
/// [k..., C_out/groups, C_in] as kernels index every weight, (k innermost
/// first..., C_out/groups, C_in).
std::vector<halide_dimension_t> kernelDims(const std::vector<int64_t> &shape,
                                           DimOrder order);

/// A new, empty device copy of packed weights (PackedWeights::device).
std::shared_ptr<DeviceWeights> newDeviceWeights();

} // namespace convt

#endif // CONVT_RUNTIME_KERNELPARTS_H
