//===- Layer.h - A transposed-convolution layer in canonical form --------===//
//
// The canonical padded form of docs/design.md, as plain data. The compiler
// lowers every frontend to it, the backend generates code from it, and the
// runtime checks the caller's buffers against it, so it depends on nothing
// but the C++ standard library.
//
//===----------------------------------------------------------------------===//
#ifndef CONVT_RUNTIME_LAYER_H
#define CONVT_RUNTIME_LAYER_H

#include <array>
#include <cstdint>
#include <string>
#include <vector>

namespace convt {

constexpr int kMaxSpatialRank = 3;

/// The largest size, stride, dilation, pad or extent a layer may have:
/// Halide 14 computes indices in 32-bit integers.
constexpr int64_t kMaxIndex = 2147483647;
/// The most elements of one tensor: Halide 14 (without large_buffers)
/// refuses buffers of 2^31 bytes or more.
constexpr int64_t kMaxElements = (int64_t(1) << 31) / 4 - 1;
using Dims = std::array<int64_t, kMaxSpatialRank>;

/// The name of a data layout of the input and output (the spec's
/// `data_format`): channels first "NCW", "NCHW", "NCDHW" or channels last
/// "NWC", "NHWC", "NDHWC" for spatial rank 1, 2, 3.
const char *dataFormatName(int rank, bool channelsLast);
/// Whether `name` is a layout of `rank`; sets channelsLast.
bool parseDataFormat(const std::string &name, int rank, bool &channelsLast);

/// The name of a weight layout (the spec's `weight_format`): "IOW",
/// "IOHW", "IODHW" ([C_in, C_out/groups, k...]: PyTorch, MindSpore, ONNX) or
/// "WOI", "HWOI", "DHWOI" ([k..., C_out/groups, C_in]: TensorFlow's
/// filters) for spatial rank 1, 2, 3.
const char *weightFormatName(int rank, bool channelsLast);
/// Whether `name` is a weight layout of `rank`; sets channelsLast.
bool parseWeightFormat(const std::string &name, int rank, bool &channelsLast);

/// How kernels index a dense C-order array: as given (Plain), an
/// activation [N, spatial..., C] as (spatial..., C, N) (ChannelsLast), or a
/// weight [k..., C_out/groups, C_in] as [C_in, C_out/groups, k...]
/// (WeightChannelsLast).
enum class DimOrder { Plain, ChannelsLast, WeightChannelsLast };

/// The element type of a layer's tensors (the spec's `dtype`).
enum class ElementType { Float32, Float16, BFloat16 };

/// "float32", "float16", "bfloat16".
const char *elementTypeName(ElementType type);
/// The type named `name`; false for any other name.
bool parseElementType(const std::string &name, ElementType &type);
/// Bytes of one element.
int elementBytes(ElementType type);

/// Per spatial dimension d: input length n, stride s, dilation t, kernel k,
/// full length F = (n-1)*s + t*(k-1) + 1. The full result is
/// z[i*s + j*t] += x[i] * w[j]; the layer keeps y[o] = z[o + padsBegin] for
/// o in [0, F - padsBegin - padsEnd), reading zero outside [0, F), adds the
/// bias, then appends postPads exact zeros (MindSpore's 2-D output_padding).
/// Entries past `rank` are unused and hold the neutral values.
struct CanonicalLayer {
  int rank = 2;
  int64_t batch = 1;
  int64_t inChannels = 1;
  int64_t outChannels = 1;
  int64_t groups = 1;
  Dims inputSize{1, 1, 1};
  Dims kernelSize{1, 1, 1};
  Dims strides{1, 1, 1};
  Dims dilations{1, 1, 1};
  Dims padsBegin{0, 0, 0};
  Dims padsEnd{0, 0, 0};
  Dims postPads{0, 0, 0};
  bool hasBias = false;
  ElementType elementType = ElementType::Float32;
  /// Input and output channels innermost ([N, spatial..., C]), not
  /// [N, C, spatial...]. The weight's layout does not change.
  bool channelsLast = false;
  /// The weight is [k..., C_out/groups, C_in] (TensorFlow's filters), not
  /// [C_in, C_out/groups, k...]. Only the layout differs: the weight's
  /// values mean the same.
  bool weightChannelsLast = false;

  /// Length of the un-cropped result along spatial dimension d (INT64_MAX
  /// when it does not fit in 64 bits).
  int64_t fullSize(int d) const;
  /// Length of the cropped window, before the trailing zeros.
  int64_t windowSize(int d) const;
  /// Length of the output along spatial dimension d.
  int64_t outputSize(int d) const;

  /// The caller's shapes, in the layer's layout: [N, C_in, spatial...] or
  /// [N, spatial..., C_in] (channelsLast); the same for the output.
  std::vector<int64_t> inputShape() const;
  /// [C_in, C_out/groups, k...], or [k..., C_out/groups, C_in] when
  /// weightChannelsLast.
  std::vector<int64_t> weightShape() const;
  /// [C_in, C_out/groups, k...] whatever the layout.
  std::vector<int64_t> logicalWeightShape() const;
  std::vector<int64_t> biasShape() const; ///< [C_out]
  std::vector<int64_t> outputShape() const;
  /// [N, C, spatial...] whatever the layout.
  std::vector<int64_t> logicalInputShape() const;
  std::vector<int64_t> logicalOutputShape() const;
  /// "NCHW", "NHWC", ... (dataFormatName of this layer).
  const char *dataFormat() const;
  /// "IOHW", "HWOI", ... (weightFormatName of this layer).
  const char *weightFormat() const;

  /// 2*N*C_in*prod(input spatial)*(C_out/groups)*prod(kernel): the FLOPs of
  /// every multiply-add of the scatter form, counted once.
  int64_t usefulFlops() const;

  /// Empty when the layer is well formed and within the limits kernels
  /// can index (kMaxIndex, kMaxElements), else what is wrong with it.
  std::string validate() const;
  /// Empty when every tensor holds at most kMaxElements, else which does
  /// not (call on a layer whose sizes are within kMaxIndex).
  std::string tensorSizeProblem() const;

  /// A one-line human-readable description, stable across versions of the
  /// code so that it can be part of a cache key and of a kernel's metadata.
  std::string str() const;
  /// The layer `text` (what str() prints) describes; false if it is not
  /// such a line or the layer it describes is invalid.
  static bool parse(const std::string &text, CanonicalLayer &layer);

  bool operator==(const CanonicalLayer &o) const;
};

/// Number of elements of a shape (INT64_MAX when it does not fit).
int64_t numElements(const std::vector<int64_t> &shape);

/// "[1, 64, 15, 45]".
std::string formatShape(const std::vector<int64_t> &shape);

/// Moves the channels of C-order activations of `n` images with `c`
/// channels: [N, C, spatial...] -> [N, spatial..., C] (`toLast`), or back.
template <typename T>
std::vector<T> moveChannels(const std::vector<T> &v, int64_t n, int64_t c,
                            bool toLast) {
  const int64_t p = static_cast<int64_t>(v.size()) / (n * c);
  std::vector<T> out(v.size());
  for (int64_t i = 0; i < n; ++i)
    for (int64_t j = 0; j < c; ++j)
      for (int64_t k = 0; k < p; ++k) {
        const int64_t first = (i * c + j) * p + k, last = (i * p + k) * c + j;
        out[toLast ? last : first] = v[toLast ? first : last];
      }
  return out;
}

/// Moves a weight between [C_in, C_out/groups, k...] and
/// [k..., C_out/groups, C_in] (`toLast`, TensorFlow's layout), or back;
/// `logical` is the first of those shapes.
template <typename T>
std::vector<T> moveWeightChannels(const std::vector<T> &v,
                                  const std::vector<int64_t> &logical,
                                  bool toLast) {
  const int64_t io = logical[0] * logical[1];
  const int64_t taps = static_cast<int64_t>(v.size()) / io;
  std::vector<T> out(v.size());
  for (int64_t i = 0; i < io; ++i) // i = ci * C_out/groups + co
    for (int64_t k = 0; k < taps; ++k) {
      const int64_t co = i % logical[1], ci = i / logical[1];
      const int64_t first = i * taps + k;
      const int64_t last = (k * logical[1] + co) * logical[0] + ci;
      out[toLast ? last : first] = v[toLast ? first : last];
    }
  return out;
}

} // namespace convt

#endif // CONVT_RUNTIME_LAYER_H
