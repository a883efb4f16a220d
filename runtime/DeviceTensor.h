//===- DeviceTensor.h - Tensors in a GPU's memory ---------------*- C++ -*-===//
//
// GPU kernels take host buffers (each call copies them to the device and
// the output back) or device tensors: memory of one GPU API (CUDA,
// OpenCL), allocated, written and read through Halide's device interfaces
// inside libconvt_runtime, kept on the device between calls.
//
//===----------------------------------------------------------------------===//
#ifndef CONVT_RUNTIME_DEVICETENSOR_H
#define CONVT_RUNTIME_DEVICETENSOR_H

#include "runtime/Layer.h"
#include "runtime/Status.h"

#include <HalideRuntime.h>

#include <memory>
#include <string>
#include <vector>

namespace convt {

struct TensorRef;

/// Halide's device interface of `api` ("cuda", "opencl"); null otherwise.
const halide_device_interface_t *deviceInterface(const std::string &api);

/// Records that `api` is in use (its runtime initialised): what
/// synchronizeDevices waits for.
void noteDeviceUsed(const std::string &api);

/// A GPU call's failure in words: a missing driver said as such, else
/// Halide's error code and message.
std::string describeDeviceError(int rc, const std::string &halideMessage);

/// Waits until the work queued on every GPU API in use has finished.
Status synchronizeDevices();

/// The GPU index kernels of every API use from now on (Halide's runtime
/// holds one device per API and process): an error once a GPU API is in
/// use with another index.
Status selectGpuDevice(int index);

/// The name of the device `api`'s kernels run on ("NVIDIA H100 80GB HBM3",
/// "cpu-znver5-..." for PoCL), as its driver reports it: what tuned
/// schedules are stored under. Initialises the API (loads its driver).
Status deviceName(const std::string &api, std::string &name);

class DeviceTensor {
public:
  /// An uninitialised tensor of `shape` (C order; with `channelsLast` an
  /// activation [N, spatial..., C] stored as the kernels index it) in
  /// `api`'s memory.
  static Status create(const std::string &api, ElementType type,
                       const std::vector<int64_t> &shape, bool channelsLast,
                       std::unique_ptr<DeviceTensor> &out);
  /// The same with the dimension order kernels index it by.
  static Status create(const std::string &api, ElementType type,
                       const std::vector<int64_t> &shape, DimOrder order,
                       std::unique_ptr<DeviceTensor> &out);
  ~DeviceTensor();
  DeviceTensor(const DeviceTensor &) = delete;
  DeviceTensor &operator=(const DeviceTensor &) = delete;

  /// Copies `host` (same type and shape) to the device.
  Status write(const TensorRef &host) { return copy(host, true); }
  /// Copies the tensor into `host` (same type and shape), after the work
  /// queued on it.
  Status read(const TensorRef &host) { return copy(host, false); }

  const std::string &api() const { return api_; }
  ElementType type() const { return type_; }
  const std::vector<int64_t> &shape() const { return shape_; }
  /// The buffer a kernel call takes (device memory only, no host).
  halide_buffer_t *buffer() { return &buffer_; }

private:
  DeviceTensor() = default;
  Status check(const TensorRef &host) const;
  Status copy(const TensorRef &host, bool toDevice);
  std::string api_;
  ElementType type_ = ElementType::Float32;
  std::vector<int64_t> shape_;
  std::vector<halide_dimension_t> dims_;
  halide_buffer_t buffer_{};
};

} // namespace convt

#endif // CONVT_RUNTIME_DEVICETENSOR_H
