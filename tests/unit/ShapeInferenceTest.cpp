//===- ShapeInferenceTest.cpp - convt.torch shapes against PyTorch --------===//
//
// Thousands of random PyTorch configurations (torch_reference.py shapes),
// each built as a convt.torch op with an inferred result type and verified.
// The op must be valid exactly when PyTorch accepts the layer, reject it
// for the same reason, and infer PyTorch's output shape, which also equals
// PyTorch's documented formula.
//
//===----------------------------------------------------------------------===//

#include "compiler/driver/Driver.h"
#include "dialects/convt/ConvtOps.h"
#include "tests/unit/TestData.h"

#include "mlir/Dialect/StandardOps/IR/Ops.h"
#include "mlir/IR/Builders.h"
#include "mlir/IR/Diagnostics.h"
#include "mlir/IR/Verifier.h"

#include <gtest/gtest.h>

using namespace convt;
using namespace mlir;

namespace {

/// Which rule PyTorch's message names; our verifier must name the same one.
std::string torchRule(llvm::StringRef error) {
  if (error.contains("output padding must be smaller"))
    return "output_padding";
  if (error.contains("requested an output size"))
    return "output_size";
  if (error.contains("Output size is too small") ||
      error.contains("Calculated output size"))
    return "output size below 1";
  return "other: " + error.str();
}

std::string ourRule(llvm::StringRef message) {
  if (message.contains("below 1"))
    return "output size below 1";
  if (message.contains("'output_size'"))
    return "output_size";
  if (message.contains("'output_padding'"))
    return "output_padding";
  return "other: " + message.str();
}

TEST(ShapeInferenceTest, TorchOpAgreesWithPyTorch) {
  llvm::json::Object data = test::readJson("shapes.json");
  const llvm::json::Array *cases = data.getArray("cases");
  ASSERT_TRUE(cases);
  ASSERT_GE(cases->size(), 3000u);

  DialectRegistry registry;
  registerConvtDialects(registry);
  MLIRContext ctx(registry);
  ctx.loadAllAvailableDialects();
  std::string lastError;
  ScopedDiagnosticHandler handler(&ctx, [&](Diagnostic &d) {
    lastError = d.str();
    return success();
  });
  OpBuilder b(&ctx);
  Location loc = UnknownLoc::get(&ctx);
  OwningOpRef<ModuleOp> module = ModuleOp::create(loc);

  int accepted = 0, rejected = 0;
  for (size_t i = 0; i < cases->size(); ++i) {
    const llvm::json::Object &cfg = *(*cases)[i].getAsObject();
    SCOPED_TRACE("configuration " + std::to_string(i));
    std::vector<int64_t> in = test::ints(cfg, "input"),
                         k = test::ints(cfg, "kernel");
    int64_t n = *cfg.getInteger("N"), cin = *cfg.getInteger("in_channels"),
            cout = *cfg.getInteger("out_channels"),
            groups = *cfg.getInteger("groups");
    bool hasBias = *cfg.getBoolean("bias");

    std::vector<int64_t> inputShape{n, cin}, weightShape{cin, cout / groups};
    inputShape.insert(inputShape.end(), in.begin(), in.end());
    weightShape.insert(weightShape.end(), k.begin(), k.end());
    SmallVector<Type> args = {
        RankedTensorType::get(inputShape, b.getF32Type()),
        RankedTensorType::get(weightShape, b.getF32Type())};
    if (hasBias)
      args.push_back(RankedTensorType::get({cout}, b.getF32Type()));
    b.setInsertionPointToEnd(module->getBody());
    auto func = b.create<FuncOp>(loc, "f" + std::to_string(i),
                                 b.getFunctionType(args, {}));
    Block *body = func.addEntryBlock();
    b.setInsertionPointToEnd(body);

    SmallVector<NamedAttribute> attrs = {
        b.getNamedAttr("stride", b.getI64ArrayAttr(test::ints(cfg, "stride"))),
        b.getNamedAttr("padding",
                       b.getI64ArrayAttr(test::ints(cfg, "padding"))),
        b.getNamedAttr("output_padding",
                       b.getI64ArrayAttr(test::ints(cfg, "output_padding"))),
        b.getNamedAttr("dilation",
                       b.getI64ArrayAttr(test::ints(cfg, "dilation"))),
        b.getNamedAttr("groups", b.getI64IntegerAttr(groups))};
    if (cfg.getArray("output_size"))
      attrs.push_back(b.getNamedAttr(
          "output_size", b.getI64ArrayAttr(test::ints(cfg, "output_size"))));
    auto op =
        b.create<TorchOp>(loc, body->getArgument(0), body->getArgument(1),
                          hasBias ? body->getArgument(2) : Value(), attrs);
    lastError.clear();
    bool valid = succeeded(verify(op));

    if (auto error = cfg.getString("torch_error")) {
      ++rejected;
      EXPECT_FALSE(valid) << "PyTorch rejects: " << error->str();
      if (!valid) {
        EXPECT_EQ(ourRule(lastError), torchRule(*error))
            << "PyTorch: " << error->str() << "\nconvt: " << lastError;
      }
    } else {
      ++accepted;
      std::vector<int64_t> expected = test::ints(cfg, "torch_shape");
      ASSERT_TRUE(valid) << lastError;
      auto type = op.getType().cast<RankedTensorType>();
      EXPECT_EQ(
          std::vector<int64_t>(type.getShape().begin(), type.getShape().end()),
          expected);
      // PyTorch's documented formula gives the same sizes.
      std::vector<int64_t> s = test::ints(cfg, "stride"),
                           p = test::ints(cfg, "padding"),
                           outPad = test::ints(cfg, "output_padding"),
                           d = test::ints(cfg, "dilation"),
                           size = test::ints(cfg, "output_size");
      for (size_t j = 0; j < in.size(); ++j) {
        int64_t formula = size.empty() ? (in[j] - 1) * s[j] - 2 * p[j] +
                                             d[j] * (k[j] - 1) + outPad[j] + 1
                                       : size[j];
        EXPECT_EQ(expected[2 + j], formula);
      }
    }
    func.erase();
  }
  // Both sides of every rule are exercised.
  EXPECT_GT(accepted, 1000);
  EXPECT_GT(rejected, 300);
}

} // namespace
