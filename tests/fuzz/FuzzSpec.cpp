//===- FuzzSpec.cpp - libFuzzer: a JSON layer spec, read and lowered
//-------===//
//
// Any bytes as a spec: read (JSON scan, parse, framework rules), built into
// the frontend op, verified, lowered to convt.canonical and read back.
// Errors are diagnostics; nothing may crash, and a layer that comes out must
// pass the runtime's own validation.
//
//===----------------------------------------------------------------------===//

#include "tests/fuzz/FuzzContext.h"

#include "mlir/IR/Verifier.h"

#include <cstdlib>

using namespace mlir;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  MLIRContext &ctx = convt::fuzz::context();
  std::string text(reinterpret_cast<const char *>(data), size);
  auto spec = convt::parseLayerSpec(text, "fuzz.json", ctx);
  if (failed(spec))
    return 0;
  auto module = convt::buildSpecModule(*spec, ctx, UnknownLoc::get(&ctx));
  if (failed(verify(*module)))
    return 0;
  auto layer = convt::lowerToLayer(*module);
  if (succeeded(layer) && !layer->validate().empty())
    std::abort(); // the compiler accepted what the runtime would refuse
  return 0;
}
