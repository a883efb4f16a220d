//===- CompilerApi.cpp - convt's compiler, for applications ---------------===//

#include "convt/compiler.hpp"

#include "compiler/aot/Aot.h"
#include "compiler/aot/Linker.h"
#include "compiler/driver/Driver.h"
#include "runtime/DiskCache.h"

#include "llvm/Support/JSON.h"

#include <cstdio>
#include <unistd.h>

namespace convt::compiler {

namespace {

/// The spec's layer through the one path (frontend op, the pass,
/// convt.canonical), the backend options, and the spec's name.
bool prepare(const std::string &json, const Options &o, CanonicalLayer &layer,
             BackendOptions &backend, std::string &name, Result &r) {
  name = "layer";
  if (auto v = llvm::json::parse(json))
    if (const llvm::json::Object *obj = v->getAsObject())
      if (auto n = obj->getString("name"))
        name = n->str();
  if (Status s = canonicalLayerFromJson(json, "spec.json", layer); !s) {
    r.error = s.message();
    return false;
  }
  if (Status s = checkSupported(layer); !s) {
    r.error = s.message();
    return false;
  }
  auto kind = parseScheduleName(o.schedule);
  auto expert = ExpertParams::parse(o.expert);
  if (!kind || !expert) {
    r.error = "unknown schedule '" + o.schedule + "' or expert parameters '" +
              o.expert + "'";
    return false;
  }
  backend.schedule = *kind;
  backend.expert = *expert;
  backend.target = o.target;
  backend.threads = o.threads;
  return true;
}

} // namespace

Result compile(const std::string &specJson, const Options &options) {
  Result r;
  CanonicalLayer layer;
  BackendOptions backend;
  std::string name;
  if (!prepare(specJson, options, layer, backend, name, r))
    return r;
  KernelKey key;
  if (Status s = makeKernelKey(layer, backend, key); !s) {
    r.error = s.message();
    return r;
  }
  r.key = key.hash();
  DiskCache cache(options.cacheDir.empty() ? DiskCache::defaultDir()
                                           : options.cacheDir);
  r.cacheDir = cache.dir();
  std::string warnings;
  cache.setWarningHandler([&](const std::string &m) { warnings += m; });
  if (cache.has(r.key)) {
    r.ok = r.fromCache = true;
    return r;
  }
  std::unique_ptr<DiskCache::Lock> lock = cache.lock(r.key);
  if (cache.has(r.key)) {
    r.ok = r.fromCache = true;
    return r;
  }
  std::string work;
  if (Status s = makePrivateTempDir("convt-compile", work); !s) {
    r.error = s.message();
    return r;
  }
  std::string object = work + "/kernel.o", library = work + "/kernel.so";
  KernelMetadata meta;
  Status s = compileKernelObject(layer, backend, object, name, meta);
  if (s)
    s = linkSharedObject(object, meta, library);
  if (s)
    s = cache.store(r.key, library);
  std::remove(object.c_str());
  std::remove(library.c_str());
  ::rmdir(work.c_str());
  if (!s) {
    r.error = s.message() + (warnings.empty() ? "" : " (" + warnings + ")");
    return r;
  }
  r.ok = true;
  return r;
}

Result compileAot(const std::string &specJson, const std::string &dir,
                  const std::string &name, const Options &options) {
  Result r;
  CanonicalLayer layer;
  BackendOptions backend;
  std::string specName;
  if (!prepare(specJson, options, layer, backend, specName, r))
    return r;
  AotFiles files;
  if (Status s = compileAot(layer, backend, name.empty() ? specName : name, dir,
                            files);
      !s) {
    r.error = s.message();
    return r;
  }
  r.ok = true;
  r.key = files.metadata.key;
  r.sharedObject = files.sharedObject;
  r.staticLibrary = files.staticLibrary;
  r.header = files.header;
  return r;
}

std::string version() { return compilerVersion(); }

} // namespace convt::compiler
