//===- DiskCache.h - Compiled kernels kept on disk between runs -*- C++ -*-===//
//
// A directory of kernel shared objects, one per KernelKey hash:
// <dir>/kernels/<hash>.so. A cached kernel is native code that will run in
// the caller's process, so the cache trusts nothing it did not check:
//
//  - each entry is the shared object followed by a trailer (magic, length,
//    XXH3-64 of the object), verified before dlopen, and its metadata must
//    name the key it is filed under: a truncated, bit-flipped or foreign
//    entry is reported, removed and rebuilt, never loaded;
//  - the directory and every entry must belong to this user (or root) and
//    be writable by nobody else, as ssh insists on for its keys;
//  - entries are written to a private temporary file and renamed into
//    place, so readers see a whole entry or none;
//  - a per-key lock file lets one process compile a key that several ask
//    for; the others wait and load its entry;
//  - a cache that cannot be written (read-only, full) still serves its hits;
//  - past a size limit the least recently used entries go.
//
//===----------------------------------------------------------------------===//
#ifndef CONVT_RUNTIME_DISKCACHE_H
#define CONVT_RUNTIME_DISKCACHE_H

#include "runtime/Kernel.h"
#include "runtime/KernelMetadata.h"
#include "runtime/Status.h"

#include <cstdint>
#include <ctime>
#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

namespace convt {

class DiskCache {
public:
  /// $CONVT_CACHE_DIR, else $XDG_CACHE_HOME/convt, else ~/.cache/convt.
  static std::string defaultDir();
  /// $CONVT_CACHE_MAX_MB in bytes, else 1 GiB.
  static uint64_t defaultMaxBytes();

  /// A cache in `dir`; nothing is touched until it is used.
  explicit DiskCache(std::string dir, uint64_t maxBytes = defaultMaxBytes());

  const std::string &dir() const { return dir_; }
  std::string kernelDir() const { return dir_ + "/kernels"; }
  std::string entryPath(const std::string &hash) const;

  /// Where warnings go (a refused directory, an entry removed, a cache that
  /// cannot be written); each kind is reported once per DiskCache. Default:
  /// "convt: warning: ..." on stderr.
  void setWarningHandler(std::function<void(const std::string &)> handler);

  /// The entry for key hash `hash`, checked and loaded; `found` false when
  /// there is none (or it was bad: then it is reported and removed).
  Status load(const std::string &hash, std::shared_ptr<Kernel> &out,
              bool &found);

  /// Whether a good entry for `hash` is there, checked as load() checks it
  /// but without loading it (a bad one is reported and removed).
  bool has(const std::string &hash);

  /// Files the shared object `library` as entry `hash`, then evicts the
  /// least recently used entries past the size limit.
  Status store(const std::string &hash, const std::string &library);

  /// Held while one process compiles a key (flock on <hash>.lock).
  class Lock {
  public:
    ~Lock();
    Lock(int fd) : fd_(fd) {}
    Lock(const Lock &) = delete;
    Lock &operator=(const Lock &) = delete;

  private:
    int fd_;
  };
  /// Waits for the key's lock; null (and no error) when the directory
  /// cannot hold lock files (a read-only cache).
  std::unique_ptr<Lock> lock(const std::string &hash);

  struct Entry {
    std::string hash;
    std::string path;
    uint64_t bytes = 0;
    std::time_t lastUsed = 0;
    int64_t lastUsedNs = 0; ///< the same, in nanoseconds (orders entries)
    std::string problem;    ///< empty when the entry checks out
    KernelMetadata metadata;
  };
  /// Every entry, most recently used first. With `check`, each is read and
  /// checked without loading it (its metadata read from the file's bytes);
  /// without, only its size and last use are filled in.
  Status list(std::vector<Entry> &entries, bool check = true) const;
  /// Removes the entries list() finds bad; `removed` counts them.
  Status verify(std::vector<Entry> &bad);
  /// Removes every entry, lock and temporary file.
  Status clear(size_t &removed);
  /// Removes least recently used entries until the total is <= maxBytes
  /// (the entry `keep` stays).
  Status evict(uint64_t maxBytes, const std::string &keep = "");

  uint64_t maxBytes() const { return maxBytes_; }

  /// Reports `message` through the warning handler, once per `kind`.
  void warnOnce(const std::string &kind, const std::string &message);

private:
  /// The cache directory is ours and closed to other users; `create`
  /// makes it (mode 0700) when missing. `exists` false: no cache yet.
  Status checkDirectory(bool create, bool &exists) const;
  /// The names in kernelDir() once checkDirectory passes; none when there
  /// is no cache yet.
  Status kernelDirNames(std::vector<std::string> &names) const;
  /// Opens entry `hash` and reads and checks its bytes (owner, mode,
  /// trailer, checksum): -1 when there is none, else the descriptor, with
  /// `problem` empty when the entry checks out.
  int openChecked(const std::string &hash, std::string &bytes,
                  std::string &problem);
  /// Reports and removes a bad entry; closes `fd` (unless -1).
  void discard(const std::string &hash, int fd, const std::string &problem);

  std::string dir_;
  uint64_t maxBytes_;
  std::function<void(const std::string &)> warn_;
  std::mutex mutex_;
  std::vector<std::string> warned_;
};

/// The bytes of a cache entry (an object and its trailer) checked: empty
/// when the trailer's length and checksum match, else what is wrong.
std::string checkEntryBytes(const std::string &bytes);
/// The metadata text inside a kernel object's bytes (no loading).
bool findMetadataText(const std::string &bytes, std::string &text);

} // namespace convt

#endif // CONVT_RUNTIME_DISKCACHE_H
