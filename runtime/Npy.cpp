//===- Npy.cpp - NumPy .npy files of float32 in C order ------------------===//

#include "runtime/Npy.h"
#include "runtime/Float16.h"

#include "runtime/FileWrite.h"
#include "runtime/Layer.h"

#include <algorithm>
#include <cerrno>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <fcntl.h>
#include <sstream>
#include <sys/stat.h>
#include <unistd.h>

namespace convt {

namespace {

const char kMagic[] = "\x93NUMPY";
constexpr size_t kMagicLen = 6;

/// Value of `key` in the header dict, as the raw text up to the next
/// top-level comma or closing brace.
bool findValue(const std::string &header, const std::string &key,
               std::string &value) {
  size_t k = header.find("'" + key + "'");
  if (k == std::string::npos)
    return false;
  size_t colon = header.find(':', k);
  if (colon == std::string::npos)
    return false;
  size_t i = colon + 1;
  while (i < header.size() && header[i] == ' ')
    ++i;
  int depth = 0;
  size_t start = i;
  for (; i < header.size(); ++i) {
    char c = header[i];
    if (c == '(')
      ++depth;
    else if (c == ')')
      --depth;
    else if ((c == ',' || c == '}') && depth == 0)
      break;
  }
  value = header.substr(start, i - start);
  while (!value.empty() && value.back() == ' ')
    value.pop_back();
  return true;
}

Status parseShape(const std::string &text, const std::string &name,
                  std::vector<int64_t> &shape) {
  if (text.size() < 2 || text.front() != '(' || text.back() != ')')
    return Status::error(name + ": malformed shape " + text);
  std::string inner = text.substr(1, text.size() - 2);
  std::stringstream ss(inner);
  std::string item;
  while (std::getline(ss, item, ',')) {
    size_t b = item.find_first_not_of(' ');
    if (b == std::string::npos)
      continue; // the trailing comma of a 1-tuple
    size_t e = item.find_last_not_of(' ');
    std::string digits = item.substr(b, e - b + 1);
    if (digits.empty() ||
        digits.find_first_not_of("0123456789") != std::string::npos ||
        digits.size() > 15)
      return Status::error(name + ": malformed shape " + text);
    shape.push_back(std::stoll(digits));
  }
  return Status::success();
}

} // namespace

namespace {

/// Headers NumPy writes are a few hundred bytes; version 2 allows 4 GiB.
constexpr size_t kMaxHeader = 1 << 20;

/// The header at the start of `bytes` (which must hold all of it): the
/// array's shape and where its data starts. `needBytes` is the data's
/// size, checked against overflow and the tensor limit; `half` whether the
/// elements are float16.
Status parseHeader(const std::string &bytes, const std::string &name,
                   std::vector<int64_t> &shape, size_t &dataStart,
                   size_t &needBytes, std::string &shapeText, bool &half) {
  if (bytes.size() < kMagicLen + 4 ||
      std::memcmp(bytes.data(), kMagic, kMagicLen) != 0)
    return Status::error(name + ": not a .npy file (bad magic string)");
  unsigned major = static_cast<unsigned char>(bytes[6]);
  size_t headerLen, headerStart;
  if (major == 1) {
    headerLen = static_cast<unsigned char>(bytes[8]) |
                static_cast<unsigned char>(bytes[9]) << 8;
    headerStart = 10;
  } else if (major == 2 || major == 3) {
    if (bytes.size() < 12)
      return Status::error(name + ": truncated .npy header");
    headerLen = 0;
    for (int i = 0; i < 4; ++i)
      headerLen |= size_t(static_cast<unsigned char>(bytes[8 + i])) << (8 * i);
    headerStart = 12;
  } else {
    return Status::error(name + ": unsupported .npy format version " +
                         std::to_string(major));
  }
  if (headerLen > kMaxHeader)
    return Status::error(name + ": .npy header of " +
                         std::to_string(headerLen) + " bytes, more than " +
                         std::to_string(kMaxHeader) + " (not a NumPy file)");
  if (bytes.size() < headerStart + headerLen)
    return Status::error(name + ": truncated .npy header");
  std::string header = bytes.substr(headerStart, headerLen);

  std::string descr, fortran;
  if (!findValue(header, "descr", descr) ||
      !findValue(header, "fortran_order", fortran) ||
      !findValue(header, "shape", shapeText))
    return Status::error(name +
                         ": malformed .npy header: " + header.substr(0, 200));
  half = descr == "'<f2'" || descr == "'=f2'";
  if (descr != "'<f4'" && descr != "'=f4'" && !half)
    return Status::error(name + ": dtype is " + descr +
                         ", expected float32 ('<f4') or float16 ('<f2')");
  if (fortran != "False")
    return Status::error(name + ": array is in Fortran order, expected C order "
                                "(save it with numpy.ascontiguousarray)");
  shape.clear();
  if (Status s = parseShape(shapeText, name, shape); !s)
    return s;
  int64_t count = 1;
  for (int64_t d : shape)
    if (__builtin_mul_overflow(count, d, &count) || count > kMaxElements)
      return Status::error(name + ": shape " + shapeText + " holds more than " +
                           std::to_string(kMaxElements) +
                           " elements (2 GiB of float32), more than any "
                           "tensor convt reads");
  dataStart = headerStart + headerLen;
  needBytes = static_cast<size_t>(count) * (half ? 2 : sizeof(float));
  return Status::success();
}

} // namespace

Status parseNpy(const std::string &bytes, const std::string &name,
                NpyArray &out) {
  std::vector<int64_t> shape;
  std::string shapeText;
  size_t dataStart = 0, need = 0;
  bool half = false;
  if (Status s =
          parseHeader(bytes, name, shape, dataStart, need, shapeText, half);
      !s)
    return s;
  size_t have = bytes.size() - dataStart;
  if (have < need)
    return Status::error(name + ": truncated: shape " + shapeText + " needs " +
                         std::to_string(need) +
                         " bytes of data, the file has " +
                         std::to_string(have));
  if (have > need)
    return Status::error(name + ": " + std::to_string(have) +
                         " bytes of data for shape " + shapeText +
                         ", expected " + std::to_string(need));
  out.shape = std::move(shape);
  out.half = half;
  if (half) { // widened exactly
    out.data.resize(need / 2);
    for (size_t i = 0; i < out.data.size(); ++i) {
      uint16_t h;
      std::memcpy(&h, bytes.data() + dataStart + 2 * i, 2);
      out.data[i] = fromFloat16(h);
    }
    return Status::success();
  }
  out.data.resize(need / sizeof(float));
  if (need) // (memcpy of nothing into an empty vector's null data is UB)
    std::memcpy(out.data.data(), bytes.data() + dataStart, need);
  return Status::success();
}

Status readNpy(const std::string &path, NpyArray &out) {
  int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0)
    return Status::error(path + ": cannot open file");
  struct stat st;
  if (::fstat(fd, &st) != 0 || S_ISDIR(st.st_mode)) {
    ::close(fd);
    return Status::error(path + ": cannot read a directory");
  }
  // Read only what the header says the file holds (plus one byte, to see
  // whether more follows): /dev/zero or a FIFO never fills memory.
  std::string bytes;
  auto readUpTo = [&](size_t size) {
    while (bytes.size() < size) {
      char buf[65536];
      size_t want = std::min(sizeof buf, size - bytes.size());
      ssize_t n = ::read(fd, buf, want);
      if (n < 0 && errno == EINTR)
        continue;
      if (n <= 0)
        return;
      bytes.append(buf, static_cast<size_t>(n));
    }
  };
  readUpTo(12);
  size_t headerEnd = 12;
  if (bytes.size() >= 10 && std::memcmp(bytes.data(), kMagic, kMagicLen) == 0) {
    unsigned major = static_cast<unsigned char>(bytes[6]);
    size_t len = major == 1 ? (static_cast<unsigned char>(bytes[8]) |
                               static_cast<unsigned char>(bytes[9]) << 8) +
                                  size_t(10)
                 : bytes.size() >= 12
                     ? (size_t(static_cast<unsigned char>(bytes[8])) |
                        size_t(static_cast<unsigned char>(bytes[9])) << 8 |
                        size_t(static_cast<unsigned char>(bytes[10])) << 16 |
                        size_t(static_cast<unsigned char>(bytes[11])) << 24) +
                           12
                     : 12;
    headerEnd = std::min(len, kMaxHeader + 12);
  }
  readUpTo(headerEnd);
  std::vector<int64_t> shape;
  std::string shapeText;
  size_t dataStart = 0, need = 0;
  bool half = false;
  Status s = parseHeader(bytes, path, shape, dataStart, need, shapeText, half);
  if (s) {
    readUpTo(dataStart + need + 1);
    if (bytes.size() > dataStart + need)
      s = Status::error(path + ": more data than shape " + shapeText +
                        " needs (" + std::to_string(need) + " bytes)");
    else
      s = parseNpy(bytes, path, out);
  }
  ::close(fd);
  return s;
}

namespace {

Status writeArray(const std::string &path, const std::vector<int64_t> &shape,
                  const void *data, bool half) {
  std::string dict = std::string("{'descr': '") + (half ? "<f2" : "<f4") +
                     "', 'fortran_order': False, 'shape': (";
  int64_t count = 1;
  for (size_t i = 0; i < shape.size(); ++i) {
    dict += std::to_string(shape[i]) + (shape.size() == 1 ? "," : "");
    if (i + 1 < shape.size())
      dict += ", ";
    if (shape[i] < 0 || __builtin_mul_overflow(count, shape[i], &count) ||
        count > kMaxElements)
      return Status::error(path + ": refusing to write an array of shape " +
                           formatShape(shape) + " (more than " +
                           std::to_string(kMaxElements) + " elements)");
  }
  dict += "), }";
  // Pad so that the data starts on a 64-byte boundary, as NumPy does.
  size_t total = kMagicLen + 4 + dict.size() + 1;
  dict.append((64 - total % 64) % 64, ' ');
  dict += '\n';
  std::string head(kMagic, kMagicLen);
  head += '\x01';
  head += '\x00';
  head += static_cast<char>(dict.size() & 0xff);
  head += static_cast<char>(dict.size() >> 8);
  head += dict;
  const size_t dataBytes =
      static_cast<size_t>(count) * (half ? 2 : sizeof(float));

  return writeFileSafely(path, {{head.data(), head.size()},
                                {static_cast<const char *>(data), dataBytes}});
}

} // namespace

Status writeNpy(const std::string &path, const std::vector<int64_t> &shape,
                const float *data) {
  return writeArray(path, shape, data, false);
}

Status writeNpy16(const std::string &path, const std::vector<int64_t> &shape,
                  const uint16_t *data) {
  return writeArray(path, shape, data, true);
}

} // namespace convt
