//===- ConformanceTest.cpp - Compiled kernels against PyTorch -------------===//
//
// Every layer of torch_reference.py conformance (310 PyTorch layers and 22
// MindSpore layers with PyTorch-computed MindSpore semantics) goes through
// the whole compiler: JSON spec -> frontend op -> --convt-to-canonical ->
// Halide kernel -> run, and is compared element by element with the
// reference output, max relative error 1e-4. The default schedule (the
// expert template with its own choice of form) runs all of them; its gather
// form every 3rd, phase-major channel-vector form every 2nd (and with 16
// parallel tasks a thread every 7th), column-vector form every 5th, each
// autoscheduler every 11th, and they must agree too.
//
//===----------------------------------------------------------------------===//

#include "compiler/driver/Driver.h"
#include "compiler/jit/Jit.h"
#include "dialects/convt/ConvtOps.h"
#include "runtime/BFloat16.h"
#include "runtime/Float16.h"
#include "runtime/Npy.h"

#include "llvm/Support/JSON.h"
#include "llvm/Support/MemoryBuffer.h"

#include <cmath>
#include <cstdlib>
#include <gtest/gtest.h>

using namespace convt;

namespace {

std::string dataDir() {
  const char *d = std::getenv("CONVT_TEST_DATA");
  return std::string(d ? d : "") + "/conformance";
}

struct Case {
  std::string name;
  std::string specJson;
  llvm::json::Object files;
};

const std::vector<Case> &cases() {
  static std::vector<Case> all = [] {
    std::vector<Case> out;
    auto buf = llvm::MemoryBuffer::getFile(dataDir() + "/manifest.json");
    if (!buf)
      return out;
    auto v = llvm::json::parse((*buf)->getBuffer());
    if (!v)
      return out;
    for (const llvm::json::Value &c : *v->getAsObject()->getArray("cases")) {
      const llvm::json::Object &o = *c.getAsObject();
      Case k;
      k.name = o.getString("name")->str();
      llvm::raw_string_ostream os(k.specJson);
      os << *o.get("spec");
      os.flush();
      k.files = *o.getObject("files");
      out.push_back(std::move(k));
    }
    return out;
  }();
  return all;
}

JitCompiler &jit() {
  static JitCompiler compiler;
  return compiler;
}

Context &context() {
  static Context c;
  return c;
}

std::string coordinates(size_t index, const std::vector<int64_t> &shape) {
  std::vector<int64_t> c(shape.size());
  for (size_t i = shape.size(); i-- > 0;) {
    c[i] = static_cast<int64_t>(index) % shape[i];
    index /= static_cast<size_t>(shape[i]);
  }
  return formatShape(c);
}

/// A schedule the suite runs: a kind, and the expert template's form and
/// parallel tasks per thread.
struct Variant {
  ScheduleKind kind;
  int form = 0;           ///< ExpertParams::form; 0 = the template's default
  int tasksPerThread = 0; ///< ExpertParams::tasksPerThread; 0 = default
  std::string name() const {
    return std::string(scheduleName(kind)) +
           (form ? "_f" + std::to_string(form) : std::string()) +
           (tasksPerThread ? "_p" + std::to_string(tasksPerThread)
                           : std::string());
  }
};

void checkCase(const Case &c, const Variant &variant) {
  // Through the real frontend and --convt-to-canonical.
  CanonicalLayer layer;
  Status lowered = canonicalLayerFromJson(c.specJson, c.name + ".json", layer);
  ASSERT_TRUE(lowered.ok()) << lowered.message();
  NpyArray x, w, b, y;
  auto load = [&](const char *key, NpyArray &a) {
    Status s = readNpy(dataDir() + "/" + c.files.getString(key)->str(), a);
    ASSERT_TRUE(s.ok()) << s.message();
  };
  load("x", x);
  load("w", w);
  load("y", y);
  if (layer.hasBias)
    load("b", b);
  ASSERT_EQ(y.shape, layer.outputShape()) << "output shape";

  BackendOptions options;
  options.schedule = variant.kind;
  options.expert.form = variant.form;
  options.expert.tasksPerThread = variant.tasksPerThread;
  std::shared_ptr<Kernel> kernel;
  Status s = jit().getKernel(layer, options, kernel);
  if (variant.form >= 2 && !phaseMajorRefusal(layer).empty()) {
    // Refused: these forms unroll every phase and innermost tap.
    EXPECT_EQ(s.message(), phaseMajorRefusal(layer));
    return;
  }
  ASSERT_TRUE(s.ok()) << s.message();
  std::vector<float> out(y.data.size(), std::nanf(""));
  // bfloat16 layers: the .npy files hold bfloat16 values as float32;
  // float16 ones are NumPy float16 files (read widened to float32).
  const bool half = layer.elementType != ElementType::Float32;
  const bool brain = layer.elementType == ElementType::BFloat16;
  std::vector<uint16_t> x16, w16, b16, out16(half ? out.size() : 0, 0x7fc0);
  auto ref = [&](std::vector<float> &f, std::vector<uint16_t> &h,
                 const std::vector<int64_t> &shape) -> TensorRef {
    if (!half)
      return {f.data(), shape, f.size()};
    if (h.size() != f.size())
      for (float v : f)
        h.push_back(brain ? toBFloat16(v) : toFloat16(v));
    return {h.data(), shape, h.size(), layer.elementType};
  };
  TensorRef in = ref(x.data, x16, x.shape);
  TensorRef wt = ref(w.data, w16, w.shape);
  TensorRef bi = ref(b.data, b16, b.shape);
  TensorRef o = ref(out, out16, y.shape);
  s = kernel->run(context(), in, wt, layer.hasBias ? &bi : nullptr, o);
  ASSERT_TRUE(s.ok()) << s.message();
  double largest = 0;
  for (size_t i = 0; i < out16.size(); ++i) {
    out[i] = brain ? fromBFloat16(out16[i]) : fromFloat16(out16[i]);
    largest = std::max(largest, std::fabs(double(y.data[i])));
  }

  for (size_t i = 0; i < out.size(); ++i) {
    double want = y.data[i], got = out[i];
    // inf and NaN where PyTorch has them (the nonfinite_* cases), exactly.
    if (!std::isfinite(want) || !std::isfinite(got)) {
      bool same = std::isnan(want) ? std::isnan(got) : got == want;
      if (!same)
        FAIL() << "first mismatch at " << coordinates(i, y.shape) << ": got "
               << got << ", expected " << want << " (" << layer.str()
               << ", schedule " << variant.name() << ")";
      continue;
    }
    // float32: 1e-4 relative. bfloat16 and float16: one unit in the last
    // place (2^-7 and 2^-10 relative: float32 sums in another order may
    // round the other way), and no finer than 1e-3 of the output's largest
    // magnitude.
    const double tolerance =
        half ? std::max(std::fabs(want), 1e-3 * largest) / (brain ? 128 : 1024)
             : 1e-4 * std::max(1.0, std::fabs(want));
    if (!(std::fabs(got - want) <= tolerance)) {
      FAIL() << "first mismatch at " << coordinates(i, y.shape) << ": got "
             << got << ", expected " << want << " (" << layer.str()
             << ", schedule " << variant.name() << ")";
    }
  }
}

class Conformance
    : public ::testing::TestWithParam<std::tuple<size_t, Variant>> {};

TEST_P(Conformance, MatchesReference) {
  auto [index, variant] = GetParam();
  ASSERT_LT(index, cases().size()) << "conformance data missing";
  SCOPED_TRACE(cases()[index].name);
  checkCase(cases()[index], variant);
}

std::vector<std::tuple<size_t, Variant>> params() {
  std::vector<std::tuple<size_t, Variant>> p;
  size_t n = cases().size();
  for (size_t i = 0; i < n; ++i)
    p.emplace_back(i, Variant{kDefaultSchedule});
  for (size_t i = 1; i < n; i += 3)
    p.emplace_back(i, Variant{ScheduleKind::Expert, 1});
  for (size_t i = 0; i < n; i += 2)
    p.emplace_back(i, Variant{ScheduleKind::Expert, 2});
  for (size_t i = 0; i < n; i += 5)
    p.emplace_back(i, Variant{ScheduleKind::Expert, 3});
  // Finer parallel tasks: blocks of rows with uneven tails.
  for (size_t i = 3; i < n; i += 7)
    p.emplace_back(i, Variant{ScheduleKind::Expert, 2, 16});
  for (ScheduleKind k : {ScheduleKind::Expert, ScheduleKind::Mullapudi2016,
                         ScheduleKind::Adams2019, ScheduleKind::Li2018})
    if (k != kDefaultSchedule)
      for (size_t i = 0; i < n; i += 11)
        p.emplace_back(i, Variant{k});
  return p;
}

std::string
testName(const ::testing::TestParamInfo<Conformance::ParamType> &info) {
  size_t index = std::get<0>(info.param);
  std::string name = (index < cases().size() ? cases()[index].name : "none") +
                     "_" + std::get<1>(info.param).name();
  for (char &ch : name)
    if (!std::isalnum(static_cast<unsigned char>(ch)))
      ch = '_';
  return name;
}

INSTANTIATE_TEST_SUITE_P(Layers, Conformance, ::testing::ValuesIn(params()),
                         testName);

// At least 300 PyTorch layers, 20 of every other framework.
TEST(ConformanceData, IsComplete) {
  size_t mindspore = 0, onnx = 0, tf = 0;
  for (const Case &c : cases()) {
    mindspore += c.specJson.find("\"mindspore\"") != std::string::npos;
    onnx += c.specJson.find("\"style\":\"onnx\"") != std::string::npos;
    tf += c.specJson.find("\"style\":\"tf\"") != std::string::npos;
  }
  EXPECT_GE(cases().size() - mindspore - onnx - tf, 300u);
  EXPECT_GE(mindspore, 20u);
  EXPECT_GE(onnx, 20u);
  EXPECT_GE(tf, 20u);
}

} // namespace
