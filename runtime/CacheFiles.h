//===- CacheFiles.h - The kernel cache's files ------------------*- C++ -*-===//
//
// Shared by the disk cache's lookups and its maintenance: the checks every
// file passes before convt trusts it (owner and mode, size), reading it
// whole, the entry trailer, and small directory helpers.
//
//===----------------------------------------------------------------------===//
#ifndef CONVT_RUNTIME_CACHEFILES_H
#define CONVT_RUNTIME_CACHEFILES_H

#include "runtime/Status.h"

#include <string>
#include <sys/stat.h>
#include <vector>

namespace convt::cachefiles {

/// strerror(errno).
std::string errnoText();

/// Mode and owner as ssh checks them: ours (or root's), and writable by
/// nobody else. Empty when `st` (of `path`) passes.
std::string trustProblem(const struct stat &st, const std::string &path);

/// Reads the whole of `fd`; an error past the largest entry size.
Status readAll(int fd, std::string &bytes);

/// 32 lowercase hex digits: a kernel key hash.
bool isHash(const std::string &s);

/// mkdir -p, new directories 0700.
Status makeDirs(const std::string &dir);

/// The names in directory `dir` but "." and "..".
Status directoryNames(const std::string &dir, std::vector<std::string> &names);

/// Appends an entry's trailer (magic, length, XXH3-64) to the object's
/// bytes; checkEntryBytes (DiskCache.h) checks it.
void appendTrailer(std::string &bytes);

} // namespace convt::cachefiles

#endif // CONVT_RUNTIME_CACHEFILES_H
