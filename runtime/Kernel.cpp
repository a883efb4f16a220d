//===- Kernel.cpp - A compiled layer, loaded and callable -----------------===//

#include "runtime/Kernel.h"
#include "runtime/BFloat16.h"
#include "runtime/CpuFeatures.h"
#include "runtime/DeviceTensor.h"
#include "runtime/Direct.h"
#include "runtime/Float16.h"
#include "runtime/KernelParts.h"

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

/// The elements of `t` as float32 (bfloat16 and float16 widened exactly).
std::vector<float> asFloat(const TensorRef &t) {
  const size_t n = static_cast<size_t>(numElements(t.shape));
  if (t.type == ElementType::Float32) {
    auto *p = static_cast<const float *>(t.data);
    return std::vector<float>(p, p + n);
  }
  auto *p = static_cast<const uint16_t *>(t.data);
  std::vector<float> out(n);
  const bool brain = t.type == ElementType::BFloat16;
  for (size_t i = 0; i < n; ++i)
    out[i] = brain ? fromBFloat16(p[i]) : fromFloat16(p[i]);
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
      : BufferDesc(t, channelsLast ? DimOrder::ChannelsLast : DimOrder::Plain) {
  }
  BufferDesc(const TensorRef &t, DimOrder order)
      : dims(kernelDims(t.shape, order)) {
    buffer.host = static_cast<uint8_t *>(t.data);
    buffer.type = t.type == ElementType::Float32
                      ? halide_type_t(halide_type_float, 32, 1)
                  : t.type == ElementType::Float16
                      ? halide_type_t(halide_type_float, 16, 1)
                      : halide_type_t(halide_type_bfloat, 16, 1);
    buffer.dimensions = static_cast<int32_t>(dims.size());
    buffer.dim = dims.data();
  }
};

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

} // namespace

std::vector<halide_dimension_t> kernelDims(const std::vector<int64_t> &shape,
                                           DimOrder order) {
  if (order != DimOrder::WeightChannelsLast || shape.size() < 3)
    return kernelDims(shape, order == DimOrder::ChannelsLast);
  // C order of [k..., C_out/groups, C_in] is, innermost first, (C_in,
  // C_out/groups, k innermost first...); kernels index (k..., C_out/groups,
  // C_in).
  std::vector<halide_dimension_t> dims = kernelDims(shape, false);
  std::rotate(dims.begin(), dims.begin() + 2, dims.end());
  std::swap(dims[dims.size() - 2], dims[dims.size() - 1]);
  return dims;
}

std::vector<halide_dimension_t> kernelDims(const std::vector<int64_t> &shape,
                                           bool channelsLast) {
  std::vector<halide_dimension_t> dims(shape.size());
  int32_t stride = 1;
  for (size_t i = 0; i < shape.size(); ++i) {
    int32_t extent = static_cast<int32_t>(shape[shape.size() - 1 - i]);
    dims[i] = halide_dimension_t(0, extent, stride);
    stride *= extent;
  }
  if (channelsLast && dims.size() > 2)
    std::rotate(dims.begin(), dims.begin() + 1, dims.end() - 1);
  return dims;
}

Status haltError(const char *what, int rc, const CallContext &call,
                 const std::string &device) {
  std::string detail = "Halide error " + std::to_string(rc) +
                       (call.error.empty() ? "" : ": " + call.error);
  // A GPU kernel's call also fails when the machine has no such device or
  // its driver refuses (no libcuda.so or libOpenCL.so, no GPU, out of
  // device memory): that is the machine's, not a defect.
  if (!device.empty())
    return Status::error(StatusCode::KernelFailed,
                         std::string(what) + " failed on the " + device +
                             " device (" + describeDeviceError(rc, call.error) +
                             ")");
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

Status Kernel::packWeights(Context &context, const TensorRef &weight,
                           PackedWeights &out) const {
  const ElementType type = layer().elementType;
  if (Status s = checkTensor("weight", weight, layer().weightShape(), type); !s)
    return s;
  const size_t count = static_cast<size_t>(numElements(weight.shape));
  std::vector<float> values = asFloat(weight);
  out.direct = !std::all_of(values.begin(), values.end(),
                            [](float v) { return std::isfinite(v); });
  out.device = device_.empty() ? nullptr : newDeviceWeights();
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
  BufferDesc w(weight, rawWeightOrder()), p(packed);
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
    // bfloat16 and float16: the definition in float32 on the widened
    // values, rounded once at the end, as the kernels round their float32
    // sums.
    std::vector<float> x = asFloat(input), b, y;
    if (bias)
      b = asFloat(*bias);
    y.resize(static_cast<size_t>(numElements(output.shape)));
    convTransposeDirect(l, x.data(), weights.raw.data(),
                        bias ? b.data() : nullptr, y.data(), context.pool());
    auto *out = static_cast<uint16_t *>(output.data);
    const bool brain = l.elementType == ElementType::BFloat16;
    for (size_t i = 0; i < y.size(); ++i)
      out[i] = brain ? toBFloat16(y[i]) : toFloat16(y[i]);
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
  // Unpacked kernels read the caller's weight as it is laid out.
  BufferDesc in(input, last),
      w(weight, pack_ ? DimOrder::Plain : rawWeightOrder()), out(output, last);
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

} // namespace convt
