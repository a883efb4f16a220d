//===- CacheFiles.cpp - The kernel cache's files --------------------------===//

#include "runtime/CacheFiles.h"
#include "runtime/DiskCache.h"
#include "runtime/KernelKey.h"

#include <algorithm>
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <dirent.h>
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

} // namespace

namespace cachefiles {

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

void appendTrailer(std::string &bytes) {
  uint64_t sum = checksum64(bytes.data(), bytes.size());
  std::string trailer(kMagic, 8);
  putU64(trailer, bytes.size());
  putU64(trailer, sum);
  bytes += trailer;
}

} // namespace cachefiles

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

} // namespace convt
