//===- DiskCache.cpp - Compiled kernels kept on disk between runs ---------===//

#include "runtime/DiskCache.h"
#include "runtime/CacheFiles.h"

#include <algorithm>
#include <cerrno>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <dirent.h>
#include <fcntl.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

namespace convt {

using namespace cachefiles;

std::string DiskCache::defaultDir() {
  if (const char *d = std::getenv("CONVT_CACHE_DIR"); d && *d)
    return d;
  if (const char *x = std::getenv("XDG_CACHE_HOME"); x && *x)
    return std::string(x) + "/convt";
  if (const char *h = std::getenv("HOME"); h && *h)
    return std::string(h) + "/.cache/convt";
  return "";
}

uint64_t DiskCache::defaultMaxBytes() {
  if (const char *m = std::getenv("CONVT_CACHE_MAX_MB"); m && *m) {
    char *end = nullptr;
    double mb = std::strtod(m, &end);
    if (!*end && mb > 0 && mb < 1e9)
      return static_cast<uint64_t>(mb * (1 << 20));
  }
  return 1ull << 30;
}

DiskCache::DiskCache(std::string dir, uint64_t maxBytes)
    : dir_(std::move(dir)), maxBytes_(maxBytes) {
  while (dir_.size() > 1 && dir_.back() == '/')
    dir_.pop_back();
  warn_ = [](const std::string &m) {
    std::fprintf(stderr, "convt: warning: %s\n", m.c_str());
  };
}

std::string DiskCache::entryPath(const std::string &hash) const {
  return kernelDir() + "/" + hash + ".so";
}

void DiskCache::setWarningHandler(
    std::function<void(const std::string &)> handler) {
  std::lock_guard<std::mutex> lock(mutex_);
  warn_ = std::move(handler);
}

void DiskCache::warnOnce(const std::string &kind, const std::string &message) {
  std::lock_guard<std::mutex> lock(mutex_);
  if (std::find(warned_.begin(), warned_.end(), kind) != warned_.end())
    return;
  warned_.push_back(kind);
  if (warn_)
    warn_(message);
}

Status DiskCache::checkDirectory(bool create, bool &exists) const {
  exists = false;
  if (dir_.empty())
    return Status::error(StatusCode::NotFound,
                         "no cache directory (set CONVT_CACHE_DIR or HOME)");
  for (const std::string &d : {dir_, kernelDir()}) {
    struct stat st;
    if (::lstat(d.c_str(), &st) != 0) {
      if (errno != ENOENT)
        return Status::error(StatusCode::IoError,
                             "cannot read " + d + ": " + errnoText());
      if (!create)
        return Status::success(); // no cache yet
      if (Status s = makeDirs(d); !s)
        return s;
      if (::lstat(d.c_str(), &st) != 0)
        return Status::error(StatusCode::IoError,
                             "cannot read " + d + ": " + errnoText());
    }
    if (!S_ISDIR(st.st_mode))
      return Status::error(StatusCode::Incompatible,
                           "the kernel cache " + d +
                               " is not a directory (or is a symbolic link)");
    std::string problem = trustProblem(st, d);
    if (!problem.empty())
      return Status::error(StatusCode::Incompatible,
                           "refusing the kernel cache: " + problem +
                               ", so anyone could put native code into this "
                               "process through it");
  }
  exists = true;
  return Status::success();
}

int DiskCache::openChecked(const std::string &hash, std::string &bytes,
                           std::string &problem) {
  problem.clear();
  bool exists = false;
  if (Status s = checkDirectory(false, exists); !s) {
    warnOnce("dir", s.message() + "; compiling in memory");
    return -1;
  }
  if (!exists)
    return -1;
  std::string path = entryPath(hash);
  int fd = ::open(path.c_str(), O_RDONLY | O_NOFOLLOW | O_CLOEXEC);
  if (fd < 0) {
    if (errno != ENOENT)
      warnOnce("open:" + hash, "cannot open " + path + ": " + errnoText());
    return -1;
  }
  struct stat st;
  if (::fstat(fd, &st) != 0 || !S_ISREG(st.st_mode))
    problem = "not a regular file";
  if (problem.empty())
    problem = trustProblem(st, path);
  if (problem.empty())
    if (Status s = readAll(fd, bytes); !s)
      problem = s.message();
  if (problem.empty())
    problem = checkEntryBytes(bytes);
  return fd;
}

void DiskCache::discard(const std::string &hash, int fd,
                        const std::string &problem) {
  if (fd >= 0)
    ::close(fd);
  std::string path = entryPath(hash);
  warnOnce("bad:" + hash,
           "removed the bad kernel cache entry " + path + ": " + problem);
  ::unlink(path.c_str());
}

bool DiskCache::has(const std::string &hash) {
  if (!isHash(hash))
    return false;
  std::string bytes, problem, text;
  int fd = openChecked(hash, bytes, problem);
  if (fd < 0)
    return false;
  KernelMetadata meta;
  if (problem.empty() && !findMetadataText(bytes, text))
    problem = "no kernel metadata";
  if (problem.empty())
    if (Status s = KernelMetadata::parse(text, meta); !s)
      problem = s.message();
  if (problem.empty() && meta.key != hash)
    problem = "it holds the kernel of another key (" + meta.key + ")";
  if (!problem.empty()) {
    discard(hash, fd, problem);
    return false;
  }
  ::close(fd);
  return true;
}

Status DiskCache::load(const std::string &hash, std::shared_ptr<Kernel> &out,
                       bool &found) {
  found = false;
  if (!isHash(hash))
    return Status::error("'" + hash + "' is not a kernel key hash");
  std::string bytes, problem;
  int fd = openChecked(hash, bytes, problem);
  if (fd < 0)
    return Status::success();
  // Checked through the open descriptor, and loaded through it: what was
  // verified is what runs, whatever happens to the name meanwhile.
  std::shared_ptr<Kernel> kernel;
  bool owned = false; // the kernel holds fd
  if (problem.empty()) {
    // The kernel keeps the descriptor open while it is loaded (dlopen
    // would mistake a later entry opened as the same N for this one).
    struct stat procSt;
    bool viaProc =
        ::stat(("/proc/self/fd/" + std::to_string(fd)).c_str(), &procSt) == 0;
    Status s = viaProc ? Kernel::loadDescriptor(fd, entryPath(hash), kernel)
                       : Kernel::loadFile(entryPath(hash), kernel);
    if (!s)
      problem = s.message();
    else if (kernel->metadata().key != hash)
      problem =
          "it holds the kernel of another key (" + kernel->metadata().key + ")";
    if (viaProc && kernel)
      owned = true;
  }
  if (!problem.empty()) {
    discard(hash, owned ? -1 : fd, problem); // a refused kernel closes its own
    return Status::success();
  }
  ::futimens(fd, nullptr); // last use, for eviction; fails harmlessly
  if (!owned)
    ::close(fd);
  out = std::move(kernel);
  found = true;
  return Status::success();
}

Status DiskCache::store(const std::string &hash, const std::string &library) {
  if (!isHash(hash))
    return Status::error("'" + hash + "' is not a kernel key hash");
  bool exists = false;
  if (Status s = checkDirectory(true, exists); !s)
    return s;
  int in = ::open(library.c_str(), O_RDONLY | O_CLOEXEC);
  if (in < 0)
    return Status::error(StatusCode::IoError,
                         "cannot read " + library + ": " + errnoText());
  std::string bytes;
  Status s = readAll(in, bytes);
  ::close(in);
  if (!s)
    return s;
  appendTrailer(bytes);

  std::string pattern = kernelDir() + "/." + hash + ".tmp.XXXXXX";
  std::vector<char> tmp(pattern.begin(), pattern.end());
  tmp.push_back('\0');
  int fd = ::mkstemp(tmp.data());
  if (fd < 0)
    return Status::error(StatusCode::IoError, "cannot write into " +
                                                  kernelDir() + ": " +
                                                  errnoText());
  size_t done = 0;
  while (done < bytes.size()) {
    ssize_t n = ::write(fd, bytes.data() + done, bytes.size() - done);
    if (n < 0 && errno == EINTR)
      continue;
    if (n <= 0)
      break;
    done += static_cast<size_t>(n);
  }
  int writeErrno = errno;
  // Readable by all (a cache built once can serve other users), writable
  // by its owner only.
  bool ok = done == bytes.size() && ::fchmod(fd, 0644) == 0;
  if (::close(fd) != 0)
    ok = false;
  if (!ok || ::rename(tmp.data(), entryPath(hash).c_str()) != 0) {
    std::string why =
        done == bytes.size() ? errnoText() : std::strerror(writeErrno);
    ::unlink(tmp.data());
    return Status::error(StatusCode::IoError,
                         "cannot write " + entryPath(hash) + ": " + why);
  }
  return evict(maxBytes_, hash);
}

DiskCache::Lock::~Lock() {
  if (fd_ >= 0) {
    ::flock(fd_, LOCK_UN);
    ::close(fd_);
  }
}

std::unique_ptr<DiskCache::Lock> DiskCache::lock(const std::string &hash) {
  bool exists = false;
  if (!isHash(hash) || !checkDirectory(true, exists).ok())
    return nullptr;
  std::string path = kernelDir() + "/" + hash + ".lock";
  int fd =
      ::open(path.c_str(), O_RDWR | O_CREAT | O_NOFOLLOW | O_CLOEXEC, 0600);
  if (fd < 0)
    return nullptr;
  while (::flock(fd, LOCK_EX) != 0)
    if (errno != EINTR) {
      ::close(fd);
      return nullptr;
    }
  return std::make_unique<Lock>(fd);
}

} // namespace convt
