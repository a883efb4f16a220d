//===- convt.hpp - A thin C++ layer over the runtime's C API ---*- C++ -*-===//
//
// RAII handles and a Status value over include/convt/convt.h; no
// exceptions, nothing the C API does not do.
//
//   convt::rt::Context ctx;                       // one thread per core
//   convt::rt::Kernel k;
//   if (convt::rt::Status s = k.load(ctx, "layer.so"); !s) die(s.message());
//   convt::rt::Weights w;
//   s = w.pack(ctx, k, weight);                   // once
//   s = k.run(ctx, input, w, &bias, output);      // as often as needed
//
//===----------------------------------------------------------------------===//
#ifndef CONVT_CONVT_HPP
#define CONVT_CONVT_HPP

#include "convt/convt.h"

#include <string>
#include <utility>
#include <vector>

namespace convt::rt {

/// A convt_status_t owned: ok() on success, else code() and message().
class Status {
public:
  Status() = default;
  explicit Status(convt_status_t s) : s_(s) {}
  Status(Status &&o) noexcept : s_(std::exchange(o.s_, nullptr)) {}
  Status &operator=(Status &&o) noexcept {
    std::swap(s_, o.s_);
    return *this;
  }
  ~Status() { convt_status_free(s_); }
  bool ok() const { return s_ == nullptr; }
  explicit operator bool() const { return ok(); }
  convt_status_code_t code() const { return convt_status_code(s_); }
  std::string message() const { return convt_status_message(s_); }

private:
  convt_status_t s_ = nullptr;
};

/// Elements of an array of `shape`.
inline size_t elements(const std::vector<int64_t> &shape) {
  size_t n = 1;
  for (int64_t d : shape)
    n *= static_cast<size_t>(d);
  return n;
}

/// A tensor of `type` (elements of `bytes` bytes) over caller memory.
inline convt_tensor_t tensorOf(void *data, convt_element_type_t type,
                               size_t bytes,
                               const std::vector<int64_t> &shape) {
  convt_tensor_t t{};
  t.data = data;
  t.element_type = type;
  t.rank = static_cast<int>(shape.size());
  size_t n = 1;
  for (int i = 0; i < t.rank && i < CONVT_MAX_RANK; ++i) {
    t.shape[i] = shape[i];
    n *= static_cast<size_t>(shape[i]);
  }
  t.size_bytes = n * bytes;
  return t;
}

/// A float32 tensor over caller memory.
inline convt_tensor_t tensor(float *data, const std::vector<int64_t> &shape) {
  return tensorOf(data, CONVT_FLOAT32, sizeof(float), shape);
}

/// A bfloat16 tensor over caller memory: `data` holds bfloat16 bit
/// patterns (the upper halves of float32 values).
inline convt_tensor_t tensorBFloat16(uint16_t *data,
                                     const std::vector<int64_t> &shape) {
  return tensorOf(data, CONVT_BFLOAT16, sizeof(uint16_t), shape);
}

class Context {
public:
  /// `threads` 0: one per core. Check valid() (or use create()).
  explicit Context(int threads = 0) { status_ = create(threads); }
  ~Context() { convt_context_release(c_); }
  Context(const Context &) = delete;
  Context &operator=(const Context &) = delete;
  bool valid() const { return c_ != nullptr; }
  const Status &status() const { return status_; }
  int threads() const { return convt_context_threads(c_); }
  convt_context_t *get() const { return c_; }

private:
  Status create(int threads) {
    convt_context_options_t o{threads};
    return Status(convt_context_create(&o, &c_));
  }
  convt_context_t *c_ = nullptr;
  Status status_;
};

class Kernel {
public:
  Kernel() = default;
  ~Kernel() { convt_kernel_release(k_); }
  Kernel(const Kernel &) = delete;
  Kernel &operator=(const Kernel &) = delete;

  Status load(Context &ctx, const std::string &path) {
    reset();
    return Status(convt_kernel_load(ctx.get(), path.c_str(), &k_));
  }
  /// The kernel filed under `key` in the kernel cache `dir` ("" for the
  /// default one).
  Status loadCached(Context &ctx, const std::string &dir,
                    const std::string &key) {
    reset();
    return Status(convt_kernel_load_cached(
        ctx.get(), dir.empty() ? nullptr : dir.c_str(), key.c_str(), &k_));
  }
  Status loadLinked(Context &ctx, const char *metadata, convt_function_t entry,
                    convt_function_t pack) {
    reset();
    return Status(
        convt_kernel_load_linked(ctx.get(), metadata, entry, pack, &k_));
  }
  /// One metadata field ("" if absent), or the whole text.
  std::string metadata(const char *field = nullptr) const {
    if (!field)
      return convt_kernel_metadata_text(k_);
    const char *v = nullptr;
    Status s(convt_kernel_metadata_field(k_, field, &v));
    return s.ok() && v ? v : "";
  }
  /// The shape expected for `role` (empty: no bias).
  std::vector<int64_t> shape(convt_tensor_role_t role) const {
    int64_t dims[CONVT_MAX_RANK];
    int rank = 0;
    Status s(convt_kernel_shape(k_, role, dims, &rank));
    return s.ok() ? std::vector<int64_t>(dims, dims + rank)
                  : std::vector<int64_t>();
  }
  Status run(Context &ctx, const convt_tensor_t &input,
             const class Weights &weights, const convt_tensor_t *bias,
             const convt_tensor_t &output) const;
  convt_kernel_t *get() const { return k_; }

private:
  void reset() {
    convt_kernel_release(k_);
    k_ = nullptr;
  }
  convt_kernel_t *k_ = nullptr;
};

class Weights {
public:
  Weights() = default;
  ~Weights() { convt_weights_release(w_); }
  Weights(const Weights &) = delete;
  Weights &operator=(const Weights &) = delete;
  Status pack(Context &ctx, const Kernel &kernel,
              const convt_tensor_t &weight) {
    convt_weights_release(w_);
    w_ = nullptr;
    return Status(convt_weights_pack(ctx.get(), kernel.get(), &weight, &w_));
  }
  convt_weights_t *get() const { return w_; }

private:
  convt_weights_t *w_ = nullptr;
};

inline Status Kernel::run(Context &ctx, const convt_tensor_t &input,
                          const Weights &weights, const convt_tensor_t *bias,
                          const convt_tensor_t &output) const {
  return Status(
      convt_kernel_run(ctx.get(), k_, &input, weights.get(), bias, &output));
}

/// A tensor in a GPU kernel's device memory (convt_device_tensor_t).
class DeviceTensor {
public:
  DeviceTensor() = default;
  ~DeviceTensor() { convt_device_tensor_release(t_); }
  DeviceTensor(const DeviceTensor &) = delete;
  DeviceTensor &operator=(const DeviceTensor &) = delete;
  /// Allocates the kernel's tensor for `role` (input, bias or output).
  Status create(const Kernel &kernel, convt_tensor_role_t role) {
    convt_device_tensor_release(t_);
    t_ = nullptr;
    return Status(convt_device_tensor_create(kernel.get(), role, &t_));
  }
  Status write(const convt_tensor_t &host) {
    return Status(convt_device_tensor_write(t_, &host));
  }
  Status read(const convt_tensor_t &host) {
    return Status(convt_device_tensor_read(t_, &host));
  }
  convt_device_tensor_t *get() const { return t_; }

private:
  convt_device_tensor_t *t_ = nullptr;
};

/// Runs a GPU kernel on device tensors (asynchronous: see synchronize).
inline Status runDevice(Context &ctx, const Kernel &kernel, DeviceTensor &input,
                        const Weights &weights, DeviceTensor *bias,
                        DeviceTensor &output) {
  return Status(convt_kernel_run_device(
      ctx.get(), kernel.get(), input.get(), weights.get(),
      bias ? bias->get() : nullptr, output.get()));
}

/// Waits for the GPU work this process queued.
inline Status synchronize(Context &ctx) {
  return Status(convt_context_synchronize(ctx.get()));
}

} // namespace convt::rt

#endif // CONVT_CONVT_HPP
