//===- DiskCache.cpp - Compiled kernels kept on disk between runs ---------===//

#include "runtime/DiskCache.h"

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

namespace {

constexpr char kMagic[8] = {'C', 'O', 'N', 'V', 'T', 'K', '0', '1'};
constexpr size_t kTrailer = 24; ///< magic, object length, XXH3-64
/// No kernel comes near this; a larger file is not one of ours.
constexpr uint64_t kMaxEntryBytes = 512ull << 20;

void putU64(std::string &s, uint64_t v) {
  for (int i = 0; i < 8; ++i)
    s += static_cast<char>((v >> (8 * i)) & 0xff);
}

uint64_t getU64(const std::string &s, size_t at) {
  uint64_t v = 0;
  for (int i = 7; i >= 0; --i)
    v = (v << 8) | static_cast<unsigned char>(s[at + i]);
  return v;
}

std::string errnoText() { return std::strerror(errno); }

/// Mode and owner as ssh checks them: ours (or root's), and writable by
/// nobody else.
std::string trustProblem(const struct stat &st, const std::string &path) {
  if (st.st_uid != ::geteuid() && st.st_uid != 0)
    return path + " belongs to another user (uid " + std::to_string(st.st_uid) +
           ")";
  if (st.st_mode & (S_IWGRP | S_IWOTH)) {
    char mode[8];
    std::snprintf(mode, sizeof mode, "%04o",
                  static_cast<unsigned>(st.st_mode & 07777));
    return path + " is writable by other users (mode " + mode +
           "; chmod go-w it)";
  }
  return "";
}

/// Reads the whole of `fd` (at most kMaxEntryBytes).
Status readAll(int fd, std::string &bytes) {
  struct stat st;
  if (::fstat(fd, &st) != 0)
    return Status::error(StatusCode::IoError, errnoText());
  if (static_cast<uint64_t>(st.st_size) > kMaxEntryBytes)
    return Status::error(StatusCode::Incompatible, "too large to be a kernel");
  bytes.resize(static_cast<size_t>(st.st_size));
  size_t done = 0;
  while (done < bytes.size()) {
    ssize_t n = ::pread(fd, &bytes[done], bytes.size() - done,
                        static_cast<off_t>(done));
    if (n < 0 && errno == EINTR)
      continue;
    if (n <= 0)
      return Status::error(StatusCode::IoError, "short read");
    done += static_cast<size_t>(n);
  }
  return Status::success();
}

bool isHash(const std::string &s) {
  return s.size() == 32 && std::all_of(s.begin(), s.end(), [](char c) {
           return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f');
         });
}

/// mkdir -p, new directories 0700.
Status makeDirs(const std::string &dir) {
  std::string path;
  size_t i = 0;
  while (i != std::string::npos) {
    i = dir.find('/', i + 1);
    path = dir.substr(0, i);
    if (path.empty())
      continue;
    if (::mkdir(path.c_str(), 0700) != 0 && errno != EEXIST)
      return Status::error(StatusCode::IoError,
                           "cannot create " + path + ": " + errnoText());
  }
  return Status::success();
}

/// The names in directory `dir` but "." and "..".
Status directoryNames(const std::string &dir, std::vector<std::string> &names) {
  names.clear();
  DIR *d = ::opendir(dir.c_str());
  if (!d)
    return Status::error(StatusCode::IoError,
                         "cannot read " + dir + ": " + errnoText());
  while (struct dirent *e = ::readdir(d)) {
    std::string name = e->d_name;
    if (name != "." && name != "..")
      names.push_back(name);
  }
  ::closedir(d);
  return Status::success();
}

} // namespace

std::string checkEntryBytes(const std::string &bytes) {
  if (bytes.size() < kTrailer)
    return "truncated (" + std::to_string(bytes.size()) + " bytes)";
  size_t body = bytes.size() - kTrailer;
  if (bytes.compare(body, 8, kMagic, 8) != 0)
    return "no convt cache trailer (truncated or not an entry)";
  if (getU64(bytes, body + 8) != body)
    return "length does not match its trailer (truncated)";
  if (getU64(bytes, body + 16) != checksum64(bytes.data(), body))
    return "checksum mismatch (corrupted)";
  return "";
}

bool findMetadataText(const std::string &bytes, std::string &text) {
  static const std::string header = "convt-kernel-metadata ";
  size_t at = bytes.find(header);
  if (at == std::string::npos)
    return false;
  size_t end = bytes.find('\0', at);
  if (end == std::string::npos)
    return false;
  text = bytes.substr(at, end - at);
  return true;
}

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
  uint64_t sum = checksum64(bytes.data(), bytes.size());
  std::string trailer(kMagic, 8);
  putU64(trailer, bytes.size());
  putU64(trailer, sum);
  bytes += trailer;

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
