//===- Jit.cpp - Layers to loaded kernels, cached in memory ---------------===//

#include "compiler/jit/Jit.h"
#include "compiler/aot/Linker.h"

#include <cstdio>
#include <cstdlib>
#include <unistd.h>

namespace convt {

JitCompiler::JitCompiler(DiskCache *disk) : disk_(disk) {
  workDirStatus_ = makePrivateTempDir("convt-jit", workDir_);
}

JitCompiler::~JitCompiler() {
  if (!workDir_.empty())
    ::rmdir(workDir_.c_str());
}

Status JitCompiler::getKernel(const CanonicalLayer &layer,
                              const BackendOptions &options,
                              std::shared_ptr<Kernel> &out,
                              const std::string &name) {
  std::string problem = layer.validate();
  if (!problem.empty())
    return Status::error("invalid layer: " + problem);
  KernelKey key;
  if (Status s = makeKernelKey(layer, options, key); !s)
    return s;
  return cache_.getOrCreate(
      key.str(),
      [&](std::shared_ptr<Kernel> &k) {
        return loadOrCompile(layer, options, key, name, k);
      },
      out);
}

Status JitCompiler::loadOrCompile(const CanonicalLayer &layer,
                                  const BackendOptions &options,
                                  const KernelKey &key, const std::string &name,
                                  std::shared_ptr<Kernel> &out) {
  std::string hash = key.hash();
  if (!disk_)
    return compile(layer, options, name, hash, out);
  bool found = false;
  if (Status s = disk_->load(hash, out, found); s && found) {
    ++diskHits_;
    return s;
  }
  // One process compiles; the others wait here and then find its entry.
  std::unique_ptr<DiskCache::Lock> lock = disk_->lock(hash);
  if (Status s = disk_->load(hash, out, found); s && found) {
    ++diskHits_;
    return s;
  }
  return compile(layer, options, name, hash, out);
}

Status JitCompiler::compile(const CanonicalLayer &layer,
                            const BackendOptions &options,
                            const std::string &name, const std::string &hash,
                            std::shared_ptr<Kernel> &out) {
  if (!workDirStatus_)
    return workDirStatus_;
  KernelMetadata meta;
  // The entry's name is the key's hash, unique per kernel; the object's
  // name must be unique per call too (two compilers may share a key).
  static int counter = 0;
  std::string base =
      workDir_ + "/k" +
      std::to_string(__atomic_fetch_add(&counter, 1, __ATOMIC_RELAXED));
  std::string object = base + ".o", library = base + ".so";
  Status s = compileKernelObject(layer, options, object, name, meta);
  if (s)
    s = linkSharedObject(object, meta, library);
  std::remove(object.c_str());
  if (s && disk_)
    if (Status stored = disk_->store(hash, library); !stored)
      disk_->warnOnce("store", stored.message() +
                                   "; new kernels are kept in memory only");
  if (s)
    s = Kernel::loadFile(library, out);
  // Loaded objects stay mapped after the file is gone. CONVT_KEEP_KERNELS
  // keeps the file, for profilers that read code from it (perf annotate).
  if (!std::getenv("CONVT_KEEP_KERNELS"))
    std::remove(library.c_str());
  return s;
}

} // namespace convt
