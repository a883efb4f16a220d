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

template <typename OpT>
struct FrontendToCanonical : public OpRewritePattern<OpT> {
  using OpRewritePattern<OpT>::OpRewritePattern;

  LogicalResult matchAndRewrite(OpT op,
                                PatternRewriter &rewriter) const override {
    CanonicalLayer layer;
    if (auto e = op.computeLayer(layer))
      return rewriter.notifyMatchFailure(op, "'" + e->attribute + "' " +
                                                 e->message);
    auto canonical = rewriter.create<CanonicalOp>(
        op.getLoc(), op.getInput(), op.getWeight(), op.getBias(),
        canonicalAttributes(rewriter, layer));
    if (canonical.getType() != op.getType())
      return rewriter.notifyMatchFailure(op, "inferred type differs");
    rewriter.replaceOp(op, canonical.getResult());
    return success();
  }
};

} // namespace

void populateConvtToCanonicalPatterns(RewritePatternSet &patterns) {
  patterns.add<FrontendToCanonical<TorchOp>, FrontendToCanonical<MindSporeOp>>(
      patterns.getContext());
}

} // namespace convt
