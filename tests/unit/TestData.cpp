//===- TestData.cpp - Files written by torch_reference.py -----------------===//

#include "tests/unit/TestData.h"

#include "llvm/Support/MemoryBuffer.h"

#include <cmath>
#include <cstdlib>
#include <gtest/gtest.h>

namespace convt::test {

std::string dataDir() {
  const char *dir = std::getenv("CONVT_TEST_DATA");
  return dir ? dir : "";
}

llvm::json::Object readJson(const std::string &name) {
  std::string path = dataDir() + "/" + name;
  auto buf = llvm::MemoryBuffer::getFile(path);
  if (!buf) {
    ADD_FAILURE() << "cannot read " << path
                  << " (run through ctest, which generates it with PyTorch)";
    return {};
  }
  auto v = llvm::json::parse((*buf)->getBuffer());
  if (!v) {
    ADD_FAILURE() << path << ": " << llvm::toString(v.takeError());
    return {};
  }
  return std::move(*v->getAsObject());
}

std::vector<int64_t> ints(const llvm::json::Object &o, llvm::StringRef key) {
  std::vector<int64_t> v;
  if (const llvm::json::Array *a = o.getArray(key))
    for (const llvm::json::Value &e : *a)
      v.push_back(*e.getAsInteger());
  return v;
}

CanonicalLayer torchLayer(const llvm::json::Object &cfg) {
  CanonicalLayer l;
  std::vector<int64_t> in = ints(cfg, "input"), k = ints(cfg, "kernel"),
                       s = ints(cfg, "stride"), p = ints(cfg, "padding"),
                       op = ints(cfg, "output_padding"),
                       d = ints(cfg, "dilation"),
                       size = ints(cfg, "output_size");
  l.rank = static_cast<int>(in.size());
  l.batch = *cfg.getInteger("N");
  l.inChannels = *cfg.getInteger("in_channels");
  l.outChannels = *cfg.getInteger("out_channels");
  l.groups = *cfg.getInteger("groups");
  l.hasBias = *cfg.getBoolean("bias");
  for (int i = 0; i < l.rank; ++i) {
    l.inputSize[i] = in[i];
    l.kernelSize[i] = k[i];
    l.strides[i] = s[i];
    l.dilations[i] = d[i];
    l.padsBegin[i] = p[i];
    // forward(x, output_size) replaces output_padding with size - Lmin.
    int64_t lmin = (in[i] - 1) * s[i] - 2 * p[i] + d[i] * (k[i] - 1) + 1;
    int64_t outputPadding = size.empty() ? op[i] : size[i] - lmin;
    l.padsEnd[i] = p[i] - outputPadding;
  }
  return l;
}

int64_t firstMismatch(const std::vector<float> &a, const std::vector<float> &b,
                      double tol) {
  if (a.size() != b.size())
    return 0;
  for (size_t i = 0; i < a.size(); ++i)
    if (!(std::fabs(double(a[i]) - double(b[i])) <=
          tol * std::max(1.0, std::fabs(double(b[i])))))
      return static_cast<int64_t>(i);
  return -1;
}

std::string coordinates(int64_t index, const std::vector<int64_t> &shape) {
  std::vector<int64_t> c(shape.size());
  for (size_t i = shape.size(); i-- > 0;) {
    c[i] = index % shape[i];
    index /= shape[i];
  }
  return formatShape(c);
}

} // namespace convt::test
