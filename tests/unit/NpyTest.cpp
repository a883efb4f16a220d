//===- NpyTest.cpp - .npy reading and writing -----------------------------===//

#include "runtime/Npy.h"

#include <cstdio>
#include <fstream>
#include <gtest/gtest.h>
#include <sstream>
#include <unistd.h>

using namespace convt;

namespace {

std::string tempPath(const char *name) {
  return ::testing::TempDir() + "convt_npy_" + std::to_string(::getpid()) +
         "_" + name;
}

std::string header(const std::string &dict) {
  std::string h = dict;
  size_t total = 10 + h.size() + 1;
  h.append((64 - total % 64) % 64, ' ');
  h += '\n';
  std::string out("\x93NUMPY\x01\x00", 8);
  out += static_cast<char>(h.size() & 0xff);
  out += static_cast<char>(h.size() >> 8);
  return out + h;
}

std::string floats(std::vector<float> v) {
  return std::string(reinterpret_cast<const char *>(v.data()),
                     v.size() * sizeof(float));
}

TEST(NpyTest, RoundTrip) {
  std::string path = tempPath("rt.npy");
  std::vector<float> data = {1, 2, 3, 4, 5, 6};
  ASSERT_TRUE(writeNpy(path, {2, 3}, data.data()).ok());
  NpyArray a;
  Status s = readNpy(path, a);
  ASSERT_TRUE(s.ok()) << s.message();
  EXPECT_EQ(a.shape, (std::vector<int64_t>{2, 3}));
  EXPECT_EQ(a.data, data);
  std::remove(path.c_str());
}

TEST(NpyTest, ReadsNumPyStyleHeaders) {
  NpyArray a;
  Status s = parseNpy(
      header("{'descr': '<f4', 'fortran_order': False, 'shape': (3,), }") +
          floats({1.5f, -2, 0}),
      "x.npy", a);
  ASSERT_TRUE(s.ok()) << s.message();
  EXPECT_EQ(a.shape, (std::vector<int64_t>{3}));
  EXPECT_EQ(a.data, (std::vector<float>{1.5f, -2, 0}));
}

TEST(NpyTest, RejectsWrongDtype) {
  NpyArray a;
  Status s = parseNpy(
      header("{'descr': '<f8', 'fortran_order': False, 'shape': (1,), }") +
          std::string(8, '\0'),
      "x.npy", a);
  ASSERT_FALSE(s.ok());
  EXPECT_EQ(s.message(), "x.npy: dtype is '<f8', expected float32 ('<f4')");
}

TEST(NpyTest, RejectsFortranOrder) {
  NpyArray a;
  Status s = parseNpy(
      header("{'descr': '<f4', 'fortran_order': True, 'shape': (2, 2), }") +
          floats({1, 2, 3, 4}),
      "x.npy", a);
  ASSERT_FALSE(s.ok());
  EXPECT_EQ(s.message(), "x.npy: array is in Fortran order, expected C order "
                         "(save it with numpy.ascontiguousarray)");
}

TEST(NpyTest, RejectsTruncatedData) {
  NpyArray a;
  Status s = parseNpy(
      header("{'descr': '<f4', 'fortran_order': False, 'shape': (2, 2), }") +
          floats({1, 2, 3}),
      "x.npy", a);
  ASSERT_FALSE(s.ok());
  EXPECT_EQ(s.message(), "x.npy: truncated: shape (2, 2) needs 16 bytes of "
                         "data, the file has 12");
}

TEST(NpyTest, RejectsTruncatedHeaderAndBadMagic) {
  NpyArray a;
  std::string full =
      header("{'descr': '<f4', 'fortran_order': False, 'shape': (1,), }");
  EXPECT_EQ(parseNpy(full.substr(0, 20), "x.npy", a).message(),
            "x.npy: truncated .npy header");
  EXPECT_EQ(parseNpy("PK\x03\x04 not numpy", "x.npy", a).message(),
            "x.npy: not a .npy file (bad magic string)");
}

TEST(NpyTest, MissingFile) {
  NpyArray a;
  EXPECT_EQ(readNpy("/nonexistent/x.npy", a).message(),
            "/nonexistent/x.npy: cannot open file");
}

TEST(NpyTest, FailedWriteLeavesNoFile) {
  std::vector<float> data = {1};
  Status s = writeNpy("/nonexistent-dir/y.npy", {1}, data.data());
  EXPECT_FALSE(s.ok());
  std::ifstream f("/nonexistent-dir/y.npy");
  EXPECT_FALSE(f.good());
}

} // namespace
