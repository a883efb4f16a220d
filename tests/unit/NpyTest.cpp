//===- NpyTest.cpp - .npy reading and writing -----------------------------===//

#include "runtime/Npy.h"

#include <cstdio>
#include <fstream>
#include <gtest/gtest.h>

#include <cmath>
#include <cstdio>
#include <sstream>
#include <sys/stat.h>
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
  EXPECT_EQ(
      s.message(),
      "x.npy: dtype is '<f8', expected float32 ('<f4') or float16 ('<f2')");
}

// float16 ('<f2'), read widened exactly; written back as '<f2'.
TEST(NpyTest, ReadsAndWritesFloat16) {
  NpyArray a;
  const uint16_t halves[] = {0x3e00 /*1.5*/, 0xc000 /*-2*/, 0x0001 /*2^-24*/,
                             0x7c00 /*inf*/};
  Status s = parseNpy(
      header("{'descr': '<f2', 'fortran_order': False, 'shape': (4,), }") +
          std::string(reinterpret_cast<const char *>(halves), sizeof halves),
      "h.npy", a);
  ASSERT_TRUE(s.ok()) << s.message();
  EXPECT_TRUE(a.half);
  EXPECT_EQ(a.data[0], 1.5f);
  EXPECT_EQ(a.data[1], -2.f);
  EXPECT_EQ(a.data[2], std::ldexp(1.f, -24));
  EXPECT_TRUE(std::isinf(a.data[3]));
  const std::string path = ::testing::TempDir() + "/convt-f16.npy";
  ASSERT_TRUE(writeNpy16(path, {2, 2}, halves).ok());
  NpyArray b;
  ASSERT_TRUE(readNpy(path, b).ok());
  EXPECT_TRUE(b.half);
  EXPECT_EQ(b.shape, (std::vector<int64_t>{2, 2}));
  EXPECT_EQ(b.data[0], 1.5f);
  std::remove(path.c_str());
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

// Hostile files: a header announcing more than any tensor (it passed the
// size check by wrapping and aborted in resize), an endless stream, a
// header that claims gigabytes.
TEST(NpyTest, RefusesWhatNoTensorCanHold) {
  NpyArray a;
  Status s = parseNpy(header("{'descr': '<f4', 'fortran_order': False, "
                             "'shape': (2147483648, 2147483648), }"),
                      "x.npy", a);
  EXPECT_EQ(s.message(), "x.npy: shape (2147483648, 2147483648) holds more "
                         "than 536870911 elements (2 GiB of float32), more "
                         "than any tensor convt reads");
  s = parseNpy(header("{'descr': '<f4', 'fortran_order': False, "
                      "'shape': (4294967296, 4294967296, 4), }"),
               "x.npy", a);
  EXPECT_FALSE(s.ok());
  EXPECT_EQ(readNpy("/dev/zero", a).message(),
            "/dev/zero: not a .npy file (bad magic string)");
  std::string v2 = std::string("\x93NUMPY\x02\x00", 8) + "\xff\xff\xff\x7f";
  EXPECT_EQ(parseNpy(v2, "x.npy", a).message(),
            "x.npy: .npy header of 2147483647 bytes, more than 1048576 (not a "
            "NumPy file)");
}

TEST(NpyTest, ReadsNoMoreThanTheHeaderAnnounces) {
  // The data of (2,) followed by an endless stream: read stops after one
  // byte too many and says so.
  std::string path = ::testing::TempDir() + "/npy_stream.npy";
  std::string bytes =
      header("{'descr': '<f4', 'fortran_order': False, 'shape': (2,), }") +
      floats({1, 2}) + std::string(100000, 'x');
  std::ofstream(path, std::ios::binary) << bytes;
  NpyArray a;
  EXPECT_EQ(readNpy(path, a).message(),
            path + ": more data than shape (2,) needs (8 bytes)");
  std::remove(path.c_str());
  EXPECT_EQ(readNpy("/", a).message(), "/: cannot read a directory");
}

TEST(NpyTest, WritesThroughLinksAndIntoDevices) {
  std::vector<float> data = {1, 2};
  std::string dir = ::testing::TempDir();
  std::string target = dir + "/npy_target.npy", link = dir + "/npy_link.npy";
  std::remove(target.c_str());
  std::remove(link.c_str());
  ASSERT_EQ(::symlink("npy_target.npy", link.c_str()), 0);
  ASSERT_TRUE(writeNpy(link, {2}, data.data()).ok());
  struct stat st;
  ASSERT_EQ(::lstat(link.c_str(), &st), 0);
  EXPECT_TRUE(S_ISLNK(st.st_mode)) << "the link was replaced";
  NpyArray a;
  ASSERT_TRUE(readNpy(target, a).ok());
  EXPECT_EQ(a.data, data);
  std::remove(link.c_str());
  std::remove(target.c_str());
  EXPECT_EQ(writeNpy("/dev/full", {2}, data.data()).message(),
            "/dev/full: write failed: No space left on device");
  EXPECT_TRUE(writeNpy("/dev/null", {2}, data.data()).ok());
  EXPECT_EQ(writeNpy(dir, {2}, data.data()).message(),
            dir + ": is a directory");
  EXPECT_FALSE(writeNpy(dir + "/x.npy", {int64_t(1) << 40}, data.data()).ok());
}

} // namespace
