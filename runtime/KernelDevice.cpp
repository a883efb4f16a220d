//===- KernelDevice.cpp - Kernel calls on device tensors ------------------===//

#include "runtime/DeviceTensor.h"
#include "runtime/KernelParts.h"

#include <mutex>

namespace convt {

/// The device copy of packed weights (PackedWeights::device): made by the
/// first call on device tensors, shared by every copy of the weights.
struct DeviceWeights {
  std::once_flag once;
  Status status;
  std::unique_ptr<DeviceTensor> tensor;
};

std::shared_ptr<DeviceWeights> newDeviceWeights() {
  return std::make_shared<DeviceWeights>();
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
                                     pack_ ? DimOrder::Plain : rawWeightOrder(),
                                     dw.tensor);
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
