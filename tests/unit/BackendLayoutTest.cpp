//===- BackendLayoutTest.cpp - Channels last and bfloat16 kernels ---------===//

#include "compiler/jit/Jit.h"
#include "compiler/jit/LayerBuffers.h"
#include "runtime/BFloat16.h"
#include "tests/reference/Reference.h"
#include "tests/unit/BackendTestSupport.h"

#include <cmath>
#include <gtest/gtest.h>

using namespace convt;
using namespace convt::testing;

namespace {

// data_format channels last: every form of the expert template and the
// direct path (a weight with an inf) compute the channels-first kernel's
// values, transposed. Layers with several output
// channels (the output stage vectorises channels), one (columns), groups.
TEST(BackendTest, ChannelsLastMatchesChannelsFirst) {
  std::vector<CanonicalLayer> layers = countingLayers();
  layers.push_back(makeLayer(2, 2, 16, 16, 16, {7, 9, 1}, {4, 4, 1}, {2, 2, 1},
                             {1, 1, 1}, {1, 1, 0}, {1, 1, 0},
                             true)); // depthwise
  layers.push_back(makeLayer(1, 2, 8, 1, 1, {17, 1, 1}, {5, 1, 1}, {3, 1, 1},
                             {2, 1, 1}, {2, 0, 0}, {2, 0, 0},
                             true)); // one output channel
  // (The conformance suite runs channels-last layers with the
  // autoschedulers too.)
  // f2 channels last: output tiles where one block takes every input
  // channel (the default, and k8 on most of these layers), partial sums
  // of blocks of one channel (k1).
  const char *schedules[] = {"auto", "v1m4k16t1f1", "v2m3k8t1f2", "v2m2k1t1f2",
                             "v1m2k16t1f3"};
  for (CanonicalLayer first : layers) {
    CanonicalLayer last = first;
    last.channelsLast = true;
    for (const char *schedule : schedules)
      for (bool infWeight : {false, true}) {
        if (infWeight && schedule != schedules[0])
          continue;
        SCOPED_TRACE(last.str() + " " + schedule + (infWeight ? " inf" : ""));
        BackendOptions options;
        options.expert = *ExpertParams::parse(schedule);
        std::shared_ptr<Kernel> kf, kl;
        Status s = jit().getKernel(first, options, kf);
        ASSERT_TRUE(s.ok()) << s.message();
        s = jit().getKernel(last, options, kl);
        ASSERT_TRUE(s.ok()) << s.message();
        LayerBuffers f(first, 11), l(last, 11);
        if (infWeight)
          f.w.back() = INFINITY;
        l.w = f.w;
        l.b = f.b;
        l.x = moveChannels(f.x, first.batch, first.inChannels, true);
        s = kf->run(ctx(), f.input(), f.weight(), f.bias(), f.output());
        ASSERT_TRUE(s.ok()) << s.message();
        s = kl->run(ctx(), l.input(), l.weight(), l.bias(), l.output());
        ASSERT_TRUE(s.ok()) << s.message();
        std::vector<float> want =
            moveChannels(f.y, first.batch, first.outChannels, true);
        ASSERT_EQ(l.y.size(), want.size());
        for (size_t i = 0; i < want.size(); ++i) {
          if (!std::isfinite(want[i])) {
            ASSERT_TRUE(std::isnan(want[i]) ? std::isnan(l.y[i])
                                            : l.y[i] == want[i])
                << "element " << i << ": " << l.y[i] << " vs " << want[i];
            continue;
          }
          ASSERT_NEAR(l.y[i], want[i], 1e-5 * std::max(1.f, std::fabs(want[i])))
              << "element " << i;
        }
      }
  }
}

// bfloat16 layers: each form of the expert template and an autoscheduler
// (form f2 with an even number of input channels per group sums channel
// pairs with vdpbf16ps where the CPU has it), against the definition on
// the same bfloat16 values, rounded once; and a weight with an inf runs the
// direct path on bfloat16 tensors.
TEST(BackendTest, BFloat16MatchesTheDefinition) {
  std::vector<CanonicalLayer> layers = {
      makeLayer(2, 1, 32, 48, 1, {5, 6, 1}, {4, 4, 1}, {2, 2, 1}, {1, 1, 1},
                {1, 1, 0}, {1, 1, 0}, true),
      makeLayer(1, 2, 6, 4, 2, {9, 1, 1}, {3, 1, 1}, {2, 1, 1}, {1, 1, 1},
                {1, 0, 0}, {0, 0, 0}, false), // odd channels per group
  };
  // Channels last too: f2's default there is output tiles, whose bfloat16
  // pairs sum the whole reduction in one block.
  for (size_t i = 0, n = layers.size(); i < n; ++i) {
    layers.push_back(layers[i]);
    layers.back().channelsLast = true;
  }
  for (CanonicalLayer l : layers) {
    l.elementType = ElementType::BFloat16;
    for (const char *schedule :
         {"auto", "v1m4k16t1f1", "v2m3k8t1f2", "v1m2k16t1f3", "li2018"})
      for (bool inf : {false, true}) {
        if (inf && schedule != std::string("auto"))
          continue;
        SCOPED_TRACE(l.str() + " " + schedule + (inf ? " inf" : ""));
        BackendOptions options;
        if (schedule == std::string("li2018"))
          options.schedule = ScheduleKind::Li2018;
        else
          options.expert = *ExpertParams::parse(schedule);
        std::shared_ptr<Kernel> k;
        Status s = jit().getKernel(l, options, k);
        ASSERT_TRUE(s.ok()) << s.message();
        LayerBuffers m(l, 5);
        if (inf) {
          m.w16[0] = 0x7f80; // +inf
          m.w[0] = INFINITY;
        }
        s = k->run(ctx(), m.input(), m.weight(), m.bias(), m.output());
        ASSERT_TRUE(s.ok()) << s.message();
        std::vector<float> got = m.result();
        // The reference is channels first.
        if (l.channelsLast)
          got = moveChannels(got, l.batch, l.outChannels, false);
        const std::vector<float> x =
            l.channelsLast ? moveChannels(m.x, l.batch, l.inChannels, false)
                           : m.x;
        std::vector<float> want =
            reference::convTranspose(l, x, m.w, l.hasBias ? &m.b : nullptr);
        for (size_t i = 0; i < want.size(); ++i) {
          const float rounded = fromBFloat16(toBFloat16(want[i]));
          if (!std::isfinite(rounded)) {
            ASSERT_TRUE(std::isnan(rounded) ? std::isnan(got[i])
                                            : got[i] == rounded)
                << "element " << i;
            continue;
          }
          // One unit in bfloat16's last place.
          ASSERT_NEAR(got[i], rounded,
                      std::max(0.05f, std::fabs(rounded)) / 128)
              << "element " << i;
        }
      }
  }
  // A float32 tensor given to a bfloat16 kernel is refused.
  CanonicalLayer l = layers[0];
  l.elementType = ElementType::BFloat16;
  std::shared_ptr<Kernel> k;
  ASSERT_TRUE(jit().getKernel(l, BackendOptions(), k).ok());
  CanonicalLayer f32 = layers[0];
  LayerBuffers m(l, 5), wrong(f32, 5);
  EXPECT_EQ(
      k->run(ctx(), wrong.input(), m.weight(), m.bias(), m.output()).message(),
      "input is float32, the layer's tensors are bfloat16");
}

} // namespace
