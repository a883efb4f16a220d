//===- FuzzMlir.cpp - libFuzzer: a .mlir layer, parsed, verified, lowered
//---===//
//
// MLIR's rule: IR the verifier accepts never crashes a pass. Any bytes are
// parsed as a module; a verified one with one convt op is lowered with
// --convt-to-canonical and its layer read back.
//
//===----------------------------------------------------------------------===//

#include "compiler/driver/Driver.h"

#include "mlir/IR/Diagnostics.h"
#include "mlir/IR/MLIRContext.h"
#include "mlir/IR/Verifier.h"
#include "mlir/Parser.h"

#include <cstdlib>

using namespace mlir;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  static DialectRegistry registry = [] {
    DialectRegistry r;
    convt::registerConvtDialects(r);
    return r;
  }();
  static MLIRContext ctx(registry);
  static bool init = [] {
    ctx.loadAllAvailableDialects();
    ctx.getDiagEngine().registerHandler([](Diagnostic &) { return success(); });
    return true;
  }();
  (void)init;
  // MLIR's lexer reads the NUL after the buffer, as convtc's buffers
  // (llvm::MemoryBuffer) have one: a std::string has it too.
  std::string text(reinterpret_cast<const char *>(data), size);
  OwningOpRef<ModuleOp> module = parseSourceString<ModuleOp>(text, &ctx);
  if (!module || failed(verify(*module)) || failed(convt::findLayerOp(*module)))
    return 0;
  auto layer = convt::lowerToLayer(*module);
  if (succeeded(layer) && !layer->validate().empty())
    std::abort(); // the compiler accepted what the runtime would refuse
  return 0;
}
