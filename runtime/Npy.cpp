//===- Npy.cpp - NumPy .npy files of float32 in C order ------------------===//

#include "runtime/Npy.h"

#include <cstdio>
#include <cstring>
#include <fstream>
#include <sstream>
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

Status parseNpy(const std::string &bytes, const std::string &name,
                NpyArray &out) {
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
  if (bytes.size() < headerStart + headerLen)
    return Status::error(name + ": truncated .npy header");
  std::string header = bytes.substr(headerStart, headerLen);

  std::string descr, fortran, shapeText;
  if (!findValue(header, "descr", descr) ||
      !findValue(header, "fortran_order", fortran) ||
      !findValue(header, "shape", shapeText))
    return Status::error(name + ": malformed .npy header: " + header);
  if (descr != "'<f4'" && descr != "'=f4'")
    return Status::error(name + ": dtype is " + descr +
                         ", expected float32 ('<f4')");
  if (fortran != "False")
    return Status::error(name + ": array is in Fortran order, expected C order "
                                "(save it with numpy.ascontiguousarray)");
  std::vector<int64_t> shape;
  if (Status s = parseShape(shapeText, name, shape); !s)
    return s;

  size_t count = 1;
  for (int64_t d : shape)
    count *= static_cast<size_t>(d);
  size_t dataStart = headerStart + headerLen;
  size_t have = bytes.size() - dataStart;
  if (have < count * sizeof(float))
    return Status::error(name + ": truncated: shape " + shapeText + " needs " +
                         std::to_string(count * sizeof(float)) +
                         " bytes of data, the file has " +
                         std::to_string(have));
  if (have > count * sizeof(float))
    return Status::error(name + ": " + std::to_string(have) +
                         " bytes of data for shape " + shapeText +
                         ", expected " + std::to_string(count * sizeof(float)));
  out.shape = std::move(shape);
  out.data.resize(count);
  std::memcpy(out.data.data(), bytes.data() + dataStart, count * sizeof(float));
  return Status::success();
}

Status readNpy(const std::string &path, NpyArray &out) {
  std::ifstream in(path, std::ios::binary);
  if (!in)
    return Status::error(path + ": cannot open file");
  std::ostringstream ss;
  ss << in.rdbuf();
  return parseNpy(ss.str(), path, out);
}

Status writeNpy(const std::string &path, const std::vector<int64_t> &shape,
                const float *data) {
  std::string dict = "{'descr': '<f4', 'fortran_order': False, 'shape': (";
  size_t count = 1;
  for (size_t i = 0; i < shape.size(); ++i) {
    dict += std::to_string(shape[i]) + (shape.size() == 1 ? "," : "");
    if (i + 1 < shape.size())
      dict += ", ";
    count *= static_cast<size_t>(shape[i]);
  }
  dict += "), }";
  // Pad so that the data starts on a 64-byte boundary, as NumPy does.
  size_t total = kMagicLen + 4 + dict.size() + 1;
  dict.append((64 - total % 64) % 64, ' ');
  dict += '\n';

  std::string tmp = path + ".tmp." + std::to_string(::getpid());
  {
    std::ofstream out(tmp, std::ios::binary | std::ios::trunc);
    if (!out)
      return Status::error(path + ": cannot create file");
    out.write(kMagic, kMagicLen);
    const char version[2] = {1, 0};
    out.write(version, 2);
    const unsigned char len[2] = {static_cast<unsigned char>(dict.size()),
                                  static_cast<unsigned char>(dict.size() >> 8)};
    out.write(reinterpret_cast<const char *>(len), 2);
    out << dict;
    out.write(reinterpret_cast<const char *>(data), count * sizeof(float));
    out.flush();
    if (!out) {
      out.close();
      std::remove(tmp.c_str());
      return Status::error(path + ": write failed");
    }
  }
  if (std::rename(tmp.c_str(), path.c_str()) != 0) {
    std::remove(tmp.c_str());
    return Status::error(path + ": cannot rename temporary file into place");
  }
  return Status::success();
}

} // namespace convt
