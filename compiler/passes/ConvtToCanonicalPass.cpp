//===- ConvtToCanonicalPass.cpp - --convt-to-canonical --------------------===//

#include "compiler/passes/PassDetail.h"
#include "compiler/passes/Passes.h"
#include "dialects/convt/ConvtOps.h"

#include "mlir/Transforms/DialectConversion.h"

using namespace mlir;

namespace convt {
namespace {

struct ConvtToCanonicalPass
    : public ConvtToCanonicalBase<ConvtToCanonicalPass> {
  void runOnOperation() override {
    RewritePatternSet patterns(&getContext());
    populateConvtToCanonicalPatterns(patterns);
    // A conversion, not a greedy rewrite: a frontend op that cannot be
    // lowered is an error with its location, never silently left behind.
    ConversionTarget target(getContext());
    target.markUnknownOpDynamicallyLegal([](Operation *op) {
      auto layer = dyn_cast<ConvtLayerOpInterface>(op);
      return !layer || !layer.isFrontend();
    });
    if (failed(applyPartialConversion(getOperation(), target,
                                      std::move(patterns))))
      signalPassFailure();
  }
};

} // namespace

std::unique_ptr<Pass> createConvtToCanonicalPass() {
  return std::make_unique<ConvtToCanonicalPass>();
}

} // namespace convt
