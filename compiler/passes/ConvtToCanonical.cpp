//===- ConvtToCanonical.cpp - Frontend ops to convt.canonical ------------===//
//
// The arithmetic is Semantics.cpp's (lowerTorch, lowerMindSpore), the same
// code the verifiers run, so a verified op always lowers.
//
//===----------------------------------------------------------------------===//

#include "compiler/passes/Passes.h"
#include "dialects/convt/ConvtOps.h"

using namespace mlir;

namespace convt {
namespace {

/// Every framework's op: whatever implements ConvtLayerOpInterface and is
/// not convt.canonical (a new frontend needs no line here).
struct FrontendToCanonical
    : public OpInterfaceRewritePattern<ConvtLayerOpInterface> {
  using OpInterfaceRewritePattern<
      ConvtLayerOpInterface>::OpInterfaceRewritePattern;

  LogicalResult matchAndRewrite(ConvtLayerOpInterface op,
                                PatternRewriter &rewriter) const override {
    if (!op.isFrontend())
      return failure();
    CanonicalLayer layer;
    if (auto e = op.computeLayer(layer))
      return rewriter.notifyMatchFailure(op, "'" + e->attribute + "' " +
                                                 e->message);
    // Every layer op's operands: input, weight and an optional bias.
    Operation *o = op.getOperation();
    Value bias = o->getNumOperands() > 2 ? o->getOperand(2) : Value();
    auto canonical = rewriter.create<CanonicalOp>(
        o->getLoc(), o->getOperand(0), o->getOperand(1), bias,
        canonicalAttributes(rewriter, layer));
    if (canonical.getType() != o->getResult(0).getType())
      return rewriter.notifyMatchFailure(o, "inferred type differs");
    rewriter.replaceOp(o, canonical.getResult());
    return success();
  }
};

} // namespace

void populateConvtToCanonicalPatterns(RewritePatternSet &patterns) {
  patterns.add<FrontendToCanonical>(patterns.getContext());
}

} // namespace convt
