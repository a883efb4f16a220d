//===- Kernel.cpp - A compiled layer, loaded and callable -----------------===//

#include "runtime/Kernel.h"

#include <HalideRuntime.h>

#include <atomic>
#include <dlfcn.h>
#include <mutex>

namespace convt {

namespace {

std::mutex runtimeMutex;
void *runtimeHandle = nullptr;
thread_local std::string lastHalideError;

/// Halide reports errors through a process-wide handler; keep the message
/// for the Status of the call that failed (the calling thread's, which is
/// where buffer and argument checks run).
void recordHalideError(void *, const char *msg) { lastHalideError += msg; }

template <typename T> T symbol(void *handle, const char *name) {
  return reinterpret_cast<T>(dlsym(handle, name));
}

/// Every heap buffer a kernel allocates goes through the shared runtime's
/// halide_malloc; this wrapper keeps the largest request.
using MallocFn = void *(*)(void *, size_t);
MallocFn defaultMalloc = nullptr;
std::atomic<size_t> peakScratch{0};

void *countingMalloc(void *userContext, size_t bytes) {
  size_t seen = peakScratch.load(std::memory_order_relaxed);
  while (bytes > seen && !peakScratch.compare_exchange_weak(seen, bytes))
    ;
  return defaultMalloc(userContext, bytes);
}

Status checkTensor(const char *what, const TensorRef &t,
                   const std::vector<int64_t> &expected) {
  if (!t.data)
    return Status::error(std::string(what) + " has no data");
  if (t.shape != expected)
    return Status::error(std::string(what) + " has shape " +
                         formatShape(t.shape) + ", the layer expects " +
                         formatShape(expected));
  size_t need = static_cast<size_t>(numElements(expected));
  if (t.capacity < need)
    return Status::error(std::string(what) + " holds " +
                         std::to_string(t.capacity) +
                         " floats, the layer needs " + std::to_string(need));
  return Status::success();
}

bool overlaps(const TensorRef &a, const TensorRef &b) {
  const float *a0 = a.data, *a1 = a.data + numElements(a.shape);
  const float *b0 = b.data, *b1 = b.data + numElements(b.shape);
  return a0 < b1 && b0 < a1;
}

/// A halide_buffer_t describing a dense C-order float array.
struct BufferDesc {
  halide_buffer_t buffer{};
  std::vector<halide_dimension_t> dims;
  BufferDesc(const TensorRef &t) : dims(t.shape.size()) {
    int32_t stride = 1;
    for (size_t i = 0; i < t.shape.size(); ++i) {
      int32_t extent = static_cast<int32_t>(t.shape[t.shape.size() - 1 - i]);
      dims[i] = halide_dimension_t(0, extent, stride);
      stride *= extent;
    }
    buffer.host = reinterpret_cast<uint8_t *>(t.data);
    buffer.type = halide_type_t(halide_type_float, 32, 1);
    buffer.dimensions = static_cast<int32_t>(dims.size());
    buffer.dim = dims.data();
  }
};

} // namespace

Status loadHalideRuntime(const std::string &path) {
  std::lock_guard<std::mutex> lock(runtimeMutex);
  if (runtimeHandle)
    return Status::success();
  // RTLD_GLOBAL: kernels leave halide_* undefined and bind to this copy, so
  // all of them share one thread pool.
  void *h = dlopen(path.c_str(), RTLD_NOW | RTLD_GLOBAL);
  if (!h)
    return Status::error("cannot load the Halide runtime " + path + ": " +
                         dlerror());
  using SetHandler = void (*)(void (*)(void *, const char *));
  if (auto set = symbol<SetHandler>(h, "halide_set_error_handler"))
    set(recordHalideError);
  using SetMalloc = MallocFn (*)(MallocFn);
  defaultMalloc = symbol<MallocFn>(h, "halide_default_malloc");
  if (auto set = symbol<SetMalloc>(h, "halide_set_custom_malloc");
      set && defaultMalloc)
    set(countingMalloc);
  runtimeHandle = h;
  return Status::success();
}

size_t takePeakScratchBytes() { return peakScratch.exchange(0); }

Status setKernelThreads(int threads) {
  std::lock_guard<std::mutex> lock(runtimeMutex);
  if (!runtimeHandle)
    return Status::error("the Halide runtime is not loaded");
  using SetThreads = int (*)(int);
  auto set = symbol<SetThreads>(runtimeHandle, "halide_set_num_threads");
  if (!set)
    return Status::error("the Halide runtime has no halide_set_num_threads");
  set(threads);
  return Status::success();
}

Status Kernel::load(const std::string &path, const std::string &function,
                    const CanonicalLayer &layer, std::shared_ptr<Kernel> &out,
                    const std::string &packFunction,
                    const std::vector<int64_t> &packedShape) {
  {
    std::lock_guard<std::mutex> lock(runtimeMutex);
    if (!runtimeHandle)
      return Status::error("load the Halide runtime before kernels");
  }
  std::string problem = layer.validate();
  if (!problem.empty())
    return Status::error("invalid layer: " + problem);
  void *h = dlopen(path.c_str(), RTLD_NOW | RTLD_LOCAL);
  if (!h)
    return Status::error("cannot load kernel " + path + ": " + dlerror());
  void *entry = dlsym(h, function.c_str());
  if (!entry) {
    dlclose(h);
    return Status::error("kernel " + path + " has no function " + function);
  }
  void *pack = nullptr;
  if (!packFunction.empty()) {
    pack = dlsym(h, packFunction.c_str());
    if (!pack || packedShape.empty()) {
      dlclose(h);
      return Status::error("kernel " + path + " has no function " +
                           packFunction);
    }
  }
  std::shared_ptr<Kernel> k(new Kernel());
  k->handle_ = h;
  k->entry_ = entry;
  k->pack_ = pack;
  k->packedShape_ = packedShape;
  k->layer_ = layer;
  out = std::move(k);
  return Status::success();
}

Kernel::~Kernel() {
  if (handle_)
    dlclose(handle_);
}

Status Kernel::packWeights(const TensorRef &weight, PackedWeights &out) const {
  if (Status s = checkTensor("weight", weight, layer_.weightShape()); !s)
    return s;
  if (!pack_) {
    out.shape = weight.shape;
    out.data.assign(weight.data, weight.data + numElements(weight.shape));
    return Status::success();
  }
  out.shape = packedShape_;
  out.data.assign(static_cast<size_t>(numElements(packedShape_)), 0.f);
  TensorRef packed{out.data.data(), out.shape, out.data.size()};
  BufferDesc w(weight), p(packed);
  lastHalideError.clear();
  using Fn = int (*)(halide_buffer_t *, halide_buffer_t *);
  int rc = reinterpret_cast<Fn>(pack_)(&w.buffer, &p.buffer);
  if (rc != 0)
    return Status::error(
        "weight packing failed (Halide error " + std::to_string(rc) + ")" +
        (lastHalideError.empty() ? "" : ": " + lastHalideError));
  return Status::success();
}

Status Kernel::run(const TensorRef &input, const TensorRef &weight,
                   const TensorRef *bias, const TensorRef &output) const {
  if (!pack_)
    return call(input, weight, bias, output);
  PackedWeights packed;
  if (Status s = packWeights(weight, packed); !s)
    return s;
  return run(input, packed, bias, output);
}

Status Kernel::run(const TensorRef &input, const PackedWeights &weights,
                   const TensorRef *bias, const TensorRef &output) const {
  const std::vector<int64_t> &expected =
      pack_ ? packedShape_ : layer_.weightShape();
  if (weights.shape != expected ||
      weights.data.size() != static_cast<size_t>(numElements(expected)))
    return Status::error("packed weights have shape " +
                         formatShape(weights.shape) + ", this kernel reads " +
                         formatShape(expected) +
                         " (pack them with this kernel's packWeights)");
  TensorRef w{const_cast<float *>(weights.data.data()), weights.shape,
              weights.data.size()};
  return call(input, w, bias, output);
}

Status Kernel::call(const TensorRef &input, const TensorRef &weight,
                    const TensorRef *bias, const TensorRef &output) const {
  if (Status s = checkTensor("input", input, layer_.inputShape()); !s)
    return s;
  if (Status s = checkTensor("weight", weight,
                             pack_ ? packedShape_ : layer_.weightShape());
      !s)
    return s;
  if (layer_.hasBias && !bias)
    return Status::error("the layer has a bias but none was given");
  if (!layer_.hasBias && bias)
    return Status::error("the layer has no bias but one was given");
  if (bias)
    if (Status s = checkTensor("bias", *bias, layer_.biasShape()); !s)
      return s;
  if (Status s = checkTensor("output", output, layer_.outputShape()); !s)
    return s;
  if (overlaps(output, input) || overlaps(output, weight) ||
      (bias && overlaps(output, *bias)))
    return Status::error("output overlaps an input buffer");

  BufferDesc in(input), w(weight), out(output);
  lastHalideError.clear();
  int rc;
  if (bias) {
    BufferDesc b(*bias);
    using Fn = int (*)(halide_buffer_t *, halide_buffer_t *, halide_buffer_t *,
                       halide_buffer_t *);
    rc = reinterpret_cast<Fn>(entry_)(&in.buffer, &w.buffer, &b.buffer,
                                      &out.buffer);
  } else {
    using Fn = int (*)(halide_buffer_t *, halide_buffer_t *, halide_buffer_t *);
    rc = reinterpret_cast<Fn>(entry_)(&in.buffer, &w.buffer, &out.buffer);
  }
  if (rc != 0)
    return Status::error(
        "kernel failed (Halide error " + std::to_string(rc) + ")" +
        (lastHalideError.empty() ? "" : ": " + lastHalideError));
  return Status::success();
}

} // namespace convt
