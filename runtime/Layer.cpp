//===- Layer.cpp - A transposed-convolution layer in canonical form ------===//

#include "runtime/Layer.h"

#include <algorithm>
#include <climits>
#include <cstdlib>
#include <iterator>
#include <sstream>
#include <utility>

namespace convt {

const char *elementTypeName(ElementType type) {
  switch (type) {
  case ElementType::Float32:
    return "float32";
  case ElementType::Float16:
    return "float16";
  case ElementType::BFloat16:
    return "bfloat16";
  }
  return "?";
}

bool parseElementType(const std::string &name, ElementType &type) {
  for (ElementType t :
       {ElementType::Float32, ElementType::Float16, ElementType::BFloat16})
    if (name == elementTypeName(t)) {
      type = t;
      return true;
    }
  return false;
}

const char *dataFormatName(int rank, bool channelsLast) {
  static const char *names[2][kMaxSpatialRank] = {{"NCW", "NCHW", "NCDHW"},
                                                  {"NWC", "NHWC", "NDHWC"}};
  if (rank < 1 || rank > kMaxSpatialRank)
    return "?";
  return names[channelsLast ? 1 : 0][rank - 1];
}

bool parseDataFormat(const std::string &name, int rank, bool &channelsLast) {
  for (bool last : {false, true})
    if (name == dataFormatName(rank, last)) {
      channelsLast = last;
      return true;
    }
  return false;
}

const char *weightFormatName(int rank, bool channelsLast) {
  static const char *names[2][kMaxSpatialRank] = {{"IOW", "IOHW", "IODHW"},
                                                  {"WOI", "HWOI", "DHWOI"}};
  if (rank < 1 || rank > kMaxSpatialRank)
    return "?";
  return names[channelsLast ? 1 : 0][rank - 1];
}

bool parseWeightFormat(const std::string &name, int rank, bool &channelsLast) {
  for (bool last : {false, true})
    if (name == weightFormatName(rank, last)) {
      channelsLast = last;
      return true;
    }
  return false;
}

int elementBytes(ElementType type) {
  return type == ElementType::Float32 ? 4 : 2;
}

namespace {

/// a*b + c*e + 1 in 64 bits, or INT64_MAX when it does not fit.
int64_t checkedFull(int64_t a, int64_t b, int64_t c, int64_t e) {
  int64_t x, y, z;
  if (__builtin_mul_overflow(a, b, &x) || __builtin_mul_overflow(c, e, &y) ||
      __builtin_add_overflow(x, y, &z) || __builtin_add_overflow(z, 1, &z))
    return INT64_MAX;
  return z;
}

/// The product of `shape`, or INT64_MAX when it does not fit.
int64_t checkedElements(const std::vector<int64_t> &shape) {
  int64_t n = 1;
  for (int64_t s : shape)
    if (__builtin_mul_overflow(n, s, &n))
      return INT64_MAX;
  return n;
}

} // namespace

int64_t CanonicalLayer::fullSize(int d) const {
  return checkedFull(inputSize[d] - 1, strides[d], dilations[d],
                     kernelSize[d] - 1);
}

int64_t CanonicalLayer::windowSize(int d) const {
  int64_t w;
  if (__builtin_sub_overflow(fullSize(d), padsBegin[d], &w) ||
      __builtin_sub_overflow(w, padsEnd[d], &w))
    return INT64_MAX;
  return w;
}

int64_t CanonicalLayer::outputSize(int d) const {
  return windowSize(d) + postPads[d];
}

namespace {

/// [N, C, spatial...] in the layout: the channel moves last.
std::vector<int64_t> inLayout(std::vector<int64_t> logical, bool last) {
  if (last)
    std::rotate(logical.begin() + 1, logical.begin() + 2, logical.end());
  return logical;
}

} // namespace

std::vector<int64_t> CanonicalLayer::logicalInputShape() const {
  std::vector<int64_t> s{batch, inChannels};
  s.insert(s.end(), inputSize.begin(), inputSize.begin() + rank);
  return s;
}

std::vector<int64_t> CanonicalLayer::inputShape() const {
  return inLayout(logicalInputShape(), channelsLast);
}

const char *CanonicalLayer::dataFormat() const {
  return dataFormatName(rank, channelsLast);
}

const char *CanonicalLayer::weightFormat() const {
  return weightFormatName(rank, weightChannelsLast);
}

std::vector<int64_t> CanonicalLayer::logicalWeightShape() const {
  std::vector<int64_t> s{inChannels, outChannels / groups};
  s.insert(s.end(), kernelSize.begin(), kernelSize.begin() + rank);
  return s;
}

std::vector<int64_t> CanonicalLayer::weightShape() const {
  if (!weightChannelsLast)
    return logicalWeightShape();
  std::vector<int64_t> s(kernelSize.begin(), kernelSize.begin() + rank);
  s.push_back(outChannels / groups);
  s.push_back(inChannels);
  return s;
}

std::vector<int64_t> CanonicalLayer::biasShape() const { return {outChannels}; }

std::vector<int64_t> CanonicalLayer::logicalOutputShape() const {
  std::vector<int64_t> s{batch, outChannels};
  for (int d = 0; d < rank; ++d)
    s.push_back(outputSize(d));
  return s;
}

std::vector<int64_t> CanonicalLayer::outputShape() const {
  return inLayout(logicalOutputShape(), channelsLast);
}

int64_t CanonicalLayer::usefulFlops() const {
  int64_t f = 2 * batch * inChannels * (outChannels / groups);
  for (int d = 0; d < rank; ++d)
    f *= inputSize[d] * kernelSize[d];
  return f;
}

std::string CanonicalLayer::validate() const {
  std::ostringstream os;
  if (rank < 1 || rank > kMaxSpatialRank)
    return "rank must be 1, 2 or 3";
  if (batch < 1 || inChannels < 1 || outChannels < 1 || groups < 1)
    return "batch, channels and groups must be positive";
  if (batch > kMaxIndex || inChannels > kMaxIndex || outChannels > kMaxIndex)
    return "batch and channels must be at most " + std::to_string(kMaxIndex);
  if (inChannels % groups || outChannels % groups)
    return "channels must be divisible by groups";
  for (int d = 0; d < rank; ++d) {
    if (inputSize[d] < 1 || kernelSize[d] < 1 || strides[d] < 1 ||
        dilations[d] < 1)
      return "sizes, kernel, strides and dilations must be positive";
    if (postPads[d] < 0)
      return "post_pads must be non-negative";
    for (int64_t v : {inputSize[d], kernelSize[d], strides[d], dilations[d],
                      padsBegin[d], padsEnd[d], postPads[d]})
      if (v > kMaxIndex || v < -kMaxIndex) {
        os << "a size, stride, dilation or pad of spatial dimension " << d
           << " is out of range (|value| <= " << kMaxIndex << "): " << v;
        return os.str();
      }
    if (fullSize(d) > kMaxIndex) {
      os << "spatial dimension " << d << ": (in-1)*stride + "
         << "dilation*(kernel-1) + 1 exceeds " << kMaxIndex;
      return os.str();
    }
    if (windowSize(d) < 1) {
      os << "output size " << windowSize(d) << " in spatial dimension " << d
         << " is below 1";
      return os.str();
    }
    if (windowSize(d) + postPads[d] > kMaxIndex) {
      os << "output size in spatial dimension " << d << " exceeds "
         << kMaxIndex;
      return os.str();
    }
  }
  for (int d = rank; d < kMaxSpatialRank; ++d)
    if (inputSize[d] != 1 || kernelSize[d] != 1 || strides[d] != 1 ||
        dilations[d] != 1 || padsBegin[d] || padsEnd[d] || postPads[d])
      return "unused dimensions must hold neutral values";
  return tensorSizeProblem();
}

std::string CanonicalLayer::tensorSizeProblem() const {
  const std::pair<const char *, std::vector<int64_t>> tensors[] = {
      {"input", inputShape()},
      {"weight", weightShape()},
      {"output", outputShape()}};
  for (const auto &[what, shape] : tensors) {
    int64_t n = checkedElements(shape);
    if (n > kMaxElements)
      return std::string("the ") + what + " " + formatShape(shape) + " has " +
             (n == INT64_MAX ? std::string("more than 2^63")
                             : std::to_string(n)) +
             " elements; a tensor may hold at most " +
             std::to_string(kMaxElements) +
             " (2 GiB of float32: Halide 14's limit)";
  }
  return "";
}

static void printDims(std::ostream &os, const char *name, const Dims &v,
                      int rank) {
  os << ' ' << name << '=';
  for (int d = 0; d < rank; ++d)
    os << (d ? "x" : "") << v[d];
}

std::string CanonicalLayer::str() const {
  std::ostringstream os;
  os << "rank=" << rank << " N=" << batch << " Cin=" << inChannels
     << " Cout=" << outChannels << " groups=" << groups;
  printDims(os, "in", inputSize, rank);
  printDims(os, "k", kernelSize, rank);
  printDims(os, "s", strides, rank);
  printDims(os, "d", dilations, rank);
  printDims(os, "pb", padsBegin, rank);
  printDims(os, "pe", padsEnd, rank);
  printDims(os, "post", postPads, rank);
  os << " bias=" << (hasBias ? 1 : 0)
     << " dtype=" << elementTypeName(elementType);
  // Only when channels-last: lines (and so cache keys) of channels-first
  // layers read as they did before layouts existed.
  if (channelsLast)
    os << " format=" << dataFormat();
  if (weightChannelsLast)
    os << " weights=" << weightFormat();
  return os.str();
}

namespace {

/// Reads "a" or "axbxc" into the first `rank` entries of `v`.
bool parseDims(const std::string &text, int rank, Dims &v) {
  const char *p = text.c_str();
  for (int d = 0; d < rank; ++d) {
    if (d && *p++ != 'x')
      return false;
    char *end = nullptr;
    long long x = std::strtoll(p, &end, 10);
    if (end == p)
      return false;
    v[d] = x;
    p = end;
  }
  return *p == '\0';
}

bool parseInt(const std::string &text, int64_t &v) {
  char *end = nullptr;
  v = std::strtoll(text.c_str(), &end, 10);
  return !text.empty() && *end == '\0';
}

} // namespace

bool CanonicalLayer::parse(const std::string &text, CanonicalLayer &layer) {
  CanonicalLayer l;
  // The fields in str()'s order; each must be there exactly once.
  const char *keys[] = {"rank", "N",     "Cin",    "Cout",   "groups", "in",
                        "k",    "s",     "d",      "pb",     "pe",     "post",
                        "bias", "dtype", "format", "weights"};
  // format= and weights= are optional (channels first when absent).
  const size_t required = std::size(keys) - 2;
  int64_t *counts[] = {&l.batch, &l.inChannels, &l.outChannels, &l.groups};
  Dims *dims[] = {&l.inputSize, &l.kernelSize, &l.strides, &l.dilations,
                  &l.padsBegin, &l.padsEnd,    &l.postPads};
  std::istringstream in(text);
  std::string field;
  size_t next = 0;
  while (in >> field) {
    size_t eq = field.find('=');
    if (eq == std::string::npos)
      return false;
    // An optional field may be skipped.
    while (next >= required && next < std::size(keys) &&
           field.compare(0, eq, keys[next]) != 0)
      ++next;
    if (next == std::size(keys) || field.compare(0, eq, keys[next]) != 0)
      return false;
    std::string value = field.substr(eq + 1);
    size_t i = next++;
    int64_t rank = 0;
    bool ok;
    if (i == 0) {
      ok = parseInt(value, rank) && rank >= 1 && rank <= kMaxSpatialRank;
      l.rank = static_cast<int>(rank);
    } else if (i <= std::size(counts)) {
      ok = parseInt(value, *counts[i - 1]);
    } else if (i <= std::size(counts) + std::size(dims)) {
      ok = parseDims(value, l.rank, *dims[i - 1 - std::size(counts)]);
    } else if (keys[i] == std::string("bias")) {
      ok = value == "0" || value == "1";
      l.hasBias = value == "1";
    } else if (keys[i] == std::string("dtype")) {
      ok = parseElementType(value, l.elementType);
    } else if (keys[i] == std::string("format")) {
      ok = parseDataFormat(value, l.rank, l.channelsLast) && l.channelsLast;
    } else {
      ok = parseWeightFormat(value, l.rank, l.weightChannelsLast) &&
           l.weightChannelsLast;
    }
    if (!ok)
      return false;
  }
  if (next < required || !l.validate().empty())
    return false;
  layer = l;
  return true;
}

bool CanonicalLayer::operator==(const CanonicalLayer &o) const {
  return rank == o.rank && batch == o.batch && inChannels == o.inChannels &&
         outChannels == o.outChannels && groups == o.groups &&
         inputSize == o.inputSize && kernelSize == o.kernelSize &&
         strides == o.strides && dilations == o.dilations &&
         padsBegin == o.padsBegin && padsEnd == o.padsEnd &&
         postPads == o.postPads && hasBias == o.hasBias &&
         elementType == o.elementType && channelsLast == o.channelsLast &&
         weightChannelsLast == o.weightChannelsLast;
}

int64_t numElements(const std::vector<int64_t> &shape) {
  return checkedElements(shape);
}

std::string formatShape(const std::vector<int64_t> &shape) {
  std::ostringstream os;
  os << '[';
  for (size_t i = 0; i < shape.size(); ++i)
    os << (i ? ", " : "") << shape[i];
  os << ']';
  return os.str();
}

} // namespace convt
