//===- FuzzMlir.cpp - libFuzzer: a .mlir layer, parsed, verified, lowered
//---===//
//
// MLIR's rule: IR the verifier accepts never crashes a pass. Any bytes are
// parsed as a module; a verified one with one convt op is lowered with
// --convt-to-canonical and its layer read back.
//
//===----------------------------------------------------------------------===//

#include "tests/fuzz/FuzzContext.h"

#include "mlir/IR/Verifier.h"
#include "mlir/Parser.h"

#include <cstdlib>

using namespace mlir;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  MLIRContext &ctx = convt::fuzz::context();
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
