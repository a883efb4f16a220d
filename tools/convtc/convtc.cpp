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
#include "tools/convtc/Options.h"

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
using namespace convtc::options;

namespace {

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
  auto gpu = convt::GpuParams::parse(gpuOpt);
  if (!gpu) {
    convtc::fail("--gpu must be 'auto' or "
                 "f<1|2>c<n>q<n>x<n>y<n>z<n>k<n>s<1|2> (at most 1024 "
                 "threads a block), e.g. f2c4q2x8y8z2k4s1; got '" +
                 gpuOpt + "'");
    return false;
  }
  o.gpu = *gpu;
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
                          : stage == Stage::Asm  ? convt::BackendStage::Asm
                                                 : convt::BackendStage::Device;
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
    layer.init.style =
        cast<convt::ConvtLayerOpInterface>(op).getFramework() == "mindspore"
            ? convt::Style::MindSpore
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
        &tuneCmd, &compileCmd, &cacheCmd, &explainCmd, &translateCmd,
        &importCmd})
    cl::HideUnrelatedOptions(category, *sub);
  cl::SetVersionPrinter([](llvm::raw_ostream &os) {
    os << "convtc " << convt::compilerVersion() << "\n";
  });
  cl::ParseCommandLineOptions(argc, argv,
                              "convt: transposed-convolution compiler\n");
  if (!emitCmd && !infoCmd && !runCmd && !benchCmd && !tuneCmd && !compileCmd &&
      !cacheCmd && !explainCmd && !translateCmd && !importCmd)
    return convtc::fail("expected a command: emit, info, run, bench, tune, "
                        "compile, cache, explain, translate, import (see "
                        "--help)");
  if (importCmd)
    return convtc::importModel(
        modelPath, outputPath == "-" ? std::string() : std::string(outputPath),
        std::vector<int64_t>(inputShapeOpt.begin(), inputShapeOpt.end()));
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

  if (explainCmd) {
    if (explainPaths.size() != 2)
      return convtc::fail("explain compares two layers: convtc explain "
                          "A.json B.json");
    convtc::Layer layers[2];
    for (int i = 0; i < 2; ++i) {
      auto loaded = convt::loadLayer(explainPaths[i], sourceMgr, ctx);
      if (failed(loaded) || !convtc::canonicalLayerOf(*loaded, layers[i]))
        return 1;
    }
    convt::explainLayers(layers[0], layers[1], llvm::outs());
    return 0;
  }

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
  if (translateCmd) {
    if (convt::Status s =
            convt::translateLayer(layer, toOpt, jsonOpt, llvm::outs());
        !s)
      return convtc::fail(s.message());
    return 0;
  }

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
    if (listCandidatesOpt)
      return convtc::listTuneCandidates(layer, o, targetOpt);
    if (convt::isGpuTarget(targetOpt))
      return convtc::tuneOnDeviceCommand(layer, o, targetOpt);
    if (targetOpt != "host")
      return convtc::fail("tune measures on this machine: its target is "
                          "host (CPU), cuda or opencl");
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
