//===- Kernel.cpp - A compiled layer, loaded and callable -----------------===//

#include "runtime/Kernel.h"
#include "runtime/BFloat16.h"
#include "runtime/CpuFeatures.h"
#include "runtime/DeviceTensor.h"
#include "runtime/Direct.h"

#include <HalideRuntime.h>

#include <algorithm>
#include <cerrno>
#include <cmath>
#include <cstdio>
#include <cstring>
#include <dlfcn.h>
#include <mutex>
#include <unistd.h>

namespace convt {

namespace {

Status checkTensor(const char *what, const TensorRef &t,
                   const std::vector<int64_t> &expected, ElementType type) {
  if (!t.data)
    return Status::error(std::string(what) + " has no data");
  if (t.type != type)
    return Status::error(std::string(what) + " is " + elementTypeName(t.type) +
                         ", the layer's tensors are " + elementTypeName(type));
  if (t.shape != expected)
    return Status::error(std::string(what) + " has shape " +
                         formatShape(t.shape) + ", the layer expects " +
                         formatShape(expected));
  size_t need = static_cast<size_t>(numElements(expected));
  if (t.capacity < need)
    return Status::error(std::string(what) + " holds " +
                         std::to_string(t.capacity) +
                         " elements, the layer needs " + std::to_string(need));
  return Status::success();
}

bool overlaps(const TensorRef &a, const TensorRef &b) {
  auto *a0 = static_cast<const char *>(a.data);
  auto *b0 = static_cast<const char *>(b.data);
  auto *a1 = a0 + numElements(a.shape) * elementBytes(a.type);
  auto *b1 = b0 + numElements(b.shape) * elementBytes(b.type);
  return a0 < b1 && b0 < a1;
}

/// The elements of `t` as float32 (bfloat16 widened exactly).
std::vector<float> asFloat(const TensorRef &t) {
  const size_t n = static_cast<size_t>(numElements(t.shape));
  if (t.type == ElementType::Float32) {
    auto *p = static_cast<const float *>(t.data);
    return std::vector<float>(p, p + n);
  }
  auto *p = static_cast<const uint16_t *>(t.data);
  std::vector<float> out(n);
  for (size_t i = 0; i < n; ++i)
    out[i] = fromBFloat16(p[i]);
  return out;
}

/// A halide_buffer_t describing a dense C-order float array. Kernels index
/// activations as (spatial innermost first..., C, N) in either layout: with
/// `channelsLast`, the array [N, spatial..., C] is described in that order,
/// its channel dimension (stride 1) moved behind the spatial ones.
struct BufferDesc {
  halide_buffer_t buffer{};
  std::vector<halide_dimension_t> dims;
  BufferDesc(const TensorRef &t, bool channelsLast = false)
      : dims(t.shape.size()) {
    int32_t stride = 1;
    for (size_t i = 0; i < t.shape.size(); ++i) {
      int32_t extent = static_cast<int32_t>(t.shape[t.shape.size() - 1 - i]);
      dims[i] = halide_dimension_t(0, extent, stride);
      stride *= extent;
    }
    if (channelsLast && dims.size() > 2)
      std::rotate(dims.begin(), dims.begin() + 1, dims.end() - 1);
    buffer.host = static_cast<uint8_t *>(t.data);
    buffer.type = t.type == ElementType::Float32
                      ? halide_type_t(halide_type_float, 32, 1)
                      : halide_type_t(halide_type_bfloat, 16, 1);
    buffer.dimensions = static_cast<int32_t>(dims.size());
    buffer.dim = dims.data();
  }
};

/// Kernels leave the Halide runtime's functions undefined and bind to the
/// copy in this library, so it must be in the global symbol scope before a
/// kernel is opened. It is when the application links it; an application
/// that opened it with RTLD_LOCAL (a Python extension, a plug-in) gets it
/// promoted here.
void exposeHalideRuntime() {
  static std::once_flag once;
  std::call_once(once, [] {
    Dl_info info;
    if (dladdr(reinterpret_cast<void *>(&halide_do_par_for), &info) &&
        info.dli_fname)
      dlopen(info.dli_fname, RTLD_NOW | RTLD_NOLOAD | RTLD_GLOBAL);
  });
}

/// Device memory freed after each GPU call goes back to Halide's pool: the
/// next call's allocations of the same sizes reuse it rather than asking
/// the driver (cuMemAlloc synchronises the device).
void enableDeviceAllocationReuse() {
  static std::once_flag once;
  std::call_once(once, [] { halide_reuse_device_allocations(nullptr, true); });
}

/// The device side of a GPU kernel's call on host buffers: the inputs
/// marked as changed on the host (else Halide would not copy them), and,
/// after the call, the output copied back and every device copy freed.
struct DeviceCall {
  std::vector<halide_buffer_t *> buffers;
  void input(halide_buffer_t &b) {
    b.flags |= halide_buffer_flag_host_dirty;
    buffers.push_back(&b);
  }
  int finish(CallContext &call, halide_buffer_t &output, int rc) {
    if (rc == 0)
      rc = halide_copy_to_host(&call, &output);
    buffers.push_back(&output);
    for (halide_buffer_t *b : buffers)
      if (b->device) {
        int freed = halide_device_free(&call, b);
        rc = rc ? rc : freed;
      }
    return rc;
  }
};

/// ELF machine numbers (e_machine) by name, for messages.
const char *machineName(unsigned machine) {
  switch (machine) {
  case 3:
    return "x86";
  case 62:
    return "x86-64";
  case 40:
    return "ARM";
  case 183:
    return "AArch64";
  case 21:
    return "PowerPC64";
  case 243:
    return "RISC-V";
  }
  return "an unknown machine";
}

#if defined(__x86_64__)
constexpr unsigned kHostMachine = 62;
#elif defined(__aarch64__)
constexpr unsigned kHostMachine = 183;
#elif defined(__i386__)
constexpr unsigned kHostMachine = 3;
#else
constexpr unsigned kHostMachine = 0; // not checked
#endif

/// Reads the ELF header of `path`: a file for another machine is refused
/// with a message before dlopen sees it.
Status checkElfMachine(const std::string &path, const std::string &name) {
  FILE *f = std::fopen(path.c_str(), "rb");
  if (!f)
    return Status::error(StatusCode::NotFound, "cannot open kernel " + name +
                                                   ": " + std::strerror(errno));
  unsigned char h[20] = {};
  size_t n = std::fread(h, 1, sizeof h, f);
  std::fclose(f);
  if (n < sizeof h || h[0] != 0x7f || h[1] != 'E' || h[2] != 'L' || h[3] != 'F')
    return Status::error(StatusCode::Incompatible,
                         "kernel " + name + " is not an ELF shared object");
  unsigned machine = h[5] == 1 ? h[18] | (h[19] << 8) : (h[18] << 8) | h[19];
  if (kHostMachine && machine != kHostMachine)
    return Status::error(StatusCode::Incompatible,
                         "kernel " + name + " was compiled for " +
                             machineName(machine) + ", this machine is " +
                             machineName(kHostMachine));
  return Status::success();
}

Status haltError(const char *what, int rc, const CallContext &call,
                 const std::string &device = "") {
  std::string detail = "Halide error " + std::to_string(rc) +
                       (call.error.empty() ? "" : ": " + call.error);
  // A GPU kernel's call also fails when the machine has no such device or
  // its driver refuses (no libcuda.so or libOpenCL.so, no GPU, out of
  // device memory): that is the machine's, not a defect.
  if (!device.empty())
    return Status::error(StatusCode::KernelFailed,
                         std::string(what) + " failed on the " + device +
                             " device (" + detail + ")");
  if (rc == halide_error_code_out_of_memory)
    return Status::error(StatusCode::KernelFailed, std::string(what) +
                                                       " ran out of memory (" +
                                                       detail + ")");
  // Every buffer was checked before the call, so anything else is a defect
  // of the generated code: say so, and keep Halide's words for the report.
  return Status::error(StatusCode::KernelFailed,
                       std::string(what) +
                           " failed, an internal error (a defect in convt: "
                           "please report it with the layer spec): " +
                           detail);
}

} // namespace

/// The device copy of packed weights (PackedWeights::device).
struct DeviceWeights {
  std::once_flag once;
  Status status;
  std::unique_ptr<DeviceTensor> tensor;
};

Status Kernel::make(KernelMetadata meta, void *handle, void *entry, void *pack,
                    std::shared_ptr<Kernel> &out) {
  std::string problem = meta.layer.validate();
  if (!problem.empty())
    return Status::error("invalid layer: " + problem);
  problem = targetProblem(meta.target, HostCpu::detect());
  if (!problem.empty())
    return Status::error(StatusCode::Incompatible, problem);
  if (meta.layer.elementType == ElementType::Float16)
    return Status::error(StatusCode::Incompatible,
                         "this runtime runs float32 and bfloat16 kernels; "
                         "the kernel is float16");
  if (!meta.pack.empty() != (pack != nullptr))
    return Status::error("the kernel's pack function " + meta.pack +
                         " is missing");
  if (!pack && meta.packedWeightShape != meta.layer.weightShape())
    return Status::error("the kernel reads weights of shape " +
                         formatShape(meta.packedWeightShape) +
                         " but has no pack function");
  installHalideHandlers();
  std::shared_ptr<Kernel> k(new Kernel());
  k->handle_ = handle;
  k->entry_ = entry;
  k->pack_ = pack;
  k->device_ = targetDevice(meta.target);
  k->meta_ = std::move(meta);
  if (!k->device_.empty())
    enableDeviceAllocationReuse();
  out = std::move(k);
  return Status::success();
}

Status Kernel::loadFile(const std::string &path, std::shared_ptr<Kernel> &out) {
  return load(path, path, -1, out);
}

Status Kernel::loadDescriptor(int fd, const std::string &name,
                              std::shared_ptr<Kernel> &out) {
  return load("/proc/self/fd/" + std::to_string(fd), name, fd, out);
}

Status Kernel::load(const std::string &path, const std::string &name, int fd,
                    std::shared_ptr<Kernel> &out) {
  if (Status s = checkElfMachine(path, name); !s)
    return s;
  exposeHalideRuntime();
  void *h = dlopen(path.c_str(), RTLD_NOW | RTLD_LOCAL);
  if (!h)
    return Status::error(StatusCode::NotFound,
                         "cannot load kernel " + name + ": " + dlerror());
  auto fail = [&](const std::string &message,
                  StatusCode code = StatusCode::Incompatible) {
    dlclose(h);
    return Status::error(code, "kernel " + name + ": " + message);
  };
  auto *text = static_cast<const char *>(dlsym(h, kMetadataSymbol));
  if (!text)
    return fail("no " + std::string(kMetadataSymbol) +
                " (not a kernel compiled by convt)");
  KernelMetadata meta;
  if (Status s = KernelMetadata::parse(text, meta); !s)
    return fail(s.message());
  void *entry = dlsym(h, meta.entry.c_str());
  if (!entry)
    return fail("no function " + meta.entry);
  void *pack = meta.pack.empty() ? nullptr : dlsym(h, meta.pack.c_str());
  if (Status s = make(std::move(meta), h, entry, pack, out); !s)
    return fail(s.message(), s.code());
  out->fd_ = fd;
  return Status::success();
}

Status Kernel::loadLinked(const char *metadata, void *entry, void *pack,
                          std::shared_ptr<Kernel> &out) {
  if (!metadata || !entry)
    return Status::error("a linked kernel needs its metadata and entry");
  KernelMetadata meta;
  if (Status s = KernelMetadata::parse(metadata, meta); !s)
    return s;
  return make(std::move(meta), nullptr, entry, pack, out);
}

Kernel::~Kernel() {
  if (handle_)
    dlclose(handle_);
  if (fd_ < 0)
    return;
  // dlopen finds a loaded object by the name it was opened under before it
  // looks at the file, so /proc/self/fd/N must not name another file while
  // an object loaded under that name stays mapped (another user of the
  // object, or a library that cannot be unloaded): then the descriptor is
  // kept open for good.
  std::string path = "/proc/self/fd/" + std::to_string(fd_);
  if (void *still = dlopen(path.c_str(), RTLD_NOW | RTLD_NOLOAD)) {
    dlclose(still);
    return;
  }
  ::close(fd_);
}

Status Kernel::packWeights(Context &context, const TensorRef &weight,
                           PackedWeights &out) const {
  const ElementType type = layer().elementType;
  if (Status s = checkTensor("weight", weight, layer().weightShape(), type); !s)
    return s;
  const size_t count = static_cast<size_t>(numElements(weight.shape));
  std::vector<float> values = asFloat(weight);
  out.direct = !std::all_of(values.begin(), values.end(),
                            [](float v) { return std::isfinite(v); });
  out.device = device_.empty() ? nullptr : std::make_shared<DeviceWeights>();
  out.raw = out.direct ? values : std::vector<float>();
  out.data.clear();
  out.data16.clear();
  const bool wide = type == ElementType::Float32;
  if (!pack_) {
    out.shape = weight.shape;
    if (wide) {
      out.data = std::move(values);
    } else {
      auto *p = static_cast<const uint16_t *>(weight.data);
      out.data16.assign(p, p + count);
    }
    return Status::success();
  }
  out.shape = meta_.packedWeightShape;
  const size_t packedCount = static_cast<size_t>(numElements(out.shape));
  void *packedData;
  if (wide) {
    out.data.assign(packedCount, 0.f);
    packedData = out.data.data();
  } else {
    out.data16.assign(packedCount, 0);
    packedData = out.data16.data();
  }
  TensorRef packed{packedData, out.shape, packedCount, type};
  BufferDesc w(weight), p(packed);
  CallContext call;
  call.context = &context;
  using Fn = int (*)(void *, halide_buffer_t *, halide_buffer_t *);
  int rc = reinterpret_cast<Fn>(pack_)(&call, &w.buffer, &p.buffer);
  if (rc != 0)
    return haltError("weight packing", rc, call);
  return Status::success();
}

Status Kernel::run(Context &context, const TensorRef &input,
                   const TensorRef &weight, const TensorRef *bias,
                   const TensorRef &output) const {
  if (!pack_)
    return call(context, input, weight, bias, output);
  PackedWeights packed;
  if (Status s = packWeights(context, weight, packed); !s)
    return s;
  return run(context, input, packed, bias, output);
}

Status Kernel::run(Context &context, const TensorRef &input,
                   const PackedWeights &weights, const TensorRef *bias,
                   const TensorRef &output) const {
  const CanonicalLayer &l = layer();
  if (weights.direct) {
    if (Status s = checkCall(input, nullptr, {}, bias, output); !s)
      return s;
    if (l.elementType == ElementType::Float32) {
      convTransposeDirect(
          l, static_cast<const float *>(input.data), weights.raw.data(),
          bias ? static_cast<const float *>(bias->data) : nullptr,
          static_cast<float *>(output.data), context.pool());
      return Status::success();
    }
    // bfloat16: the definition in float32 on the widened values, rounded
    // once at the end, as the kernels round their float32 sums.
    std::vector<float> x = asFloat(input), b, y;
    if (bias)
      b = asFloat(*bias);
    y.resize(static_cast<size_t>(numElements(output.shape)));
    convTransposeDirect(l, x.data(), weights.raw.data(),
                        bias ? b.data() : nullptr, y.data(), context.pool());
    auto *out = static_cast<uint16_t *>(output.data);
    for (size_t i = 0; i < y.size(); ++i)
      out[i] = toBFloat16(y[i]);
    return Status::success();
  }
  const std::vector<int64_t> &expected = meta_.packedWeightShape;
  const bool wide = l.elementType == ElementType::Float32;
  const size_t have = wide ? weights.data.size() : weights.data16.size();
  if (weights.shape != expected ||
      have != static_cast<size_t>(numElements(expected)))
    return Status::error("packed weights have shape " +
                         formatShape(weights.shape) + ", this kernel reads " +
                         formatShape(expected) +
                         " (pack them with this kernel's packWeights)");
  void *data =
      wide ? static_cast<void *>(const_cast<float *>(weights.data.data()))
           : const_cast<uint16_t *>(weights.data16.data());
  TensorRef w{data, weights.shape, have, l.elementType};
  return call(context, input, w, bias, output);
}

Status Kernel::checkCall(const TensorRef &input, const TensorRef *weight,
                         const std::vector<int64_t> &weightShape,
                         const TensorRef *bias, const TensorRef &output) const {
  const CanonicalLayer &l = layer();
  const ElementType type = l.elementType;
  if (Status s = checkTensor("input", input, l.inputShape(), type); !s)
    return s;
  if (weight)
    if (Status s = checkTensor("weight", *weight, weightShape, type); !s)
      return s;
  if (l.hasBias && !bias)
    return Status::error("the layer has a bias but none was given");
  if (!l.hasBias && bias)
    return Status::error("the layer has no bias but one was given");
  if (bias)
    if (Status s = checkTensor("bias", *bias, l.biasShape(), type); !s)
      return s;
  if (Status s = checkTensor("output", output, l.outputShape(), type); !s)
    return s;
  if (overlaps(output, input) || (weight && overlaps(output, *weight)) ||
      (bias && overlaps(output, *bias)))
    return Status::error("output overlaps an input buffer");

  return Status::success();
}

Status Kernel::call(Context &context, const TensorRef &input,
                    const TensorRef &weight, const TensorRef *bias,
                    const TensorRef &output) const {
  if (Status s =
          checkCall(input, &weight, meta_.packedWeightShape, bias, output);
      !s)
    return s;
  const bool last = layer().channelsLast;
  BufferDesc in(input, last), w(weight), out(output, last);
  CallContext call;
  call.context = &context;
  DeviceCall device;
  if (!device_.empty()) {
    noteDeviceUsed(device_);
    device.input(in.buffer);
    device.input(w.buffer);
  }
  int rc;
  if (bias) {
    BufferDesc b(*bias);
    if (!device_.empty())
      device.input(b.buffer);
    using Fn = int (*)(void *, halide_buffer_t *, halide_buffer_t *,
                       halide_buffer_t *, halide_buffer_t *);
    rc = reinterpret_cast<Fn>(entry_)(&call, &in.buffer, &w.buffer, &b.buffer,
                                      &out.buffer);
    if (!device_.empty())
      rc = device.finish(call, out.buffer, rc);
  } else {
    using Fn = int (*)(void *, halide_buffer_t *, halide_buffer_t *,
                       halide_buffer_t *);
    rc =
        reinterpret_cast<Fn>(entry_)(&call, &in.buffer, &w.buffer, &out.buffer);
    if (!device_.empty())
      rc = device.finish(call, out.buffer, rc);
  }
  if (rc != 0)
    return haltError("kernel", rc, call, device_);
  return Status::success();
}

Status Kernel::runDevice(Context &context, DeviceTensor &input,
                         const PackedWeights &weights, DeviceTensor *bias,
                         DeviceTensor &output) const {
  const CanonicalLayer &l = layer();
  if (device_.empty())
    return Status::error("device tensors are for GPU kernels; this kernel "
                         "runs on the CPU (use its host tensors)");
  auto expect = [&](const char *what, DeviceTensor &t,
                    const std::vector<int64_t> &shape) {
    if (t.api() != device_ || t.shape() != shape)
      return Status::error(std::string(what) + " is a " + t.api() +
                           " tensor of shape " + formatShape(t.shape()) +
                           ", the kernel takes a " + device_ +
                           " tensor of shape " + formatShape(shape));
    return Status::success();
  };
  if (Status s = expect("input", input, l.inputShape()); !s)
    return s;
  if (Status s = expect("output", output, l.outputShape()); !s)
    return s;
  if (l.hasBias != (bias != nullptr))
    return Status::error(l.hasBias ? "the layer has a bias but none was given"
                                   : "the layer has no bias but one was given");
  if (bias)
    if (Status s = expect("bias", *bias, l.biasShape()); !s)
      return s;
  if (&output == &input || &output == bias)
    return Status::error("output overlaps an input buffer");
  if (weights.direct)
    return Status::error("weights with an inf or a NaN run by the layer's "
                         "definition on the CPU: run with host tensors");
  if (!weights.device || weights.shape != meta_.packedWeightShape)
    return Status::error("packed weights have shape " +
                         formatShape(weights.shape) + ", this kernel reads " +
                         formatShape(meta_.packedWeightShape) +
                         " (pack them with this kernel's packWeights)");
  DeviceWeights &dw = *weights.device;
  std::call_once(dw.once, [&] {
    dw.status = DeviceTensor::create(device_, l.elementType, weights.shape,
                                     false, dw.tensor);
    if (dw.status) {
      TensorRef host{const_cast<float *>(weights.data.data()), weights.shape,
                     weights.data.size(), l.elementType};
      dw.status = dw.tensor->write(host);
    }
  });
  if (!dw.status)
    return dw.status;
  CallContext call;
  call.context = &context;
  int rc;
  if (bias) {
    using Fn = int (*)(void *, halide_buffer_t *, halide_buffer_t *,
                       halide_buffer_t *, halide_buffer_t *);
    rc =
        reinterpret_cast<Fn>(entry_)(&call, input.buffer(), dw.tensor->buffer(),
                                     bias->buffer(), output.buffer());
  } else {
    using Fn = int (*)(void *, halide_buffer_t *, halide_buffer_t *,
                       halide_buffer_t *);
    rc = reinterpret_cast<Fn>(entry_)(&call, input.buffer(),
                                      dw.tensor->buffer(), output.buffer());
  }
  if (rc != 0)
    return haltError("kernel", rc, call, device_);
  return Status::success();
}

} // namespace convt
