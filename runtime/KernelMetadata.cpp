//===- KernelMetadata.cpp - What a compiled kernel says of itself --------===//

#include "runtime/KernelMetadata.h"

#include <cstdlib>
#include <sstream>

namespace convt {

namespace {

constexpr const char *kHeader = "convt-kernel-metadata 1";

std::string joinShape(const std::vector<int64_t> &shape) {
  std::string s;
  for (size_t i = 0; i < shape.size(); ++i)
    s += (i ? "," : "") + std::to_string(shape[i]);
  return s;
}

bool parseShape(const std::string &text, std::vector<int64_t> &shape) {
  shape.clear();
  if (text.empty())
    return true;
  std::istringstream in(text);
  std::string part;
  while (std::getline(in, part, ',')) {
    char *end = nullptr;
    long long v = std::strtoll(part.c_str(), &end, 10);
    if (part.empty() || *end || v < 1)
      return false;
    shape.push_back(v);
  }
  return shape.size() <= 8;
}

bool parseInt(const std::string &text, int &v) {
  char *end = nullptr;
  long x = std::strtol(text.c_str(), &end, 10);
  if (text.empty() || *end || x < 0 || x > 1 << 20)
    return false;
  v = static_cast<int>(x);
  return true;
}

} // namespace

KernelMetadata KernelMetadata::fromKey(const KernelKey &key) {
  KernelMetadata m;
  m.abiVersion = key.abiVersion;
  m.compilerVersion = key.compilerVersion;
  m.key = key.hash();
  m.layer = key.layer;
  m.target = key.target;
  m.schedule = key.schedule;
  m.threads = key.threads;
  return m;
}

std::string KernelMetadata::str() const {
  std::ostringstream os;
  os << kHeader << "\n"
     << "abi=" << abiVersion << "\n"
     << "compiler=" << compilerVersion << "\n"
     << "key=" << key << "\n"
     << "name=" << name << "\n"
     << "layer=" << layer.str() << "\n"
     << "target=" << target << "\n"
     << "schedule=" << schedule << "\n"
     << "threads=" << threads << "\n"
     << "entry=" << entry << "\n"
     << "pack=" << pack << "\n"
     << "packed_weight_shape=" << joinShape(packedWeightShape) << "\n";
  return os.str();
}

Status KernelMetadata::parse(const std::string &text, KernelMetadata &out) {
  std::istringstream in(text);
  std::string line;
  if (!std::getline(in, line) || line != kHeader)
    return Status::error(StatusCode::Incompatible,
                         "not convt kernel metadata (expected '" +
                             std::string(kHeader) + "', got '" +
                             line.substr(0, 60) + "')");
  KernelMetadata m;
  const char *fields[] = {"abi",
                          "compiler",
                          "key",
                          "name",
                          "layer",
                          "target",
                          "schedule",
                          "threads",
                          "entry",
                          "pack",
                          "packed_weight_shape"};
  for (const char *field : fields) {
    std::string prefix = std::string(field) + "=";
    if (!std::getline(in, line) || line.compare(0, prefix.size(), prefix))
      return Status::error(StatusCode::Incompatible,
                           "kernel metadata: expected '" + prefix +
                               "...', got '" + line.substr(0, 60) + "'");
    std::string v = line.substr(prefix.size());
    bool ok = true;
    std::string f = field;
    if (f == "abi") {
      ok = parseInt(v, m.abiVersion);
      // Nothing else of another ABI's metadata is to be trusted.
      if (ok && m.abiVersion != kKernelAbiVersion)
        return Status::error(StatusCode::Incompatible,
                             "the kernel has ABI version " + v +
                                 ", this runtime loads version " +
                                 std::to_string(kKernelAbiVersion) +
                                 " (recompile it with this convt)");
    } else if (f == "compiler")
      m.compilerVersion = v;
    else if (f == "key")
      m.key = v;
    else if (f == "name")
      m.name = v;
    else if (f == "layer")
      ok = CanonicalLayer::parse(v, m.layer);
    else if (f == "target")
      m.target = v;
    else if (f == "schedule")
      m.schedule = v;
    else if (f == "threads")
      ok = parseInt(v, m.threads);
    else if (f == "entry")
      ok = !v.empty();
    else if (f == "packed_weight_shape")
      ok = parseShape(v, m.packedWeightShape);
    if (f == "entry")
      m.entry = v;
    if (f == "pack")
      m.pack = v;
    if (!ok)
      return Status::error(StatusCode::Incompatible,
                           "kernel metadata: bad value in '" +
                               line.substr(0, 200) + "'");
  }
  if (m.packedWeightShape.empty())
    return Status::error(StatusCode::Incompatible,
                         "kernel metadata: no packed_weight_shape");
  out = std::move(m);
  return Status::success();
}

} // namespace convt
