//===- FileWrite.cpp - Output files that are never half written -----------===//

#include "runtime/FileWrite.h"

#include <cerrno>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

namespace convt {

namespace {

/// The process's umask, read without changing it.
mode_t currentUmask() {
  FILE *f = std::fopen("/proc/self/status", "r");
  mode_t mask = 022;
  if (!f)
    return mask;
  char line[256];
  while (std::fgets(line, sizeof line, f))
    if (std::strncmp(line, "Umask:", 6) == 0) {
      mask = static_cast<mode_t>(std::strtoul(line + 6, nullptr, 8));
      break;
    }
  std::fclose(f);
  return mask;
}

bool writeAll(int fd, const char *p, size_t n) {
  while (n) {
    ssize_t w = ::write(fd, p, n);
    if (w < 0 && errno == EINTR)
      continue;
    if (w <= 0)
      return false;
    p += w;
    n -= static_cast<size_t>(w);
  }
  return true;
}

bool writeChunks(int fd, const std::vector<Chunk> &chunks) {
  for (const Chunk &c : chunks)
    if (!writeAll(fd, c.first, c.second))
      return false;
  return true;
}

} // namespace

Status writeFileSafely(const std::string &path,
                       const std::vector<Chunk> &chunks) {
  // A symbolic link is written through (its target replaced); a FIFO or a
  // device is written in place; a regular file (or none) is written to a
  // private temporary file beside it and renamed into place, so no reader
  // sees half a file and a failed write leaves none.
  std::string target = path;
  struct stat st;
  bool exists = ::lstat(path.c_str(), &st) == 0;
  for (int hops = 0; exists && S_ISLNK(st.st_mode); ++hops) {
    char link[4096];
    ssize_t n = ::readlink(target.c_str(), link, sizeof link - 1);
    if (n < 0 || hops == 16)
      return Status::error(path + ": cannot follow the symbolic link");
    link[n] = '\0';
    size_t slash = target.rfind('/');
    target = link[0] == '/' || slash == std::string::npos
                 ? std::string(link)
                 : target.substr(0, slash + 1) + link;
    exists = ::lstat(target.c_str(), &st) == 0;
  }
  if (exists && S_ISDIR(st.st_mode))
    return Status::error(path + ": is a directory");
  if (exists && !S_ISREG(st.st_mode)) {
    int fd = ::open(target.c_str(), O_WRONLY | O_CLOEXEC);
    if (fd < 0)
      return Status::error(path + ": cannot open: " + std::strerror(errno));
    bool ok = writeChunks(fd, chunks);
    int e = errno;
    if (::close(fd) != 0 && ok) {
      ok = false;
      e = errno;
    }
    if (!ok)
      return Status::error(path + ": write failed: " + std::strerror(e));
    return Status::success();
  }
  size_t slash = target.rfind('/');
  std::string dir = slash == std::string::npos ? "." : target.substr(0, slash);
  std::string base =
      slash == std::string::npos ? target : target.substr(slash + 1);
  std::string pattern = (dir.empty() ? "" : dir) + "/." + base + ".XXXXXX";
  std::vector<char> tmp(pattern.begin(), pattern.end());
  tmp.push_back('\0');
  int fd = ::mkstemp(tmp.data());
  if (fd < 0)
    return Status::error(path + ": cannot create file in " + dir + ": " +
                         std::strerror(errno));
  bool ok = writeChunks(fd, chunks);
  int e = errno;
  mode_t mode = exists ? (st.st_mode & 07777) : (0666 & ~currentUmask());
  if (ok && ::fchmod(fd, mode) != 0) {
    ok = false;
    e = errno;
  }
  if (::close(fd) != 0 && ok) {
    ok = false;
    e = errno;
  }
  if (!ok || ::rename(tmp.data(), target.c_str()) != 0) {
    if (ok)
      e = errno;
    ::unlink(tmp.data());
    return Status::error(path + ": write failed: " + std::strerror(e));
  }
  return Status::success();
}

} // namespace convt
