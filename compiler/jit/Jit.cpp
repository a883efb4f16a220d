//===- Jit.cpp - Layers to loaded kernels, cached in memory ---------------===//

#include "compiler/jit/Jit.h"

#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <mutex>
#include <spawn.h>
#include <sstream>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

extern char **environ;

namespace convt {

namespace {

std::string tempRoot() {
  const char *t = std::getenv("TMPDIR");
  return t && *t ? t : "/tmp";
}

std::string readFile(const std::string &path) {
  std::ifstream in(path);
  std::ostringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

/// Links `object` into the shared object `library`, written under a
/// temporary name and renamed, so no reader ever sees half a library.
Status linkShared(const std::string &object, const std::string &library,
                  const std::vector<std::string> &extra = {}) {
  std::string tmp = library + ".tmp." + std::to_string(::getpid());
  std::vector<std::string> argv = {"cc", "-shared", "-o", tmp, object};
  argv.insert(argv.end(), extra.begin(), extra.end());
  if (Status s = runCommand(argv); !s) {
    std::remove(tmp.c_str());
    return s;
  }
  if (std::rename(tmp.c_str(), library.c_str()) != 0) {
    std::remove(tmp.c_str());
    return Status::error("cannot move " + tmp + " into place");
  }
  return Status::success();
}

} // namespace

Status runCommand(const std::vector<std::string> &argv) {
  char logTemplate[] = "/tmp/convt-cmd-XXXXXX";
  int fd = mkstemp(logTemplate);
  if (fd < 0)
    return Status::error("cannot create a temporary file");
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
  close(fd);
  std::string log = readFile(logTemplate);
  std::remove(logTemplate);
  if (rc != 0)
    return Status::error("cannot run " + argv[0] + ": " + std::strerror(rc));
  int status = 0;
  waitpid(pid, &status, 0);
  if (!WIFEXITED(status) || WEXITSTATUS(status) != 0)
    return Status::error(argv[0] + " failed: " + log);
  return Status::success();
}

Status ensureHalideRuntime(const std::string &target) {
  static std::mutex mutex;
  static bool loaded = false;
  std::lock_guard<std::mutex> lock(mutex);
  if (loaded)
    return Status::success();
  std::string resolved;
  if (Status s = resolveTarget(target, resolved); !s)
    return s;
  // One runtime per Halide version and target, shared by processes.
  std::string dir =
      tempRoot() + "/convt-halide-runtime-" + std::to_string(::getuid());
  ::mkdir(dir.c_str(), 0700);
  std::string base = dir + "/" + stableHash(backendVersion() + "|" + resolved);
  std::string library = base + ".so";
  if (::access(library.c_str(), R_OK) != 0) {
    std::string object = base + "." + std::to_string(::getpid()) + ".o";
    Status s = compileHalideRuntime(target, object);
    if (s)
      s = linkShared(object, library, {"-ldl", "-lpthread"});
    std::remove(object.c_str());
    if (!s)
      return s;
  }
  if (Status s = loadHalideRuntime(library); !s)
    return s;
  loaded = true;
  return Status::success();
}

JitCompiler::JitCompiler() {
  std::string pattern = tempRoot() + "/convt-jit-XXXXXX";
  std::vector<char> buf(pattern.begin(), pattern.end());
  buf.push_back('\0');
  if (mkdtemp(buf.data()))
    workDir_ = buf.data();
}

JitCompiler::~JitCompiler() {
  if (!workDir_.empty())
    ::rmdir(workDir_.c_str());
}

Status JitCompiler::cacheKey(const CanonicalLayer &layer,
                             const BackendOptions &options, std::string &key) {
  std::string target;
  if (Status s = resolveTarget(options.target, target); !s)
    return s;
  int threads = options.threads > 0 ? options.threads : hardwareThreads();
  key = std::string(kCompilerVersion) + "|" + backendVersion() + "|" + target +
        "|" + scheduleName(options.schedule) +
        (options.schedule == ScheduleKind::Expert
             ? "(" + options.expert.str() + ")"
             : std::string()) +
        "|threads=" + std::to_string(threads) + "|float32|" + layer.str();
  return Status::success();
}

Status JitCompiler::getKernel(const CanonicalLayer &layer,
                              const BackendOptions &options,
                              std::shared_ptr<Kernel> &out) {
  std::string problem = layer.validate();
  if (!problem.empty())
    return Status::error("invalid layer: " + problem);
  std::string key;
  if (Status s = cacheKey(layer, options, key); !s)
    return s;
  return cache_.getOrCreate(
      key,
      [&](std::shared_ptr<Kernel> &k) {
        return compile(layer, options, key, k);
      },
      out);
}

Status JitCompiler::compile(const CanonicalLayer &layer,
                            const BackendOptions &options,
                            const std::string &key,
                            std::shared_ptr<Kernel> &out) {
  if (workDir_.empty())
    return Status::error("cannot create a working directory under " +
                         tempRoot());
  if (Status s = ensureHalideRuntime(options.target); !s)
    return s;
  std::string function = "convt_" + stableHash(key);
  std::string object = workDir_ + "/" + function + ".o";
  std::string library = workDir_ + "/" + function + ".so";
  KernelAbi abi;
  Status s = compileKernelObject(layer, options, object, function, abi);
  if (s)
    s = linkShared(object, library);
  std::remove(object.c_str());
  if (s)
    s = Kernel::load(library, function, layer, out, abi.packFunction,
                     abi.packedWeightShape);
  // Loaded objects stay mapped after the file is gone. CONVT_KEEP_KERNELS
  // keeps the file, for profilers that read code from it (perf annotate).
  if (!std::getenv("CONVT_KEEP_KERNELS"))
    std::remove(library.c_str());
  return s;
}

} // namespace convt
