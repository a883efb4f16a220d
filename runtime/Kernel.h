//===- Kernel.h - A compiled layer, loaded and callable -------*- C++ -*-===//
//
// A kernel is code compiled by convt for one layer: an entry function (and
// usually a weight-pack function) with the signature of
// compiler/backend/Backend.h, and its metadata (KernelMetadata). It comes
// from a shared object (a JIT or AOT kernel, or a disk-cache entry), or from
// a static library linked into the application. Loading and calling needs
// neither LLVM nor libHalide: the Halide runtime the kernels call lives in
// this library.
//
//===----------------------------------------------------------------------===//
#ifndef CONVT_RUNTIME_KERNEL_H
#define CONVT_RUNTIME_KERNEL_H

#include "runtime/Context.h"
#include "runtime/KernelMetadata.h"
#include "runtime/Layer.h"
#include "runtime/Status.h"

#include <cstddef>
#include <memory>
#include <string>
#include <vector>

namespace convt {

/// Caller memory: `capacity` elements of `type` at `data`, holding an array
/// of `shape` in C order. Every tensor of a call has the layer's element
/// type (float32 data as float, bfloat16 as uint16_t bit patterns).
struct DeviceWeights;
class DeviceTensor;

struct TensorRef {
  void *data = nullptr;
  std::vector<int64_t> shape;
  size_t capacity = 0;
  ElementType type = ElementType::Float32;
};

/// Weights in the layout a kernel reads, made once by Kernel::packWeights
/// (for example when a model is loaded) and reused by every call.
struct PackedWeights {
  std::vector<float> data;      ///< float32 kernels
  std::vector<uint16_t> data16; ///< bfloat16 kernels (bit patterns)
  std::vector<int64_t> shape;
  /// Set when the weight holds an inf or a NaN: the layer then runs by its
  /// definition (runtime/Direct.h) on `raw`, the weight as given (as
  /// float32), since the kernel would multiply padding zeros by it.
  bool direct = false;
  std::vector<float> raw;
  /// GPU kernels: the packed weights' device copy, made by the first call
  /// on device tensors and shared by every copy of these weights.
  std::shared_ptr<DeviceWeights> device;
};

class Kernel {
public:
  /// Loads the kernel shared object at `path`: reads its metadata and checks
  /// it (ABI version, this machine's CPU against the target) before any of
  /// its code runs.
  static Status loadFile(const std::string &path, std::shared_ptr<Kernel> &out);
  /// The same for the file open as `fd` (loaded through /proc/self/fd, so
  /// what the caller checked is what runs); on success the kernel owns `fd`
  /// and keeps it open while it is loaded. `name` is used in messages.
  static Status loadDescriptor(int fd, const std::string &name,
                               std::shared_ptr<Kernel> &out);
  /// A kernel linked into the process (an AOT static library): its
  /// metadata text and functions, as the generated header passes them.
  static Status loadLinked(const char *metadata, void *entry, void *pack,
                           std::shared_ptr<Kernel> &out);
  ~Kernel();
  Kernel(const Kernel &) = delete;
  Kernel &operator=(const Kernel &) = delete;

  const KernelMetadata &metadata() const { return meta_; }
  /// "cuda" or "opencl" for a GPU kernel, "" for a CPU one. A GPU kernel
  /// takes host buffers like a CPU one: each call copies the inputs to the
  /// device and the output back, and returns when the output is on the
  /// host.
  const std::string &device() const { return device_; }
  const CanonicalLayer &layer() const { return meta_.layer; }

  /// Runs the layer on `context`'s threads. Every buffer is checked against
  /// the layer's shapes and its capacity before anything is read or
  /// written; `bias` must be given exactly when the layer has one; `output`
  /// must not overlap the inputs. Safe to call from several threads at
  /// once. Packs the weight on every call; see packWeights for the fast
  /// path.
  Status run(Context &context, const TensorRef &input, const TensorRef &weight,
             const TensorRef *bias, const TensorRef &output) const;

  /// The weight [C_in, C_out/g, k...] in this kernel's layout (a copy when
  /// the kernel reads plain weights).
  Status packWeights(Context &context, const TensorRef &weight,
                     PackedWeights &out) const;

  /// run() with weights packed by packWeights.
  Status run(Context &context, const TensorRef &input,
             const PackedWeights &weights, const TensorRef *bias,
             const TensorRef &output) const;

  /// Runs a GPU kernel on tensors in its device's memory (DeviceTensor):
  /// nothing is copied but the packed weights, once. Returns when the work
  /// is queued: synchronizeDevices() or reading the output waits for it.
  Status runDevice(Context &context, DeviceTensor &input,
                   const PackedWeights &weights, DeviceTensor *bias,
                   DeviceTensor &output) const;

private:
  Kernel() = default;
  static Status make(KernelMetadata meta, void *handle, void *entry, void *pack,
                     std::shared_ptr<Kernel> &out);
  /// dlopens `path`; `fd` (or -1) becomes the kernel's on success.
  static Status load(const std::string &path, const std::string &name, int fd,
                     std::shared_ptr<Kernel> &out);
  Status call(Context &context, const TensorRef &input, const TensorRef &weight,
              const TensorRef *bias, const TensorRef &output) const;
  /// The checks of every call: types, shapes, sizes, the bias, aliasing
  /// (the weight's only when given).
  Status checkCall(const TensorRef &input, const TensorRef *weight,
                   const std::vector<int64_t> &weightShape,
                   const TensorRef *bias, const TensorRef &output) const;
  /// How the caller's (unpacked) weight is indexed.
  DimOrder rawWeightOrder() const {
    return layer().weightChannelsLast ? DimOrder::WeightChannelsLast
                                      : DimOrder::Plain;
  }
  void *handle_ = nullptr; ///< dlopen handle; null for linked kernels
  int fd_ = -1; ///< the descriptor loaded through /proc/self/fd, or -1
  void *entry_ = nullptr;
  void *pack_ = nullptr;
  KernelMetadata meta_;
  std::string device_;
};

} // namespace convt

#endif // CONVT_RUNTIME_KERNEL_H
