//===- KernelCache.h - Compiled kernels by key, in memory ------*- C++ -*-===//
//
// Thread-safe, and single-flight: when several threads ask for a key that is
// not there yet, one compiles it and the others wait for that result, so a
// layer is compiled once however many threads want it.
//
//===----------------------------------------------------------------------===//
#ifndef CONVT_RUNTIME_KERNELCACHE_H
#define CONVT_RUNTIME_KERNELCACHE_H

#include "runtime/Kernel.h"

#include <condition_variable>
#include <cstdint>
#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <unordered_map>

namespace convt {

class KernelCache {
public:
  using Factory = std::function<Status(std::shared_ptr<Kernel> &)>;

  /// The kernel for `key`, made with `make` if absent. A failed `make` is
  /// reported to every caller waiting on it and not cached.
  Status getOrCreate(const std::string &key, const Factory &make,
                     std::shared_ptr<Kernel> &out);

  struct Stats {
    uint64_t hits = 0;     ///< found ready
    uint64_t compiles = 0; ///< calls of a factory
    uint64_t waits = 0;    ///< found being made by another thread
  };
  Stats stats() const;
  size_t size() const;

private:
  struct Entry {
    bool ready = false;
    Status status;
    std::shared_ptr<Kernel> kernel;
  };
  mutable std::mutex mutex_;
  std::condition_variable ready_;
  std::unordered_map<std::string, std::shared_ptr<Entry>> entries_;
  Stats stats_;
};

} // namespace convt

#endif // CONVT_RUNTIME_KERNELCACHE_H
