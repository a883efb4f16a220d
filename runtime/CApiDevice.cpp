//===- CApiDevice.cpp - The C API's GPU calls -----------------------------===//

#include "runtime/CApiParts.h"
#include "runtime/DeviceTensor.h"

#include <new>

using namespace convt::capi;

struct convt_device_tensor_s {
  std::unique_ptr<convt::DeviceTensor> tensor;
};

namespace {

/// convt_device_tensor_write (`toDevice`) and _read.
convt_status_t copy(convt_device_tensor_t *tensor, const convt_tensor_t *host,
                    bool toDevice) {
  if (!tensor)
    return nullArgument("tensor");
  convt::TensorRef ref;
  if (convt_status_t s = tensorRef("host tensor", host, ref))
    return s;
  return fromStatus(toDevice ? tensor->tensor->write(ref)
                             : tensor->tensor->read(ref));
}

} // namespace

extern "C" {

const char *convt_kernel_device(const convt_kernel_t *kernel) {
  return kernel ? kernel->kernel->device().c_str() : "";
}

convt_status_t convt_gpu_select_device(int index) {
  return fromStatus(convt::selectGpuDevice(index));
}

convt_status_t convt_device_tensor_create(const convt_kernel_t *kernel,
                                          convt_tensor_role_t role,
                                          convt_device_tensor_t **out_tensor) {
  if (!kernel || !out_tensor)
    return nullArgument("kernel and out_tensor");
  const convt::Kernel &k = *kernel->kernel;
  if (k.device().empty())
    return makeStatus(CONVT_INVALID_ARGUMENT,
                      "device tensors are for GPU kernels; this kernel runs "
                      "on the CPU");
  const convt::CanonicalLayer &l = k.layer();
  std::vector<int64_t> shape;
  bool activation = true;
  switch (role) {
  case CONVT_INPUT:
    shape = l.inputShape();
    break;
  case CONVT_OUTPUT:
    shape = l.outputShape();
    break;
  case CONVT_BIAS:
    if (!l.hasBias)
      return makeStatus(CONVT_INVALID_ARGUMENT, "the layer has no bias");
    shape = l.biasShape();
    activation = false;
    break;
  default:
    return makeStatus(CONVT_INVALID_ARGUMENT,
                      "device tensors are inputs, biases and outputs (the "
                      "weights go to the device packed)");
  }
  auto *t = new (std::nothrow) convt_device_tensor_s();
  if (!t)
    return makeStatus(CONVT_OUT_OF_MEMORY, "out of memory");
  convt::Status s =
      convt::DeviceTensor::create(k.device(), l.elementType, shape,
                                  activation && l.channelsLast, t->tensor);
  if (!s) {
    delete t;
    return fromStatus(s);
  }
  *out_tensor = t;
  return nullptr;
}

convt_status_t convt_device_tensor_write(convt_device_tensor_t *tensor,
                                         const convt_tensor_t *host) {
  return copy(tensor, host, true);
}

convt_status_t convt_device_tensor_read(convt_device_tensor_t *tensor,
                                        const convt_tensor_t *host) {
  return copy(tensor, host, false);
}

void convt_device_tensor_release(convt_device_tensor_t *tensor) {
  delete tensor;
}

convt_status_t convt_kernel_run_device(convt_context_t *context,
                                       const convt_kernel_t *kernel,
                                       convt_device_tensor_t *input,
                                       const convt_weights_t *weights,
                                       convt_device_tensor_t *bias,
                                       convt_device_tensor_t *output) {
  if (!context || !kernel || !input || !weights || !output)
    return nullArgument("context, kernel, input, weights and output");
  if (weights->kernel != kernel->kernel &&
      weights->kernel->metadata().key != kernel->kernel->metadata().key)
    return makeStatus(CONVT_INVALID_ARGUMENT,
                      "the weights were packed for another kernel");
  return fromStatus(kernel->kernel->runDevice(
      context->context, *input->tensor, weights->packed,
      bias ? bias->tensor.get() : nullptr, *output->tensor));
}

convt_status_t convt_context_synchronize(convt_context_t *context) {
  if (!context)
    return nullArgument("context");
  return fromStatus(convt::synchronizeDevices());
}

} // extern "C"
