//===- convt-opt.cpp - mlir-opt with the convt dialect and passes ---------===//

#include "compiler/driver/Driver.h"
#include "compiler/passes/Passes.h"

#include "mlir/Support/MlirOptMain.h"
#include "mlir/Transforms/Passes.h"

int main(int argc, char **argv) {
  mlir::DialectRegistry registry;
  convt::registerConvtDialects(registry);
  convt::registerConvtPasses();
  // canonicalize, cse and the other core transforms, for the fold tests.
  mlir::registerTransformsPasses();
  return mlir::asMainReturnCode(
      mlir::MlirOptMain(argc, argv, "convt optimizer driver\n", registry));
}
