//===- FuzzMetadata.cpp - libFuzzer: kernel metadata and cache entries
//-----===//
//
// What the runtime reads from a kernel or a cache entry before it trusts
// it: the metadata text (and the canonical layer and target in it), the
// entry's trailer and checksum. Any bytes: parsed or refused, never a
// crash; what parses prints back to the same text.
//
//===----------------------------------------------------------------------===//

#include "runtime/CpuFeatures.h"
#include "runtime/DiskCache.h"
#include "runtime/KernelMetadata.h"

#include <cstdlib>

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  std::string bytes(reinterpret_cast<const char *>(data), size);
  convt::KernelMetadata m;
  if (convt::KernelMetadata::parse(bytes, m).ok()) {
    convt::KernelMetadata again;
    if (!convt::KernelMetadata::parse(m.str(), again).ok() ||
        again.str() != m.str() || !m.layer.validate().empty())
      std::abort();
    (void)convt::targetProblem(m.target, convt::HostCpu::detect());
  }
  convt::CanonicalLayer l;
  if (convt::CanonicalLayer::parse(bytes, l) && !l.validate().empty())
    std::abort();
  (void)convt::checkEntryBytes(bytes);
  std::string text;
  (void)convt::findMetadataText(bytes, text);
  return 0;
}
