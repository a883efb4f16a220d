//===- ConvtInterfaces.td - What every convt layer op answers -*- tablegen -*-===//
#ifndef CONVT_INTERFACES_TD
#define CONVT_INTERFACES_TD

include "mlir/IR/OpBase.td"

// The one thing the pass, the driver and the tools ask of a layer op: its
// canonical form. A frontend (compiler/frontends/<framework>/) adds an op
// that implements this and nothing else needs to know its name: the
// pattern of --convt-to-canonical lowers every op that implements it and
// is not convt.canonical, the driver finds the layer through it.
def ConvtLayerOpInterface : OpInterface<"ConvtLayerOpInterface"> {
  let description = [{
    A transposed convolution layer in some framework's terms (or in the
    canonical form itself), lowerable to convt.canonical.
  }];
  let cppNamespace = "::convt";
  let methods = [
    InterfaceMethod<
      "This layer in canonical form, or the error its framework would raise.",
      "std::optional<::convt::SemanticError>", "computeLayer",
      (ins "::convt::CanonicalLayer &":$layer)>,
    InterfaceMethod<
      "The framework whose attributes the op holds (its mnemonic: \"torch\", "
      "\"mindspore\", ...), \"canonical\" for the lowered form.",
      "::llvm::StringRef", "getFramework", (ins)>,
  ];
  let extraClassDeclaration = [{
    /// A framework's op, which --convt-to-canonical lowers.
    bool isFrontend() { return getFramework() != "canonical"; }
  }];
}

#endif // CONVT_INTERFACES_TD
