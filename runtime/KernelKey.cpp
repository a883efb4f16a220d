//===- KernelKey.cpp - What identifies a compiled kernel -----------------===//

#include "runtime/KernelKey.h"

#include <cstdio>

#define XXH_INLINE_ALL
#include <xxhash.h>

namespace convt {

std::string KernelKey::str() const {
  return compilerVersion + "|abi=" + std::to_string(abiVersion) + "|" + target +
         "|" + (schedule.empty() ? "" : schedule + "|") +
         "threads=" + std::to_string(threads) + "|" + layer.str();
}

std::string KernelKey::hash() const {
  std::string text = str();
  XXH128_hash_t h = XXH3_128bits(text.data(), text.size());
  char buf[33];
  std::snprintf(buf, sizeof(buf), "%016llx%016llx",
                static_cast<unsigned long long>(h.high64),
                static_cast<unsigned long long>(h.low64));
  return buf;
}

uint64_t checksum64(const void *data, size_t size) {
  return XXH3_64bits(data, size);
}

} // namespace convt
