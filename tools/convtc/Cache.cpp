//===- Cache.cpp - convtc cache, and the disk cache of the commands -------===//

#include "tools/convtc/Commands.h"

#include "runtime/DiskCache.h"

#include "llvm/Support/Format.h"
#include "llvm/Support/raw_ostream.h"

#include <ctime>

using namespace convt;

namespace convtc {

namespace {

std::unique_ptr<DiskCache> commandCache;

std::string megabytes(uint64_t bytes) {
  std::string s;
  llvm::raw_string_ostream os(s);
  os << llvm::format("%.2f MB", static_cast<double>(bytes) / (1 << 20));
  return os.str();
}

std::string when(std::time_t t) {
  char buf[32];
  std::strftime(buf, sizeof buf, "%Y-%m-%d %H:%M:%S", std::localtime(&t));
  return buf;
}

} // namespace

void setDiskCache(const std::string &dir) {
  commandCache = dir.empty() ? nullptr : std::make_unique<DiskCache>(dir);
}

std::unique_ptr<JitCompiler> makeJit() {
  return std::make_unique<JitCompiler>(commandCache.get());
}

int cacheCommand(const std::string &action, const std::string &dirOpt) {
  DiskCache cache(dirOpt.empty() ? DiskCache::defaultDir() : dirOpt);
  auto &os = llvm::outs();
  if (action == "clear") {
    size_t removed = 0;
    if (Status s = cache.clear(removed); !s)
      return fail(s.message());
    os << "removed " << removed << " kernels from " << cache.kernelDir()
       << "\n";
    return 0;
  }
  if (action == "verify") {
    std::vector<DiskCache::Entry> bad, all;
    if (Status s = cache.list(all); !s)
      return fail(s.message());
    if (Status s = cache.verify(bad); !s)
      return fail(s.message());
    for (const DiskCache::Entry &e : bad)
      os << "removed " << e.path << ": " << e.problem << "\n";
    os << all.size() - bad.size() << " of " << all.size()
       << " kernels verified in " << cache.kernelDir() << "\n";
    return bad.empty() ? 0 : 1;
  }
  std::vector<DiskCache::Entry> entries;
  if (action != "list" && action != "stats")
    return fail("unknown cache action '" + action +
                "' (expected list, stats, verify or clear)");
  if (Status s = cache.list(entries); !s)
    return fail(s.message());
  if (action == "list") {
    for (const DiskCache::Entry &e : entries) {
      os << e.hash << "  " << megabytes(e.bytes) << "  " << when(e.lastUsed);
      if (!e.problem.empty()) {
        os << "  BAD: " << e.problem << "\n";
        continue;
      }
      const KernelMetadata &m = e.metadata;
      os << "  " << (m.name.empty() ? "-" : m.name) << "  " << m.schedule
         << "  threads=" << m.threads << "\n    " << m.layer.str() << "\n";
    }
    return 0;
  }
  uint64_t total = 0;
  size_t bad = 0;
  for (const DiskCache::Entry &e : entries) {
    total += e.bytes;
    bad += !e.problem.empty();
  }
  os << "directory: " << cache.dir() << "\n"
     << "kernels:   " << entries.size() << " (" << bad << " bad)\n"
     << "size:      " << megabytes(total) << " of "
     << megabytes(cache.maxBytes()) << " (CONVT_CACHE_MAX_MB)\n";
  if (!entries.empty())
    os << "newest:    " << when(entries.front().lastUsed) << "\n"
       << "oldest:    " << when(entries.back().lastUsed) << "\n";
  return 0;
}

} // namespace convtc
