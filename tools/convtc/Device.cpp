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
#include "runtime/CpuFeatures.h"
#include "runtime/Npy.h"

#include "llvm/Support/FileSystem.h"
#include "llvm/Support/Format.h"
#include "llvm/Support/JSON.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/Path.h"
#include "llvm/Support/Program.h"
#include "llvm/Support/raw_ostream.h"

#include <atomic>
#include <csignal>

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

/// Runs convt-runner with `args`; its output goes to ours, or with
/// `captured`, its standard output into that string. Its exit status, or
/// an error when it could not be started or was killed.
Status runRunner(const std::vector<std::string> &args, int &rc,
                 std::string *captured = nullptr) {
  std::string runner;
  if (Status s = runnerPath(runner); !s)
    return s;
  std::vector<llvm::StringRef> argv = {runner};
  for (const std::string &a : args)
    argv.push_back(a);
  WorkDir work;
  std::string outPath;
  llvm::Optional<llvm::StringRef> redirects[3] = {llvm::None, llvm::None,
                                                  llvm::None};
  if (captured) {
    if (Status s = makePrivateTempDir("convt-runner", work.path); !s)
      return s;
    outPath = work.path + "/stdout";
    redirects[1] = llvm::StringRef(outPath);
  }
  std::string error;
  rc = llvm::sys::ExecuteAndWait(
      runner, argv, llvm::None,
      captured ? llvm::ArrayRef<llvm::Optional<llvm::StringRef>>(redirects)
               : llvm::ArrayRef<llvm::Optional<llvm::StringRef>>(),
      0, 0, &error);
  if (rc < 0)
    return Status::error("convt-runner failed: " +
                         (error.empty() ? std::string("killed") : error));
  if (captured) {
    auto text = llvm::MemoryBuffer::getFile(outPath);
    *captured = text ? (*text)->getBuffer().str() : "";
  }
  return Status::success();
}

/// "cuda" or "opencl" for GPU target `target`.
Status deviceApi(const std::string &target, std::string &api) {
  std::string resolved;
  if (Status s = resolveTarget(target, resolved); !s)
    return s;
  api = targetDevice(resolved);
  if (api.empty())
    return Status::error("target '" + target + "' has no GPU");
  return Status::success();
}

/// The name of the device `target`'s kernels run on, from convt-runner.
Status deviceNameOf(const std::string &target, std::string &name) {
  std::string api, out;
  if (Status s = deviceApi(target, api); !s)
    return s;
  int rc = 0;
  if (Status s = runRunner({"--device-name", api}, rc, &out); !s)
    return s;
  while (!out.empty() && (out.back() == '\n' || out.back() == ' '))
    out.pop_back();
  if (rc != 0 || out.empty())
    return Status::error("no " + api +
                         " device to run on (convt-runner "
                         "--device-name " +
                         api + " failed)");
  name = out;
  return Status::success();
}

/// The tuning database's key of `layer` on `target`'s device: the CPU
/// key's fields and the device's name.
Status gpuTuningKey(const Layer &layer, const std::string &target,
                    std::string &key) {
  std::string device;
  if (Status s = deviceNameOf(target, device); !s)
    return s;
  if (Status s = TuningDb::key(layer.canonical, 0, target, key); !s)
    return s;
  key += "|device=" + device;
  return Status::success();
}

std::atomic<bool> interrupted{false};
void onInterrupt(int) { interrupted = true; }

/// Compiles `candidate` and times it on the device (convt-runner bench).
TuneCandidate measureOnDevice(const Layer &layer,
                              const BackendOptions &candidate, double seconds) {
  TuneCandidate c;
  c.options = candidate;
  WorkDir work;
  AotFiles files;
  if (Status s = compileForDevice(layer, candidate, work, files); !s) {
    c.error = s.message();
    return c;
  }
  std::string out;
  int rc = 0;
  Status s = runRunner({files.sharedObject, "bench", std::to_string(seconds),
                        "--json", "candidate"},
                       rc, &out);
  auto json = llvm::json::parse(out);
  const llvm::json::Object *o = json ? json->getAsObject() : nullptr;
  auto ms = o ? o->getNumber("ms_median") : llvm::None;
  if (!json)
    llvm::consumeError(json.takeError());
  if (!s || rc != 0 || !ms) {
    c.error = !s ? s.message()
                 : "convt-runner failed (status " + std::to_string(rc) + ")";
    return c;
  }
  c.ms = *ms;
  return c;
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

Status tuneOnDevice(const Layer &layer, const TuneCommandOptions &o,
                    const std::string &target, TuneCandidate &winner) {
  TuningDb db(o.db.empty() ? TuningDb::defaultPath() : o.db);
  if (Status s = db.check(); !s)
    return s;
  std::string key;
  if (Status s = gpuTuningKey(layer, target, key); !s)
    return s;
  std::vector<BackendOptions> candidates =
      gpuTuneCandidates(layer.canonical, target, o.tune.autoschedulers);
  interrupted = false;
  auto previous = std::signal(SIGINT, onInterrupt);
  winner = TuneCandidate();
  for (size_t i = 0; i < candidates.size() && !interrupted; ++i) {
    TuneCandidate c =
        measureOnDevice(layer, candidates[i], o.tune.secondsPerCandidate);
    if (o.tune.progress)
      o.tune.progress(i, candidates.size(), c);
    if (c.error.empty() && c.ms < winner.ms)
      winner = c;
  }
  std::signal(SIGINT, previous);
  if (interrupted)
    return Status::error("interrupted");
  if (!std::isfinite(winner.ms))
    return Status::error("no GPU candidate ran");
  return db.store(key, winner);
}

int tuneOnDeviceCommand(const Layer &layer, const TuneCommandOptions &o,
                        const std::string &target) {
  TuneCommandOptions options = o;
  options.tune.progress = printTuneCandidate;
  TuneCandidate winner;
  if (Status s = tuneOnDevice(layer, options, target, winner); !s)
    return fail(s.message());
  printTuneWinner(layer, winner, o.db, " on the device");
  return 0;
}

bool applyTunedOnDevice(const Layer &layer, const std::string &dbPath,
                        BackendOptions &backend) {
  TuningDb db(dbPath.empty() ? TuningDb::defaultPath() : dbPath);
  std::string key;
  bool found = false;
  Status s = gpuTuningKey(layer, backend.target, key);
  if (s)
    s = db.lookup(key, backend, found);
  if (!s) {
    fail(s.message());
    return false;
  }
  if (found)
    return true;
  llvm::errs() << layer.name << ": not tuned on this device yet, tuning "
               << "(Ctrl-C stops)\n";
  TuneCommandOptions o;
  o.db = dbPath;
  o.tune.progress = printTuneCount;
  TuneCandidate winner;
  if (Status e = tuneOnDevice(layer, o, backend.target, winner); !e) {
    fail(e.message());
    return false;
  }
  backend.schedule = winner.options.schedule;
  backend.gpu = winner.options.gpu;
  return true;
}

} // namespace convtc
