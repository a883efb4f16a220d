//===- convtc.cpp - The convt driver --------------------------------------===//
//
// convtc emit SPEC --stage=S [--schedule=K] [--target=T] [-o FILE]
// convtc info SPEC
// convtc run SPEC --input X.npy [--weight W.npy] [--bias B.npy] [--seed N]
//                 --output Y.npy [--schedule=K] [--threads=N]
// convtc bench SPEC [--threads=N] [--json] [--schedule=K] [--seconds=S]
//
// SPEC is a JSON layer spec, a .mlir file holding one frontend op in a
// function, or "-" for JSON on stdin (docs/cli-and-spec.md). Errors print as
// "file:line:col: error: ..." (or "error: ...") and exit with status 1.
//
//===----------------------------------------------------------------------===//

#include "tools/convtc/Commands.h"

#include "dialects/convt/ConvtOps.h"
#include "runtime/FileWrite.h"

#include "mlir/IR/Diagnostics.h"
#include "mlir/IR/MLIRContext.h"
#include "mlir/Support/FileUtilities.h"

#include "llvm/Support/CommandLine.h"
#include "llvm/Support/Format.h"
#include "llvm/Support/InitLLVM.h"
#include "llvm/Support/ToolOutputFile.h"
#include "llvm/Support/raw_ostream.h"

using namespace mlir;
namespace cl = llvm::cl;

namespace {

/// convtc's own options; --help shows these only (LLVM's code-generator
/// options are hidden, as clang and mlir-opt hide theirs).
cl::OptionCategory category("convtc options");

cl::SubCommand emitCmd("emit", "Print one stage of a layer");
cl::SubCommand infoCmd("info",
                       "Summarise a layer: shapes, canonical form, FLOPs");
cl::SubCommand runCmd("run", "Compile (or fetch from the cache) and run a "
                             "layer on .npy files");
cl::SubCommand benchCmd("bench", "Time the compiled kernel on random data");
cl::SubCommand tuneCmd("tune", "Search schedules on this machine and store the "
                               "fastest for the layer");
cl::SubCommand cacheCmd("cache",
                        "Inspect the kernel cache: list, stats, verify, clear");
cl::SubCommand compileCmd("compile",
                          "Compile a layer ahead of time: a shared object, "
                          "a static library and a C header in -o DIR");

cl::opt<std::string> specPath(cl::Positional, cl::Required,
                              cl::desc("<spec.json | layer.mlir | ->"),
                              cl::cat(category), cl::sub(emitCmd),
                              cl::sub(infoCmd), cl::sub(runCmd),
                              cl::sub(benchCmd), cl::sub(tuneCmd),
                              cl::sub(compileCmd));

cl::opt<std::string> cacheAction(cl::Positional, cl::Required,
                                 cl::desc("<list | stats | verify | clear>"),
                                 cl::cat(category), cl::sub(cacheCmd));
cl::opt<std::string> cacheDirOpt(
    "cache-dir",
    cl::desc("Kernel cache directory (default: $CONVT_CACHE_DIR, else "
             "$XDG_CACHE_HOME/convt, else ~/.cache/convt)"),
    cl::cat(category), cl::sub(cacheCmd), cl::sub(runCmd), cl::sub(benchCmd),
    cl::sub(tuneCmd));
cl::opt<bool> noCacheOpt("no-disk-cache",
                         cl::desc("Compile in memory only: neither read nor "
                                  "write the kernel cache"),
                         cl::cat(category), cl::sub(runCmd), cl::sub(benchCmd),
                         cl::sub(tuneCmd));

enum class Stage { Frontend, Canonical, Halide, Schedule, Stmt, Llvm, Asm };
cl::opt<Stage> stage(
    "stage", cl::desc("The stage to print"), cl::init(Stage::Canonical),
    cl::values(clEnumValN(Stage::Frontend, "frontend",
                          "the frontend op, in its framework's terms"),
               clEnumValN(Stage::Canonical, "canonical",
                          "after --convt-to-canonical"),
               clEnumValN(Stage::Halide, "halide", "the Halide algorithm"),
               clEnumValN(Stage::Schedule, "schedule",
                          "the schedule and the loop nest it gives"),
               clEnumValN(Stage::Stmt, "stmt", "the lowered Halide loop nest"),
               clEnumValN(Stage::Llvm, "llvm", "LLVM IR of the kernel"),
               clEnumValN(Stage::Asm, "asm", "assembly of the kernel")),
    cl::cat(category), cl::sub(emitCmd));

cl::opt<std::string> outputPath("o",
                                cl::desc("emit: output file (default: "
                                         "stdout); compile: output directory"),
                                cl::value_desc("path"), cl::init("-"),
                                cl::cat(category), cl::sub(emitCmd),
                                cl::sub(compileCmd));
cl::opt<std::string> nameOpt("name",
                             cl::desc("Name of the kernel's files and "
                                      "convt_load_<name> (default: the "
                                      "spec's name)"),
                             cl::cat(category), cl::sub(compileCmd));

cl::opt<std::string> scheduleOpt(
    "schedule",
    cl::desc("expert, mullapudi2016, adams2019 or li2018 (default: expert)"),
    cl::init(convt::scheduleName(convt::kDefaultSchedule)), cl::cat(category),
    cl::sub(emitCmd), cl::sub(runCmd), cl::sub(benchCmd), cl::sub(compileCmd));
cl::opt<std::string> expertOpt(
    "expert",
    cl::desc("Parameters of the expert schedule, "
             "v<vectors>m<tile>k<channel block>[t<1|2>][f<1|2|3>] (form f1 "
             "gather, f2 phase-major with channel vectors and m columns per "
             "tile, f3 phase-major with v column vectors and m channels per "
             "tile), e.g. v4m5k64f2, or auto"),
    cl::init("auto"), cl::cat(category), cl::sub(emitCmd), cl::sub(runCmd),
    cl::sub(benchCmd), cl::sub(compileCmd));
cl::opt<std::string> targetOpt("target",
                               cl::desc("host, or a Halide CPU target "
                                        "string (x86-64-linux-avx2, "
                                        "arm-64-linux, ...)"),
                               cl::init("host"), cl::cat(category),
                               cl::sub(emitCmd), cl::sub(runCmd),
                               cl::sub(benchCmd), cl::sub(compileCmd));
cl::opt<int> threadsOpt("threads",
                        cl::desc("Threads the kernel runs on (0: all cores)"),
                        cl::init(0), cl::cat(category), cl::sub(runCmd),
                        cl::sub(benchCmd), cl::sub(tuneCmd),
                        cl::sub(compileCmd));
cl::opt<bool> tunedOpt(
    "tuned",
    cl::desc("Use the layer's tuned schedule (tuning it first if needed)"),
    cl::cat(category), cl::sub(runCmd), cl::sub(benchCmd), cl::sub(compileCmd));
cl::opt<std::string> dbOpt("db",
                           cl::desc("Tuning database (default: "
                                    "$CONVT_TUNING_DB or "
                                    "~/.cache/convt/tuning.json)"),
                           cl::cat(category), cl::sub(runCmd),
                           cl::sub(benchCmd), cl::sub(tuneCmd),
                           cl::sub(compileCmd));
cl::opt<bool> noAutoOpt("no-autoschedulers",
                        cl::desc("Search only the expert template"),
                        cl::cat(category), cl::sub(tuneCmd));
cl::opt<double> tuneSecondsOpt(
    "seconds-per-candidate",
    cl::desc("Time spent measuring each candidate (default 0.2)"),
    cl::init(0.2), cl::cat(category), cl::sub(tuneCmd));

cl::opt<std::string> inputOpt("input", cl::desc("Input .npy [N, C_in, ...]"),
                              cl::cat(category), cl::sub(runCmd));
cl::opt<std::string>
    weightOpt("weight",
              cl::desc("Weight .npy [C_in, C_out/groups, k...]; default: "
                       "initialised as the framework does"),
              cl::cat(category), cl::sub(runCmd));
cl::opt<std::string>
    biasOpt("bias",
            cl::desc("Bias .npy [C_out]; default: initialised as the "
                     "framework does"),
            cl::cat(category), cl::sub(runCmd));
cl::opt<uint64_t> seedOpt("seed", cl::desc("Seed of the initialisers"),
                          cl::init(0), cl::cat(category), cl::sub(runCmd));
cl::opt<std::string> runOutputOpt("output", cl::desc("Output .npy"),
                                  cl::cat(category), cl::sub(runCmd));

cl::opt<bool> jsonOpt("json", cl::desc("Print one JSON object"),
                      cl::cat(category), cl::sub(benchCmd));
cl::opt<std::string> versusOpt(
    "versus",
    cl::desc("A second expert schedule (parameters as --expert) or "
             "autoscheduler name, timed against the first call by call"),
    cl::cat(category), cl::sub(benchCmd));
cl::opt<std::string> dataFormatOpt(
    "data-format",
    cl::desc("Layout of input and output, overriding the spec's data_format "
             "(NCHW, NHWC, ... of the layer's rank), or 'all': time each "
             "layout and name the fastest"),
    cl::cat(category), cl::sub(benchCmd), cl::sub(tuneCmd));
cl::opt<double> secondsOpt("seconds",
                           cl::desc("Time spent measuring (default 1)"),
                           cl::init(1.0), cl::cat(category), cl::sub(benchCmd));

/// Renders the output in memory, then writes it as every output file is
/// written (runtime/FileWrite.h): never half a file, through links, into
/// devices with errors reported.
int writeOutput(const std::function<void(llvm::raw_ostream &)> &print) {
  std::string text;
  llvm::raw_string_ostream os(text);
  print(os);
  os.flush();
  if (outputPath == "-") {
    llvm::outs() << text;
    llvm::outs().flush();
    if (llvm::outs().has_error()) {
      llvm::outs().clear_error();
      return convtc::fail("cannot write to standard output");
    }
    return 0;
  }
  if (convt::Status s =
          convt::writeFileSafely(outputPath, {{text.data(), text.size()}});
      !s)
    return convtc::fail(s.message());
  return 0;
}

bool backendOptions(convt::BackendOptions &o) {
  auto kind = convt::parseScheduleName(scheduleOpt);
  if (!kind) {
    convtc::fail("unknown schedule '" + scheduleOpt +
                 "' (expected expert, mullapudi2016, adams2019 or li2018)");
    return false;
  }
  o.schedule = *kind;
  auto expert = convt::ExpertParams::parse(expertOpt);
  if (!expert) {
    convtc::fail("--expert must be 'auto' or "
                 "v<1|2|4>m<tile>k<channels>[t<1|2>][f<1|2|3>], e.g. "
                 "v2m4k64f2; got '" +
                 expertOpt + "'");
    return false;
  }
  o.expert = *expert;
  o.target = targetOpt;
  if (threadsOpt < 0) {
    convtc::fail("--threads must be 0 (all cores) or positive");
    return false;
  }
  o.threads = threadsOpt;
  return true;
}

int runEmit(convt::LoadedLayer &loaded) {
  if (stage == Stage::Frontend || stage == Stage::Canonical) {
    if (stage == Stage::Canonical &&
        failed(convt::lowerToLayer(*loaded.module)))
      return 1;
    return writeOutput(
        [&](llvm::raw_ostream &os) { loaded.module->print(os); });
  }
  convtc::Layer layer;
  convt::BackendOptions options;
  if (!convtc::canonicalLayerOf(loaded, layer) || !backendOptions(options))
    return 1;
  convt::BackendStage s = stage == Stage::Halide ? convt::BackendStage::Halide
                          : stage == Stage::Schedule
                              ? convt::BackendStage::Schedule
                          : stage == Stage::Stmt ? convt::BackendStage::Stmt
                          : stage == Stage::Llvm ? convt::BackendStage::Llvm
                                                 : convt::BackendStage::Asm;
  std::string text;
  if (convt::Status st =
          convt::emitBackendStage(layer.canonical, options, s, text);
      !st)
    return convtc::fail(st.message());
  return writeOutput([&](llvm::raw_ostream &os) { os << text; });
}

int runInfo(convtc::Layer &layer) {
  const convt::CanonicalLayer &l = layer.canonical;
  auto &os = llvm::outs();
  os << layer.name << ": " << layer.frontendOp << "\n";
  os << "  input  " << convt::formatShape(l.inputShape()) << "\n";
  os << "  weight " << convt::formatShape(l.weightShape()) << "\n";
  if (l.hasBias)
    os << "  bias   " << convt::formatShape(l.biasShape()) << "\n";
  os << "  output " << convt::formatShape(l.outputShape()) << "\n";
  os << "  canonical: " << l.str() << "\n";
  os << "  useful GFLOP: " << llvm::format("%.6f", l.usefulFlops() * 1e-9)
     << "\n";
  return 0;
}

} // namespace

namespace convtc {

bool canonicalLayerOf(convt::LoadedLayer &loaded, Layer &layer) {
  Operation *op = *convt::findLayerOp(*loaded.module);
  layer.name = op->getParentOfType<FuncOp>().getName().str();
  layer.frontendOp = op->getName().getStringRef().str();
  if (loaded.spec)
    layer.init = convt::initSchemeOf(*loaded.spec);
  else
    layer.init.style = isa<convt::MindSporeOp>(op) ? convt::Style::MindSpore
                                                   : convt::Style::Torch;
  auto lowered = convt::lowerToLayer(*loaded.module);
  if (failed(lowered))
    return false;
  layer.canonical = *lowered;
  return true;
}

} // namespace convtc

int runConvtc(int argc, char **argv);

int main(int argc, char **argv) {
  llvm::InitLLVM init(argc, argv);
  int rc = runConvtc(argc, argv);
  // A full or closed standard output is an error, not an abort in
  // raw_fd_ostream's destructor.
  llvm::outs().flush();
  if (llvm::outs().has_error()) {
    llvm::outs().clear_error();
    llvm::errs() << "error: cannot write to standard output\n";
    return 1;
  }
  return rc;
}

int runConvtc(int argc, char **argv) {
  for (cl::SubCommand *sub :
       {&*cl::TopLevelSubCommand, &emitCmd, &infoCmd, &runCmd, &benchCmd,
        &tuneCmd, &compileCmd, &cacheCmd})
    cl::HideUnrelatedOptions(category, *sub);
  cl::SetVersionPrinter([](llvm::raw_ostream &os) {
    os << "convtc " << convt::compilerVersion() << "\n";
  });
  cl::ParseCommandLineOptions(argc, argv,
                              "convt: transposed-convolution compiler\n");
  if (!emitCmd && !infoCmd && !runCmd && !benchCmd && !tuneCmd && !compileCmd &&
      !cacheCmd)
    return convtc::fail("expected a command: emit, info, run, bench, tune, "
                        "compile, cache (see --help)");
  if (cacheCmd)
    return convtc::cacheCommand(cacheAction, cacheDirOpt);
  convtc::setDiskCache(noCacheOpt            ? std::string()
                       : cacheDirOpt.empty() ? convt::DiskCache::defaultDir()
                                             : std::string(cacheDirOpt));

  DialectRegistry registry;
  convt::registerConvtDialects(registry);
  MLIRContext ctx(registry);
  llvm::SourceMgr sourceMgr;
  SourceMgrDiagnosticHandler diagnostics(sourceMgr, &ctx);
  // A diagnostic with no position (an unreadable file) prints as a plain
  // "error: ..." line rather than "<unknown>:0: error: ...".
  ctx.getDiagEngine().registerHandler([](Diagnostic &diag) {
    if (!diag.getLocation().isa<UnknownLoc>())
      return failure();
    llvm::errs() << "error: " << diag.str() << "\n";
    return success();
  });

  auto loaded = convt::loadLayer(specPath, sourceMgr, ctx);
  if (failed(loaded))
    return 1;
  if (emitCmd)
    return runEmit(*loaded);

  convtc::Layer layer;
  if (!convtc::canonicalLayerOf(*loaded, layer))
    return 1;
  if (infoCmd)
    return runInfo(layer);

  // The backend's limits (the element type) before any file is read.
  if (convt::Status s = convt::checkSupported(layer.canonical); !s)
    return convtc::fail(s.message());
  // Layouts: the spec's, one named, or both (bench only).
  std::vector<bool> layouts = {layer.canonical.channelsLast};
  if (!dataFormatOpt.empty()) {
    const int rank = layer.canonical.rank;
    bool last = false;
    if (dataFormatOpt == "all" && benchCmd)
      layouts = {false, true};
    else if (convt::parseDataFormat(dataFormatOpt, rank, last))
      layouts = {last};
    else
      return convtc::fail(std::string("--data-format must be ") +
                          convt::dataFormatName(rank, false) + " or " +
                          convt::dataFormatName(rank, true) +
                          (benchCmd ? " (or all)" : "") + " for this " +
                          std::to_string(rank) + "-D layer, got '" +
                          dataFormatOpt + "'");
    layer.canonical.channelsLast = layouts.front();
  }

  if (tuneCmd) {
    if (threadsOpt < 0)
      return convtc::fail("--threads must be 0 (all cores) or positive");
    convtc::TuneCommandOptions o;
    o.tune.threads = threadsOpt;
    o.tune.secondsPerCandidate = tuneSecondsOpt;
    o.tune.autoschedulers = !noAutoOpt;
    o.db = dbOpt;
    return convtc::tuneLayerCommand(layer, o);
  }

  convt::BackendOptions backend;
  if (!backendOptions(backend))
    return 1;
  if (tunedOpt && !convtc::applyTuned(layer, dbOpt, backend))
    return 1;
  if (compileCmd) {
    if (outputPath == "-")
      return convtc::fail("compile needs -o DIR");
    return convtc::compileLayer(layer, backend, outputPath,
                                nameOpt.empty() ? std::string(layer.name)
                                                : std::string(nameOpt));
  }
  if (runCmd) {
    if (inputOpt.empty())
      return convtc::fail("run needs --input X.npy");
    if (runOutputOpt.empty())
      return convtc::fail("run needs --output Y.npy");
    convtc::RunOptions o;
    o.input = inputOpt;
    o.weight = weightOpt;
    o.bias = biasOpt;
    o.output = runOutputOpt;
    o.seed = seedOpt;
    o.backend = backend;
    return convtc::runLayer(layer, o);
  }
  convtc::BenchOptions o;
  o.backend = backend;
  o.json = jsonOpt;
  o.seconds = secondsOpt;
  if (!versusOpt.empty()) {
    convt::BackendOptions v = backend;
    if (auto kind = convt::parseScheduleName(versusOpt);
        kind && *kind != convt::ScheduleKind::Expert) {
      v.schedule = *kind;
    } else if (auto expert = convt::ExpertParams::parse(versusOpt)) {
      v.schedule = convt::ScheduleKind::Expert;
      v.expert = *expert;
    } else {
      return convtc::fail("--versus must be expert parameters (as --expert) "
                          "or an autoscheduler name; got '" +
                          versusOpt + "'");
    }
    o.versus = v;
  }
  if (layouts.size() == 1)
    return convtc::benchLayer(layer, o);
  // Every layout, then which was fastest (by the minimum call time).
  std::vector<double> best;
  for (bool last : layouts) {
    layer.canonical.channelsLast = last;
    double ms = 0;
    if (int rc = convtc::benchLayer(layer, o, &ms))
      return rc;
    best.push_back(ms);
  }
  if (!o.json && !o.versus) {
    size_t i = std::min_element(best.begin(), best.end()) - best.begin();
    llvm::outs() << "fastest layout: "
                 << convt::dataFormatName(layer.canonical.rank, layouts[i])
                 << " (" << llvm::format("%.3f", best[1 - i] / best[i])
                 << "x the other)\n";
  }
  return 0;
}
