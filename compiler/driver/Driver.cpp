//===- Driver.cpp - Loading and lowering layers ---------------------------===//

#include "compiler/driver/Driver.h"
#include "compiler/passes/Passes.h"
#include "dialects/convt/ConvtOps.h"

#include "mlir/Dialect/StandardOps/IR/Ops.h"
#include "mlir/IR/Diagnostics.h"
#include "mlir/IR/Verifier.h"
#include "mlir/Parser.h"
#include "mlir/Pass/PassManager.h"

#include "llvm/Support/MemoryBuffer.h"

using namespace mlir;

namespace convt {

void registerConvtDialects(DialectRegistry &registry) {
  registry.insert<ConvtDialect, StandardOpsDialect>();
}

FailureOr<LoadedLayer> loadLayer(StringRef path, llvm::SourceMgr &sourceMgr,
                                 MLIRContext &ctx) {
  ctx.loadDialect<ConvtDialect, StandardOpsDialect>();
  auto buffer = llvm::MemoryBuffer::getFileOrSTDIN(path);
  if (!buffer) {
    emitError(UnknownLoc::get(&ctx))
        << "cannot read '" << path << "': " << buffer.getError().message();
    return failure();
  }
  StringRef name = path == "-" ? "<stdin>" : path;
  StringRef text = (*buffer)->getBuffer();
  unsigned id = sourceMgr.AddNewSourceBuffer(
      llvm::MemoryBuffer::getMemBufferCopy(text, name), llvm::SMLoc());
  StringRef stored = sourceMgr.getMemoryBuffer(id)->getBuffer();

  LoadedLayer loaded;
  if (path.endswith(".mlir")) {
    loaded.module = parseSourceFile<ModuleOp>(sourceMgr, &ctx);
    if (!loaded.module)
      return failure();
  } else {
    auto spec = parseLayerSpec(stored, name, ctx);
    if (failed(spec))
      return failure();
    loaded.module =
        buildSpecModule(*spec, ctx, FileLineColLoc::get(&ctx, name, 1, 1));
    loaded.spec = std::move(*spec);
  }
  if (failed(verify(*loaded.module)))
    return failure();
  if (failed(findLayerOp(*loaded.module)))
    return failure();
  return loaded;
}

LogicalResult lowerToCanonical(ModuleOp module) {
  PassManager pm(module.getContext());
  pm.addPass(createConvtToCanonicalPass());
  return pm.run(module);
}

FailureOr<CanonicalLayer> lowerToLayer(ModuleOp module) {
  if (failed(lowerToCanonical(module)))
    return failure();
  auto op = findLayerOp(module);
  if (failed(op))
    return failure();
  auto canonical = dyn_cast<CanonicalOp>(*op);
  if (!canonical)
    return (*op)->emitError()
               << "--convt-to-canonical left a frontend op behind",
           failure();
  CanonicalLayer layer;
  if (auto e = canonical.computeLayer(layer))
    return canonical.emitOpError() << "'" << e->attribute << "' " << e->message,
           failure();
  return layer;
}

Status canonicalLayerFromJson(const std::string &json, const std::string &name,
                              CanonicalLayer &layer) {
  SpecStages stages;
  if (Status s = loadSpecStages(json, name, stages); !s)
    return s;
  layer = stages.layer;
  return Status::success();
}

Status loadSpecStages(const std::string &json, const std::string &name,
                      SpecStages &out) {
  DialectRegistry registry;
  registerConvtDialects(registry);
  MLIRContext ctx(registry);
  ctx.loadAllAvailableDialects();
  std::string diagnostics;
  ScopedDiagnosticHandler handler(&ctx, [&](Diagnostic &d) {
    diagnostics += (diagnostics.empty() ? "" : "\n") + d.str();
    return success();
  });
  auto spec = parseLayerSpec(json, name, ctx);
  if (failed(spec))
    return Status::error(name + ": " + diagnostics);
  auto module = buildSpecModule(*spec, ctx, UnknownLoc::get(&ctx));
  auto op = findLayerOp(*module);
  if (failed(op))
    return Status::error(name + ": " + diagnostics);
  out.name = spec->name;
  out.frontendOp = (*op)->getName().getStringRef().str();
  llvm::raw_string_ostream frontend(out.frontend);
  module->print(frontend);
  frontend.flush();
  auto lowered = lowerToLayer(*module);
  if (failed(lowered))
    return Status::error(name + ": " + diagnostics);
  llvm::raw_string_ostream canonical(out.canonical);
  module->print(canonical);
  canonical.flush();
  out.layer = *lowered;
  return Status::success();
}

FailureOr<Operation *> findLayerOp(ModuleOp module) {
  SmallVector<Operation *> ops;
  module.walk([&](Operation *op) {
    if (isa<ConvtLayerOpInterface>(op))
      ops.push_back(op);
  });
  if (ops.size() == 1)
    return ops.front();
  if (ops.empty())
    return emitError(module.getLoc())
               << "expected one convt layer op (convt.torch, convt.mindspore "
                  "or convt.canonical), found none",
           failure();
  return ops[1]->emitError()
             << "expected one convt layer op, found " << ops.size(),
         failure();
}

} // namespace convt
