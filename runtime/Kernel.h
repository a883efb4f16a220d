//===- Kernel.h - A compiled layer, loaded and callable -------*- C++ -*-===//
//
// A kernel is a shared object exporting one function with the signature of
// compiler/backend/Backend.h. Loading and calling it needs neither LLVM nor
// libHalide: only dlopen and the shared Halide runtime object (thread pool,
// error reporting) that every kernel of a target links against.
//
//===----------------------------------------------------------------------===//
#ifndef CONVT_RUNTIME_KERNEL_H
#define CONVT_RUNTIME_KERNEL_H

#include "runtime/Layer.h"
#include "runtime/Status.h"

#include <cstddef>
#include <memory>
#include <string>
#include <vector>

namespace convt {

/// Caller memory: `capacity` floats at `data`, holding an array of `shape`
/// in C order.
struct TensorRef {
  float *data = nullptr;
  std::vector<int64_t> shape;
  size_t capacity = 0;
};

/// Loads the shared Halide runtime at `path` into the process (once; later
/// calls with another path are ignored) and routes its errors to the
/// Status of the failing call.
Status loadHalideRuntime(const std::string &path);

/// Threads the kernels may use (Halide's thread pool); 0 = all cores.
Status setKernelThreads(int threads);

/// The largest heap buffer (scratch: padded inputs, accumulators) any
/// kernel has allocated since the previous call, in bytes; resets it.
/// Buffers of a few kilobytes live on the stack and are not counted.
size_t takePeakScratchBytes();

/// Weights in the layout a kernel reads, made once by Kernel::packWeights
/// (for example when a model is loaded) and reused by every call.
struct PackedWeights {
  std::vector<float> data;
  std::vector<int64_t> shape;
};

class Kernel {
public:
  /// Loads `function` from the shared object at `path`. loadHalideRuntime
  /// must have succeeded first. A non-empty `packFunction` (same object)
  /// packs weights into `packedShape`, which the kernel then reads.
  static Status load(const std::string &path, const std::string &function,
                     const CanonicalLayer &layer, std::shared_ptr<Kernel> &out,
                     const std::string &packFunction = "",
                     const std::vector<int64_t> &packedShape = {});
  ~Kernel();
  Kernel(const Kernel &) = delete;
  Kernel &operator=(const Kernel &) = delete;

  const CanonicalLayer &layer() const { return layer_; }

  /// Runs the layer. Every buffer is checked against the layer's shapes and
  /// its capacity before anything is read or written; `bias` must be given
  /// exactly when the layer has one; `output` must not overlap the inputs.
  /// Safe to call from several threads at once. Packs the weight on every
  /// call; see packWeights for the fast path.
  Status run(const TensorRef &input, const TensorRef &weight,
             const TensorRef *bias, const TensorRef &output) const;

  /// The weight [C_in, C_out/g, k...] in this kernel's layout (a copy when
  /// the kernel reads plain weights).
  Status packWeights(const TensorRef &weight, PackedWeights &out) const;

  /// run() with weights packed by packWeights.
  Status run(const TensorRef &input, const PackedWeights &weights,
             const TensorRef *bias, const TensorRef &output) const;

private:
  Kernel() = default;
  Status call(const TensorRef &input, const TensorRef &weight,
              const TensorRef *bias, const TensorRef &output) const;
  void *handle_ = nullptr;
  void *entry_ = nullptr;
  void *pack_ = nullptr;
  std::vector<int64_t> packedShape_;
  CanonicalLayer layer_;
};

} // namespace convt

#endif // CONVT_RUNTIME_KERNEL_H
