//===- DeviceTensor.cpp - Tensors in a GPU's memory -----------------------===//

#include "runtime/DeviceTensor.h"
#include "runtime/Context.h"
#include "runtime/Kernel.h"
#include "runtime/KernelParts.h"

#include <HalideRuntimeCuda.h>
#include <HalideRuntimeOpenCL.h>

#include <algorithm>
#include <atomic>
#include <mutex>

// Exported by Halide's CUDA and OpenCL runtimes (in libconvt_runtime) but
// not declared in their headers: they wait for the API's whole queue and
// do not read the buffer argument.
extern "C" int halide_cuda_device_sync(void *user_context,
                                       struct halide_buffer_t *buf);
extern "C" int halide_opencl_device_sync(void *user_context,
                                         struct halide_buffer_t *buf);

// Halide's runtimes hold each API's context and load its driver; these
// exported functions (not in the headers Debian ships for CUDA) reach both.
extern "C" int halide_cuda_acquire_context(void *user_context, void **ctx,
                                           bool create);
extern "C" int halide_cuda_release_context(void *user_context);
extern "C" void *halide_cuda_get_symbol(void *user_context, const char *name);
extern "C" int halide_acquire_cl_context(void *user_context, void **ctx,
                                         void **queue, bool create);
extern "C" int halide_release_cl_context(void *user_context);
extern "C" void *halide_opencl_get_symbol(void *user_context, const char *name);

namespace convt {

namespace {

std::atomic<bool> cudaUsed{false}, openclUsed{false};
std::mutex deviceMutex;

Status deviceError(const char *what, int rc, const CallContext &call) {
  return Status::error(StatusCode::KernelFailed,
                       std::string(what) + " failed (" +
                           describeDeviceError(rc, call.error) + ")");
}

} // namespace

std::string describeDeviceError(int rc, const std::string &halideMessage) {
  // Without a driver Halide lists every symbol it did not find: say what
  // is missing instead.
  if (halideMessage.find("CUDA API not found") != std::string::npos ||
      halideMessage.find("Could not find cuda system libraries") !=
          std::string::npos)
    return "no CUDA driver: libcuda.so could not be loaded (Halide's CUDA "
           "runtime opens it by that name; a machine with only libcuda.so.1 "
           "needs the link, see docs/gpu.md)";
  if (halideMessage.find("CL: clGetPlatformIDs not found") != std::string::npos)
    return "no OpenCL driver: libOpenCL.so could not be loaded";
  return "Halide error " + std::to_string(rc) +
         (halideMessage.empty() ? "" : ": " + halideMessage);
}

const halide_device_interface_t *deviceInterface(const std::string &api) {
  if (api == "cuda")
    return halide_cuda_device_interface();
  if (api == "opencl")
    return halide_opencl_device_interface();
  return nullptr;
}

void noteDeviceUsed(const std::string &api) {
  (api == "cuda" ? cudaUsed : openclUsed) = true;
}

Status synchronizeDevices() {
  CallContext call;
  // The API-specific syncs wait for the whole device (their buffer
  // argument is unused); only APIs already in use, so that a machine
  // without CUDA never loads it here.
  if (cudaUsed)
    if (int rc = halide_cuda_device_sync(&call, nullptr))
      return deviceError("synchronising the cuda device", rc, call);
  if (openclUsed)
    if (int rc = halide_opencl_device_sync(&call, nullptr))
      return deviceError("synchronising the opencl device", rc, call);
  return Status::success();
}

Status selectGpuDevice(int index) {
  if (index < 0)
    return Status::error("a GPU device index is 0 or more, got " +
                         std::to_string(index));
  std::lock_guard<std::mutex> lock(deviceMutex);
  // The device in use: the one chosen, else $HL_GPU_DEVICE, else 0 (what
  // Halide's runtime reports, -1 for "the default").
  const int inUse = std::max(0, halide_get_gpu_device(nullptr));
  if ((cudaUsed || openclUsed) && index != inUse)
    return Status::error("the GPU device is chosen before the first GPU "
                         "kernel runs (device " +
                         std::to_string(inUse) + " is in use)");
  halide_set_gpu_device(index);
  return Status::success();
}

namespace {

Status cudaDeviceName(std::string &name) {
  CallContext call;
  void *ctx = nullptr;
  if (int rc = halide_cuda_acquire_context(&call, &ctx, true))
    return deviceError("opening the cuda device", rc, call);
  using Push = int (*)(void *);
  using Pop = int (*)(void **);
  using GetDevice = int (*)(int *);
  using GetName = int (*)(char *, int, int);
  auto push = reinterpret_cast<Push>(
      halide_cuda_get_symbol(&call, "cuCtxPushCurrent_v2"));
  auto pop = reinterpret_cast<Pop>(
      halide_cuda_get_symbol(&call, "cuCtxPopCurrent_v2"));
  auto getDevice = reinterpret_cast<GetDevice>(
      halide_cuda_get_symbol(&call, "cuCtxGetDevice"));
  auto getName = reinterpret_cast<GetName>(
      halide_cuda_get_symbol(&call, "cuDeviceGetName"));
  char buffer[256] = {};
  int device = 0;
  bool ok = push && pop && getDevice && getName && push(ctx) == 0;
  if (ok) {
    ok = getDevice(&device) == 0 &&
         getName(buffer, sizeof buffer - 1, device) == 0;
    void *popped = nullptr;
    pop(&popped);
  }
  halide_cuda_release_context(&call);
  if (!ok)
    return Status::error(StatusCode::KernelFailed,
                         "the cuda driver did not name its device");
  name = buffer;
  return Status::success();
}

Status openclDeviceName(std::string &name) {
  CallContext call;
  void *ctx = nullptr, *queue = nullptr;
  if (int rc = halide_acquire_cl_context(&call, &ctx, &queue, true))
    return deviceError("opening the opencl device", rc, call);
  using ContextInfo = int (*)(void *, unsigned, size_t, void *, size_t *);
  using DeviceInfo = int (*)(void *, unsigned, size_t, void *, size_t *);
  auto contextInfo = reinterpret_cast<ContextInfo>(
      halide_opencl_get_symbol(&call, "clGetContextInfo"));
  auto deviceInfo = reinterpret_cast<DeviceInfo>(
      halide_opencl_get_symbol(&call, "clGetDeviceInfo"));
  constexpr unsigned kContextDevices = 0x1081; // CL_CONTEXT_DEVICES
  constexpr unsigned kDeviceName = 0x102B;     // CL_DEVICE_NAME
  void *device = nullptr;
  char buffer[256] = {};
  bool ok =
      contextInfo && deviceInfo &&
      contextInfo(ctx, kContextDevices, sizeof device, &device, nullptr) == 0 &&
      deviceInfo(device, kDeviceName, sizeof buffer - 1, buffer, nullptr) == 0;
  halide_release_cl_context(&call);
  if (!ok)
    return Status::error(StatusCode::KernelFailed,
                         "the opencl driver did not name its device");
  name = buffer;
  return Status::success();
}

} // namespace

Status deviceName(const std::string &api, std::string &name) {
  if (api != "cuda" && api != "opencl")
    return Status::error("'" + api + "' is not a GPU API (cuda, opencl)");
  installHalideHandlers();
  // A first allocation loads the driver and makes the API's context, as
  // a kernel's first call would.
  std::unique_ptr<DeviceTensor> probe;
  if (Status s =
          DeviceTensor::create(api, ElementType::Float32, {1}, false, probe);
      !s)
    return s;
  return api == "cuda" ? cudaDeviceName(name) : openclDeviceName(name);
}

Status DeviceTensor::create(const std::string &api, ElementType type,
                            const std::vector<int64_t> &shape,
                            bool channelsLast,
                            std::unique_ptr<DeviceTensor> &out) {
  return create(api, type, shape,
                channelsLast ? DimOrder::ChannelsLast : DimOrder::Plain, out);
}

Status DeviceTensor::create(const std::string &api, ElementType type,
                            const std::vector<int64_t> &shape, DimOrder order,
                            std::unique_ptr<DeviceTensor> &out) {
  const halide_device_interface_t *iface = deviceInterface(api);
  if (!iface)
    return Status::error("'" + api + "' is not a GPU API (cuda, opencl)");
  if (type != ElementType::Float32)
    return Status::error("device tensors hold float32, the type of GPU "
                         "kernels");
  std::unique_ptr<DeviceTensor> t(new DeviceTensor());
  t->api_ = api;
  t->type_ = type;
  t->shape_ = shape;
  int64_t stride = 1;
  for (int64_t extent : shape) {
    if (extent <= 0 || extent > INT32_MAX || stride > INT32_MAX / extent)
      return Status::error("tensor shape " + formatShape(shape) +
                           " is out of range for a device tensor");
    stride *= extent;
  }
  // The kernels' dimension order, as for host buffers.
  t->dims_ = kernelDims(shape, order);
  t->buffer_.type = halide_type_t(halide_type_float, 32, 1);
  t->buffer_.dimensions = static_cast<int32_t>(t->dims_.size());
  t->buffer_.dim = t->dims_.data();
  installHalideHandlers();
  CallContext call;
  noteDeviceUsed(api);
  if (int rc = halide_device_malloc(&call, &t->buffer_, iface))
    return deviceError(("allocating a " + api + " tensor").c_str(), rc, call);
  out = std::move(t);
  return Status::success();
}

DeviceTensor::~DeviceTensor() {
  if (buffer_.device) {
    CallContext call;
    halide_device_free(&call, &buffer_);
  }
}

Status DeviceTensor::check(const TensorRef &host) const {
  if (!host.data)
    return Status::error("the host tensor has no data");
  if (host.type != type_ || host.shape != shape_ ||
      host.capacity < static_cast<size_t>(numElements(shape_)))
    return Status::error(
        "the host tensor (" + std::string(elementTypeName(host.type)) + " " +
        formatShape(host.shape) + ") is not the device tensor's (" +
        elementTypeName(type_) + " " + formatShape(shape_) + ")");
  return Status::success();
}

Status DeviceTensor::copy(const TensorRef &host, bool toDevice) {
  if (Status s = check(host); !s)
    return s;
  CallContext call;
  // Halide copies between the device and a buffer's host pointer: the
  // caller's memory, for the length of the copy, marked as the side that
  // holds the data.
  buffer_.host = static_cast<uint8_t *>(host.data);
  buffer_.flags = toDevice ? halide_buffer_flag_host_dirty
                           : halide_buffer_flag_device_dirty;
  int rc = toDevice
               ? halide_copy_to_device(&call, &buffer_, deviceInterface(api_))
               : halide_copy_to_host(&call, &buffer_);
  buffer_.host = nullptr;
  buffer_.flags = 0;
  if (rc)
    return deviceError(("copying " + std::string(toDevice ? "to" : "from") +
                        " the " + api_ + " device")
                           .c_str(),
                       rc, call);
  return Status::success();
}

} // namespace convt
