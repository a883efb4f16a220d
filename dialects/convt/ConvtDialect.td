//===- ConvtDialect.td - The convt dialect -------------------*- tablegen -*-===//
#ifndef CONVT_DIALECT_TD
#define CONVT_DIALECT_TD

include "mlir/IR/OpBase.td"

def Convt_Dialect : Dialect {
  let name = "convt";
  let summary = "Transposed convolution, as each framework writes it";
  let description = [{
    One op per framework models a ConvTranspose layer with that framework's
    own attributes and defaults (`convt.torch`, `convt.mindspore`), so that a
    layer copied from model code keeps its meaning. `--convt-to-canonical`
    lowers them all to `convt.canonical`, the padded form that the backend
    compiles. See docs/dialect.md for the rationale.
  }];
  let cppNamespace = "::convt";
  // Prefixed accessors (getStride()) are what later MLIR versions generate.
  let emitAccessorPrefix = kEmitAccessorPrefix_Prefixed;
}

class Convt_Op<string mnemonic, list<Trait> traits = []>
    : Op<Convt_Dialect, mnemonic, traits>;

#endif // CONVT_DIALECT_TD
