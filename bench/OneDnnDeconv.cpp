//===- OneDnnDeconv.cpp - oneDNN's deconvolution, the CPU peer ------------===//

#include "bench/OneDnnDeconv.h"

#include <oneapi/dnnl/dnnl.hpp>

#include <cstring>

namespace convt::bench {

using namespace dnnl;
using tag = memory::format_tag;
using dt = memory::data_type;

struct OneDnnDeconv::Impl {
  engine eng{engine::kind::cpu, 0};
  stream strm{eng};
  deconvolution_forward::primitive_desc pd;
  deconvolution_forward prim;
  memory src, wei, bias, dst, userDst;
  bool hasBias = false;
  std::vector<float> dstPlain;
};

namespace {

memory::dims spatial(const Dims &v, int rank) {
  return memory::dims(v.begin(), v.begin() + rank);
}

tag plainTag(int rank) {
  return rank == 1 ? tag::ncw : rank == 2 ? tag::nchw : tag::ncdhw;
}

tag channelsLastTag(int rank) {
  return rank == 1 ? tag::nwc : rank == 2 ? tag::nhwc : tag::ndhwc;
}

} // namespace

OneDnnDeconv::OneDnnDeconv(const CanonicalLayer &l, Layout layout,
                           const std::vector<float> &input,
                           const std::vector<float> &weight,
                           const std::vector<float> *biasValues,
                           std::string &error)
    : impl_(new Impl) {
  Impl &m = *impl_;
  try {
    const int r = l.rank;
    const int64_t g = l.groups, cog = l.outChannels / g, cig = l.inChannels / g;
    memory::dims srcDims = {l.batch, l.inChannels};
    memory::dims dstDims = {l.batch, l.outChannels};
    memory::dims weiDims = {g, cog, cig};
    memory::dims kernel = spatial(l.kernelSize, r);
    for (int d = 0; d < r; ++d) {
      srcDims.push_back(l.inputSize[d]);
      dstDims.push_back(l.outputSize(d));
    }
    weiDims.insert(weiDims.end(), kernel.begin(), kernel.end());
    memory::dims strides = spatial(l.strides, r),
                 padL = spatial(l.padsBegin, r), padR = spatial(l.padsEnd, r),
                 dil(r);
    for (int d = 0; d < r; ++d)
      dil[d] = l.dilations[d] - 1; // oneDNN: 0 means dense

    tag weiTag = r == 1 ? tag::goiw : r == 2 ? tag::goihw : tag::goidhw;
    const tag actTag = layout == Layout::Any            ? tag::any
                       : layout == Layout::ChannelsLast ? channelsLastTag(r)
                                                        : plainTag(r);
    auto srcMd = memory::desc(srcDims, dt::f32, actTag);
    auto dstMd = memory::desc(dstDims, dt::f32, actTag);
    auto weiMd = memory::desc(weiDims, dt::f32, tag::any);
    auto biasMd = memory::desc({l.outChannels}, dt::f32, tag::x);
    m.hasBias = biasValues != nullptr;
    auto desc =
        m.hasBias ? deconvolution_forward::desc(prop_kind::forward_inference,
                                                algorithm::deconvolution_direct,
                                                srcMd, weiMd, biasMd, dstMd,
                                                strides, dil, padL, padR)
                  : deconvolution_forward::desc(prop_kind::forward_inference,
                                                algorithm::deconvolution_direct,
                                                srcMd, weiMd, dstMd, strides,
                                                dil, padL, padR);
    m.pd = deconvolution_forward::primitive_desc(desc, m.eng);
    m.prim = deconvolution_forward(m.pd);

    // Weights: [C_in, C_out/g, k] (PyTorch) -> [g][C_out/g][C_in/g][k].
    int64_t taps = 1;
    for (int64_t k : kernel)
      taps *= k;
    std::vector<float> goi(weight.size());
    for (int64_t gi = 0; gi < g; ++gi)
      for (int64_t o = 0; o < cog; ++o)
        for (int64_t i = 0; i < cig; ++i)
          std::memcpy(&goi[((gi * cog + o) * cig + i) * taps],
                      &weight[((gi * cig + i) * cog + o) * taps],
                      taps * sizeof(float));
    auto userWei = memory({weiDims, dt::f32, weiTag}, m.eng, goi.data());
    auto userSrc = memory({srcDims, dt::f32, plainTag(r)}, m.eng,
                          const_cast<float *>(input.data()));
    m.wei = memory(m.pd.weights_desc(), m.eng);
    reorder(userWei, m.wei).execute(m.strm, userWei, m.wei);
    m.src = memory(m.pd.src_desc(), m.eng);
    reorder(userSrc, m.src).execute(m.strm, userSrc, m.src);
    m.dst = memory(m.pd.dst_desc(), m.eng);
    m.dstPlain.resize(numElements(l.logicalOutputShape()));
    m.userDst =
        memory({dstDims, dt::f32, plainTag(r)}, m.eng, m.dstPlain.data());
    if (m.hasBias) {
      m.bias = memory(biasMd, m.eng);
      std::memcpy(m.bias.get_data_handle(), biasValues->data(),
                  biasValues->size() * sizeof(float));
    }
    m.strm.wait();
  } catch (const dnnl::error &e) {
    error = std::string("oneDNN: ") + e.what();
  }
}

OneDnnDeconv::~OneDnnDeconv() = default;

void OneDnnDeconv::run() {
  Impl &m = *impl_;
  std::unordered_map<int, memory> args = {
      {DNNL_ARG_SRC, m.src}, {DNNL_ARG_WEIGHTS, m.wei}, {DNNL_ARG_DST, m.dst}};
  if (m.hasBias)
    args[DNNL_ARG_BIAS] = m.bias;
  m.prim.execute(m.strm, args);
  m.strm.wait();
}

std::vector<float> OneDnnDeconv::output() {
  Impl &m = *impl_;
  reorder(m.dst, m.userDst).execute(m.strm, m.dst, m.userDst);
  m.strm.wait();
  return m.dstPlain;
}

std::string OneDnnDeconv::implementation() const {
  return impl_->pd.impl_info_str();
}

} // namespace convt::bench
