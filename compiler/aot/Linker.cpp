//===- Linker.cpp - Kernel objects to shared objects and archives ---------===//

#include "compiler/aot/Linker.h"

#include "llvm/Object/ArchiveWriter.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/Program.h"

#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <fcntl.h>
#include <spawn.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

extern char **environ;

namespace convt {

namespace {

/// LLVM 14's lld: Debian's lld-14 (scripts/setup.sh installs it).
Status findLld(std::string &path) {
  for (const char *name : {"ld.lld-14", "ld.lld"}) {
    auto found = llvm::sys::findProgramByName(name);
    if (found) {
      path = *found;
      return Status::success();
    }
  }
  auto found = llvm::sys::findProgramByName("ld.lld", {"/usr/lib/llvm-14/bin"});
  if (found) {
    path = *found;
    return Status::success();
  }
  return Status::error("cannot find LLVM's linker ld.lld (Debian package "
                       "lld-14) to link the kernel");
}

/// `path` + a unique suffix, for writing before the rename.
std::string tempNameFor(const std::string &path) {
  static int counter = 0;
  return path + ".tmp." + std::to_string(::getpid()) + "." +
         std::to_string(__atomic_fetch_add(&counter, 1, __ATOMIC_RELAXED));
}

Status renameIntoPlace(const std::string &tmp, const std::string &path) {
  if (std::rename(tmp.c_str(), path.c_str()) != 0) {
    int e = errno;
    std::remove(tmp.c_str());
    return Status::error(StatusCode::IoError, "cannot move " + tmp + " to " +
                                                  path + ": " +
                                                  std::strerror(e));
  }
  return Status::success();
}

} // namespace

std::string tempRoot() {
  const char *t = std::getenv("TMPDIR");
  return t && *t ? t : "/tmp";
}

Status makePrivateTempDir(const std::string &prefix, std::string &dir) {
  std::string pattern = tempRoot() + "/" + prefix + "-XXXXXX";
  std::vector<char> buf(pattern.begin(), pattern.end());
  buf.push_back('\0');
  if (!mkdtemp(buf.data()))
    return Status::error(StatusCode::IoError,
                         "cannot create a directory under " + tempRoot() +
                             ": " + std::strerror(errno));
  dir = buf.data();
  return Status::success();
}

Status runCommand(const std::vector<std::string> &argv) {
  std::string dir;
  if (Status s = makePrivateTempDir("convt-cmd", dir); !s)
    return s;
  std::string logPath = dir + "/log";
  int fd = ::open(logPath.c_str(), O_RDWR | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
  if (fd < 0) {
    ::rmdir(dir.c_str());
    return Status::error(StatusCode::IoError, "cannot create " + logPath);
  }
  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_adddup2(&actions, fd, 1);
  posix_spawn_file_actions_adddup2(&actions, fd, 2);
  std::vector<char *> args;
  for (const std::string &a : argv)
    args.push_back(const_cast<char *>(a.c_str()));
  args.push_back(nullptr);
  pid_t pid;
  int rc = posix_spawnp(&pid, args[0], &actions, nullptr, args.data(), environ);
  posix_spawn_file_actions_destroy(&actions);
  int status = 0;
  if (rc == 0)
    while (waitpid(pid, &status, 0) < 0 && errno == EINTR)
      ;
  // The log is read only once the command has finished writing it.
  std::string log;
  char chunk[4096];
  ::lseek(fd, 0, SEEK_SET);
  ssize_t n;
  while (log.size() < (1 << 16) && (n = ::read(fd, chunk, sizeof chunk)) > 0)
    log.append(chunk, static_cast<size_t>(n));
  ::close(fd);
  std::remove(logPath.c_str());
  ::rmdir(dir.c_str());
  if (rc != 0)
    return Status::error("cannot run " + argv[0] + ": " + std::strerror(rc));
  if (!WIFEXITED(status) || WEXITSTATUS(status) != 0) {
    while (!log.empty() && log.back() == '\n')
      log.pop_back();
    return Status::error(argv[0] + " failed" +
                         (log.empty() ? std::string() : ": " + log));
  }
  return Status::success();
}

Status linkSharedObject(const std::string &object, const KernelMetadata &meta,
                        const std::string &library) {
  std::string lld;
  if (Status s = findLld(lld); !s)
    return s;
  std::string tmp = tempNameFor(library);
  // Undefined symbols (the Halide runtime, libc's memcpy) bind when the
  // runtime loads the kernel.
  Status s = runCommand({lld, "-shared", "--hash-style=both", "-z", "now", "-z",
                         "noexecstack", "-o", tmp, object,
                         "--defsym=" + std::string(kMetadataSymbol) + "=" +
                             metadataSymbolOf(meta.entry)});
  if (!s) {
    std::remove(tmp.c_str());
    return s;
  }
  return renameIntoPlace(tmp, library);
}

Status writeStaticLibrary(const std::string &object,
                          const std::string &archive) {
  auto member = llvm::NewArchiveMember::getFile(object, /*Deterministic=*/true);
  if (!member)
    return Status::error(StatusCode::IoError,
                         "cannot read " + object + ": " +
                             llvm::toString(member.takeError()));
  std::string tmp = tempNameFor(archive);
  std::vector<llvm::NewArchiveMember> members;
  members.push_back(std::move(*member));
  if (llvm::Error e = llvm::writeArchive(tmp, members, /*WriteSymtab=*/true,
                                         llvm::object::Archive::K_GNU,
                                         /*Deterministic=*/true,
                                         /*Thin=*/false)) {
    std::remove(tmp.c_str());
    return Status::error(StatusCode::IoError, "cannot write " + archive + ": " +
                                                  llvm::toString(std::move(e)));
  }
  return renameIntoPlace(tmp, archive);
}

} // namespace convt
