//===- DiskCacheMaintenance.cpp - Listing, checking and trimming the cache ===//
//
// What `convtc cache list|verify|clear` and the size limit do: every entry
// read and checked without being loaded, bad ones removed, the least
// recently used ones evicted past the limit.
//
//===----------------------------------------------------------------------===//

#include "runtime/CacheFiles.h"
#include "runtime/DiskCache.h"

#include <algorithm>
#include <ctime>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

namespace convt {

using namespace cachefiles;

Status DiskCache::kernelDirNames(std::vector<std::string> &names) const {
  names.clear();
  bool exists = false;
  if (Status s = checkDirectory(false, exists); !s || !exists)
    return s; // no cache yet: no names
  return directoryNames(kernelDir(), names);
}

Status DiskCache::list(std::vector<Entry> &entries, bool check) const {
  entries.clear();
  std::vector<std::string> names;
  if (Status s = kernelDirNames(names); !s)
    return s;
  for (const std::string &name : names) {
    if (name.size() != 35 || name.compare(32, 3, ".so") != 0 ||
        !isHash(name.substr(0, 32)))
      continue;
    Entry entry;
    entry.hash = name.substr(0, 32);
    entry.path = kernelDir() + "/" + name;
    int fd = ::open(entry.path.c_str(), O_RDONLY | O_NOFOLLOW | O_CLOEXEC);
    struct stat st;
    std::string bytes;
    if (fd < 0 || ::fstat(fd, &st) != 0) {
      entry.problem = "cannot open: " + errnoText();
    } else {
      entry.bytes = static_cast<uint64_t>(st.st_size);
      entry.lastUsed = st.st_mtime;
      entry.lastUsedNs = static_cast<int64_t>(st.st_mtim.tv_sec) * 1000000000 +
                         st.st_mtim.tv_nsec;
      entry.problem = S_ISREG(st.st_mode) ? trustProblem(st, entry.path)
                                          : "not a regular file";
      if (!check) {
        ::close(fd);
        entries.push_back(std::move(entry));
        continue;
      }
      if (entry.problem.empty())
        if (Status s = readAll(fd, bytes); !s)
          entry.problem = s.message();
      if (entry.problem.empty())
        entry.problem = checkEntryBytes(bytes);
      std::string text;
      if (entry.problem.empty() && !findMetadataText(bytes, text))
        entry.problem = "no kernel metadata";
      if (entry.problem.empty())
        if (Status s = KernelMetadata::parse(text, entry.metadata); !s)
          entry.problem = s.message();
      if (entry.problem.empty() && entry.metadata.key != entry.hash)
        entry.problem = "it holds the kernel of another key";
    }
    if (fd >= 0)
      ::close(fd);
    entries.push_back(std::move(entry));
  }
  std::sort(entries.begin(), entries.end(), [](const Entry &a, const Entry &b) {
    return a.lastUsedNs != b.lastUsedNs ? a.lastUsedNs > b.lastUsedNs
                                        : a.hash < b.hash;
  });
  return Status::success();
}

Status DiskCache::verify(std::vector<Entry> &bad) {
  bad.clear();
  std::vector<Entry> all;
  if (Status s = list(all); !s)
    return s;
  for (Entry &e : all)
    if (!e.problem.empty()) {
      ::unlink(e.path.c_str());
      bad.push_back(std::move(e));
    }
  return Status::success();
}

Status DiskCache::clear(size_t &removed) {
  removed = 0;
  std::vector<std::string> names;
  if (Status s = kernelDirNames(names); !s)
    return s;
  for (const std::string &name : names) {
    std::string path = kernelDir() + "/" + name;
    bool entry =
        name.size() > 3 && name.compare(name.size() - 3, 3, ".so") == 0;
    if (::unlink(path.c_str()) == 0 && entry)
      ++removed;
  }
  return Status::success();
}

Status DiskCache::evict(uint64_t maxBytes, const std::string &keep) {
  // Temporary files of writers that died (killed mid-store) are never
  // loaded; those older than ten minutes go.
  std::vector<std::string> names;
  if (kernelDirNames(names))
    for (const std::string &name : names) {
      struct stat st;
      std::string path = kernelDir() + "/" + name;
      if (name[0] == '.' && name.find(".tmp.") != std::string::npos &&
          ::lstat(path.c_str(), &st) == 0 &&
          st.st_mtime + 600 < std::time(nullptr))
        ::unlink(path.c_str());
    }
  std::vector<Entry> entries;
  if (Status s = list(entries, /*check=*/false); !s)
    return s;
  uint64_t total = 0;
  for (const Entry &e : entries)
    total += e.bytes;
  // list() orders the most recently used first.
  for (size_t i = entries.size(); i-- > 0 && total > maxBytes;) {
    if (entries[i].hash == keep)
      continue;
    if (::unlink(entries[i].path.c_str()) == 0)
      total -= entries[i].bytes;
  }
  return Status::success();
}

} // namespace convt
