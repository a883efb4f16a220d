//===- convtc.cpp - The convt driver --------------------------------------===//
//
// convtc emit SPEC --stage=frontend|canonical [-o FILE]
// convtc info SPEC
//
// SPEC is a JSON layer spec, a .mlir file holding one frontend op in a
// function, or "-" for JSON on stdin (docs/cli-and-spec.md). Errors print as
// "file:line:col: error: ..." and exit with status 1.
//
//===----------------------------------------------------------------------===//

#include "compiler/driver/Driver.h"
#include "dialects/convt/ConvtOps.h"

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

cl::SubCommand emitCmd("emit", "Print one stage of a layer");
cl::SubCommand infoCmd("info",
                       "Summarise a layer: shapes, canonical form, FLOPs");

cl::opt<std::string> specPath(cl::Positional, cl::Required,
                              cl::desc("<spec.json | layer.mlir | ->"),
                              cl::sub(emitCmd), cl::sub(infoCmd));

enum class Stage { Frontend, Canonical };
cl::opt<Stage>
    stage("stage", cl::desc("The stage to print"), cl::init(Stage::Canonical),
          cl::values(clEnumValN(Stage::Frontend, "frontend",
                                "the frontend op, in its framework's terms"),
                     clEnumValN(Stage::Canonical, "canonical",
                                "after --convt-to-canonical")),
          cl::sub(emitCmd));

cl::opt<std::string> outputPath("o", cl::desc("Output file (default: stdout)"),
                                cl::value_desc("file"), cl::init("-"),
                                cl::sub(emitCmd));

/// Writes through a temporary file that is kept only on success, so a failed
/// run leaves no half-written output.
int writeOutput(const std::function<void(llvm::raw_ostream &)> &print) {
  std::string error;
  auto out = openOutputFile(outputPath, &error);
  if (!out) {
    llvm::errs() << "error: " << error << "\n";
    return 1;
  }
  print(out->os());
  out->keep();
  return 0;
}

int runEmit(convt::LoadedLayer &layer) {
  if (stage == Stage::Canonical &&
      failed(convt::lowerToCanonical(*layer.module)))
    return 1;
  return writeOutput([&](llvm::raw_ostream &os) { layer.module->print(os); });
}

int runInfo(convt::LoadedLayer &layer) {
  Operation *op = *convt::findLayerOp(*layer.module);
  convt::CanonicalLayer l;
  if (auto e = convt::computeLayerOf(op, l)) {
    op->emitError() << "'" << e->attribute << "' " << e->message;
    return 1;
  }
  auto &os = llvm::outs();
  std::string name = op->getParentOfType<FuncOp>().getName().str();
  os << name << ": " << op->getName().getStringRef() << "\n";
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

int main(int argc, char **argv) {
  llvm::InitLLVM init(argc, argv);
  cl::ParseCommandLineOptions(argc, argv,
                              "convt: transposed-convolution compiler\n");
  if (!emitCmd && !infoCmd) {
    llvm::errs() << "error: expected a command: emit, info (see --help)\n";
    return 1;
  }

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

  auto layer = convt::loadLayer(specPath, sourceMgr, ctx);
  if (failed(layer))
    return 1;
  if (emitCmd)
    return runEmit(*layer);
  return runInfo(*layer);
}
