//===- RuntimeData.h - The runtime tests' environment and data --*- C++ -*-===//
//
// What RuntimeTest.cpp and GpuRuntimeTest.cpp read: the kernels compiled at
// build time ($CONVT_AOT_DIR) and make_data.py's raw float32 files
// ($CONVT_TEST_DATA).
//
//===----------------------------------------------------------------------===//
#ifndef CONVT_TESTS_RUNTIME_RUNTIMEDATA_H
#define CONVT_TESTS_RUNTIME_RUNTIMEDATA_H

#include <gtest/gtest.h>

#include <cstdlib>
#include <fstream>
#include <string>
#include <vector>

namespace convt::testing {

inline std::string env(const char *name) {
  const char *v = std::getenv(name);
  return v ? v : "";
}

inline std::string aotDir() { return env("CONVT_AOT_DIR"); }

/// NAME.ROLE.bin of make_data.py as float32 values.
inline std::vector<float> readFloats(const std::string &name,
                                     const char *role) {
  std::string path = env("CONVT_TEST_DATA") + "/" + name + "." + role + ".bin";
  std::ifstream in(path, std::ios::binary | std::ios::ate);
  EXPECT_TRUE(in) << "cannot read " << path;
  std::vector<float> v(static_cast<size_t>(in.tellg()) / sizeof(float));
  in.seekg(0);
  in.read(reinterpret_cast<char *>(v.data()),
          static_cast<std::streamsize>(v.size() * sizeof(float)));
  return v;
}

} // namespace convt::testing

#endif // CONVT_TESTS_RUNTIME_RUNTIMEDATA_H
