//===- Device.cpp - convtc run and bench for GPU targets ------------------===//
//
// A GPU kernel runs out of this process: compiled ahead of time into a
// private directory, then run by convt-runner (installed beside convtc),
// which links only the runtime. OpenCL on PoCL needs that: PoCL's LLVM 15
// and the LLVM 14 convtc links crash in one process on the first kernel
// build. CUDA takes the same path, so both behave alike.
//
//===----------------------------------------------------------------------===//

#include "tools/convtc/Commands.h"

#include "compiler/aot/Aot.h"
#include "compiler/aot/Linker.h"
#include "runtime/Npy.h"

#include "llvm/Support/FileSystem.h"
#include "llvm/Support/Path.h"
#include "llvm/Support/Program.h"
#include "llvm/Support/raw_ostream.h"

using namespace convt;

namespace convtc {

namespace {

/// convt-runner beside this executable.
Status runnerPath(std::string &path) {
  std::string self = llvm::sys::fs::getMainExecutable(
      nullptr, reinterpret_cast<void *>(&runnerPath));
  llvm::SmallString<256> p(llvm::sys::path::parent_path(self));
  llvm::sys::path::append(p, "convt-runner");
  if (!llvm::sys::fs::can_execute(p))
    return Status::error(StatusCode::NotFound,
                         "GPU kernels run in convt-runner, which is not "
                         "beside convtc (" +
                             std::string(p) + ")");
  path = std::string(p);
  return Status::success();
}

/// A private directory removed with everything in it when done.
struct WorkDir {
  std::string path;
  ~WorkDir() {
    if (!path.empty())
      llvm::sys::fs::remove_directories(path);
  }
};

/// Compiles `layer` for its GPU target into a new private directory.
Status compileForDevice(const Layer &layer, const BackendOptions &options,
                        WorkDir &work, AotFiles &files) {
  if (Status s = makePrivateTempDir("convt-gpu", work.path); !s)
    return s;
  return compileAot(layer.canonical, options, "kernel", work.path, files);
}

/// Runs convt-runner with `args`; its output goes to ours. Its exit status,
/// or an error when it could not be started or was killed.
Status runRunner(const std::vector<std::string> &args, int &rc) {
  std::string runner;
  if (Status s = runnerPath(runner); !s)
    return s;
  std::vector<llvm::StringRef> argv = {runner};
  for (const std::string &a : args)
    argv.push_back(a);
  std::string error;
  rc = llvm::sys::ExecuteAndWait(runner, argv, llvm::None, {}, 0, 0, &error);
  if (rc < 0)
    return Status::error("convt-runner failed: " +
                         (error.empty() ? std::string("killed") : error));
  return Status::success();
}

} // namespace

int runOnDevice(const Layer &layer, const RunOptions &o,
                const std::vector<float> &weight,
                const std::vector<float> &bias) {
  const CanonicalLayer &l = layer.canonical;
  WorkDir work;
  AotFiles files;
  if (Status s = compileForDevice(layer, o.backend, work, files); !s)
    return fail(s.message());
  // The weight and bias as the runner reads them (given, or initialised as
  // the framework does).
  std::string w = work.path + "/weight.npy", b = work.path + "/bias.npy";
  if (Status s = writeNpy(w, l.weightShape(), weight.data()); !s)
    return fail(s.message());
  std::vector<std::string> args = {files.sharedObject, "run", o.input, w};
  if (l.hasBias) {
    if (Status s = writeNpy(b, l.biasShape(), bias.data()); !s)
      return fail(s.message());
    args.push_back(b);
  }
  args.push_back(o.output);
  int rc = 0;
  if (Status s = runRunner(args, rc); !s)
    return fail(s.message());
  return rc;
}

int benchOnDevice(const Layer &layer, const BenchOptions &o) {
  const CanonicalLayer &l = layer.canonical;
  if (o.versus)
    return fail("--versus times CPU kernels; for a GPU target, bench each "
                "schedule on its own");
  WorkDir work;
  AotFiles files;
  if (Status s = compileForDevice(layer, o.backend, work, files); !s)
    return fail(s.message());
  if (!o.json) {
    llvm::outs() << layer.name << ": " << formatShape(l.inputShape()) << " -> "
                 << formatShape(l.outputShape()) << " (" << l.dataFormat()
                 << "), " << files.metadata.schedule << ", "
                 << files.metadata.target << "\n";
    llvm::outs().flush();
  }
  std::vector<std::string> args = {files.sharedObject, "bench",
                                   std::to_string(o.seconds)};
  if (o.json) {
    args.push_back("--json");
    args.push_back(layer.name);
  }
  int rc = 0;
  if (Status s = runRunner(args, rc); !s)
    return fail(s.message());
  return rc;
}

} // namespace convtc
