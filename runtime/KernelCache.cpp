//===- KernelCache.cpp - Compiled kernels by key, in memory --------------===//

#include "runtime/KernelCache.h"

#include <cstdio>

namespace convt {

Status KernelCache::getOrCreate(const std::string &key, const Factory &make,
                                std::shared_ptr<Kernel> &out) {
  std::shared_ptr<Entry> entry;
  {
    std::unique_lock<std::mutex> lock(mutex_);
    auto it = entries_.find(key);
    if (it != entries_.end()) {
      entry = it->second;
      if (entry->ready) {
        ++stats_.hits;
      } else {
        ++stats_.waits;
        ready_.wait(lock, [&] { return entry->ready; });
      }
      out = entry->kernel;
      return entry->status;
    }
    entry = std::make_shared<Entry>();
    entries_.emplace(key, entry);
    ++stats_.compiles;
  }
  // Compile without the lock: other keys proceed meanwhile.
  std::shared_ptr<Kernel> kernel;
  Status status = make(kernel);
  {
    std::lock_guard<std::mutex> lock(mutex_);
    entry->status = status;
    entry->kernel = status.ok() ? kernel : nullptr;
    entry->ready = true;
    if (!status.ok())
      entries_.erase(key); // a later request tries again
  }
  ready_.notify_all();
  out = entry->kernel;
  return status;
}

KernelCache::Stats KernelCache::stats() const {
  std::lock_guard<std::mutex> lock(mutex_);
  return stats_;
}

size_t KernelCache::size() const {
  std::lock_guard<std::mutex> lock(mutex_);
  return entries_.size();
}

} // namespace convt
