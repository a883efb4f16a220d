//===- ReferenceTest.cpp - The reference implementation against PyTorch --===//
//
// The oracle must itself be right: every layer of torch_reference.py
// (fixed edge cases plus random ones) is compared element by element with
// PyTorch's output, max relative error 1e-4.
//
//===----------------------------------------------------------------------===//

#include "tests/reference/Reference.h"
#include "runtime/Npy.h"
#include "tests/unit/TestData.h"

#include <gtest/gtest.h>

using namespace convt;

namespace {

NpyArray load(const llvm::json::Object &cfg, llvm::StringRef key) {
  NpyArray a;
  std::string file = cfg.getObject("files")->getString(key)->str();
  Status s = readNpy(test::dataDir() + "/layers/" + file, a);
  EXPECT_TRUE(s.ok()) << s.message();
  return a;
}

TEST(ReferenceTest, MatchesPyTorch) {
  llvm::json::Object manifest = test::readJson("layers/manifest.json");
  const llvm::json::Array *cases = manifest.getArray("cases");
  ASSERT_TRUE(cases);
  ASSERT_GE(cases->size(), 60u);
  for (const llvm::json::Value &v : *cases) {
    const llvm::json::Object &cfg = *v.getAsObject();
    std::string name = cfg.getString("name")->str();
    SCOPED_TRACE(name);
    CanonicalLayer layer = test::torchLayer(cfg);
    ASSERT_EQ(layer.validate(), "");
    NpyArray x = load(cfg, "x"), w = load(cfg, "w"), y = load(cfg, "y");
    NpyArray b;
    if (layer.hasBias)
      b = load(cfg, "b");
    ASSERT_EQ(x.shape, layer.inputShape());
    ASSERT_EQ(w.shape, layer.weightShape());
    ASSERT_EQ(y.shape, layer.outputShape()) << "PyTorch's output shape";

    std::vector<float> got = reference::convTranspose(
        layer, x.data, w.data, layer.hasBias ? &b.data : nullptr);
    int64_t bad = test::firstMismatch(got, y.data, 1e-4);
    EXPECT_EQ(bad, -1) << "first mismatch at "
                       << test::coordinates(bad, y.shape) << ": reference "
                       << got[bad] << ", PyTorch " << y.data[bad] << " ("
                       << layer.str() << ")";
  }
}

// A hand-computed case: 1-D, x = [1, 2], w = [1, 10, 100], s = 2.
// Full result z = [1, 10, 102, 20, 200]; PyTorch padding 1, output_padding 1
// keeps z[1..5) = [10, 102, 20, 200], + bias 0.5.
TEST(ReferenceTest, HandComputed1D) {
  CanonicalLayer l;
  l.rank = 1;
  l.inputSize = {2, 1, 1};
  l.kernelSize = {3, 1, 1};
  l.strides = {2, 1, 1};
  l.padsBegin = {1, 0, 0};
  l.padsEnd = {0, 0, 0};
  l.hasBias = true;
  std::vector<float> bias = {0.5f};
  std::vector<float> y =
      reference::convTranspose(l, {1, 2}, {1, 10, 100}, &bias);
  EXPECT_EQ(y, (std::vector<float>{10.5f, 102.5f, 20.5f, 200.5f}));

  // A negative pad extends with bias only; post_pads appends exact zeros.
  l.padsBegin = {-1, 0, 0};
  l.padsEnd = {-1, 0, 0};
  l.postPads = {2, 0, 0};
  y = reference::convTranspose(l, {1, 2}, {1, 10, 100}, &bias);
  EXPECT_EQ(y, (std::vector<float>{0.5f, 1.5f, 10.5f, 102.5f, 20.5f, 200.5f,
                                   0.5f, 0.f, 0.f}));
}

// Groups: each output channel sees only its group's input channels.
TEST(ReferenceTest, HandComputedGroups) {
  CanonicalLayer l;
  l.rank = 1;
  l.inChannels = 2;
  l.outChannels = 2;
  l.groups = 2;
  l.inputSize = {1, 1, 1};
  // x = [[3], [5]], w[ci][0][0] = [2, 7] -> y = [[6], [35]].
  std::vector<float> y = reference::convTranspose(l, {3, 5}, {2, 7}, nullptr);
  EXPECT_EQ(y, (std::vector<float>{6, 35}));
}

} // namespace
