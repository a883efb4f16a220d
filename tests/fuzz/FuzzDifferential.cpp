//===- FuzzDifferential.cpp - libFuzzer: random layers against the reference
//===//
//
// The input bytes choose a valid canonical layer within a size budget (rank,
// channels, groups, sizes, kernel, stride, dilation, signed pads, post pads,
// bias, layout, float32 or bfloat16) and its data, and the schedule: the expert
// template with its heuristic or with parameters of the bytes' choosing (form,
// register tile, channel block, tap order, tasks per thread, threads), or now
// and then an autoscheduler. The layer is compiled, run, and compared with
// tests/reference (the definition written as loops). The backend may refuse
// a schedule with a message of its own (f2/f3 past kMaxUnrolledStride); a
// Halide error (or any other) reaching the caller is a finding, as is a
// wrong number.
// About two layers a second (each is compiled): run it for minutes, not
// seconds (scripts/fuzz.sh 300 differential).
//
//===----------------------------------------------------------------------===//

#include "compiler/jit/Jit.h"
#include "compiler/jit/LayerBuffers.h"
#include "tests/reference/Reference.h"

#include <cmath>
#include <cstdio>
#include <cstdlib>

using namespace convt;

namespace {

/// Reads small integers from the fuzzer's bytes (zeros when they run out).
struct Bytes {
  const uint8_t *p;
  size_t n;
  int64_t take(int64_t lo, int64_t hi) {
    uint8_t b = n ? (--n, *p++) : 0;
    return lo + b % (hi - lo + 1);
  }
};

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  // A compiler per input: a cache kept across inputs would hold every
  // kernel ever compiled (1.5 GB after 800 inputs).
  JitCompiler jit;
  static Context context(2);
  Bytes in{data, size};
  CanonicalLayer l;
  l.rank = static_cast<int>(in.take(1, 3));
  l.batch = in.take(1, 2);
  l.groups = in.take(1, 3);
  l.inChannels = l.groups * in.take(1, 4);
  l.outChannels = l.groups * in.take(1, 5);
  for (int d = 0; d < l.rank; ++d) {
    l.inputSize[d] = in.take(1, l.rank == 1 ? 12 : 6);
    l.kernelSize[d] = in.take(1, 5);
    l.strides[d] = in.take(1, in.take(0, 7) == 0 ? 20 : 4);
    l.dilations[d] = in.take(1, 3);
    l.padsBegin[d] = in.take(-8, 8);
    l.padsEnd[d] = in.take(-8, 8);
    l.postPads[d] = in.take(0, 7) == 0 ? in.take(0, 2) : 0;
  }
  l.hasBias = in.take(0, 1);
  if (!l.validate().empty() || numElements(l.outputShape()) > 200000)
    return 0; // outside the budget: not a finding
  BackendOptions options;
  options.threads = static_cast<int>(in.take(0, 4));
  switch (in.take(0, 15)) {
  case 0:
    options.schedule = ScheduleKind::Mullapudi2016;
    break;
  case 1:
    options.schedule = ScheduleKind::Li2018;
    break;
  case 2:
    options.schedule = ScheduleKind::Adams2019;
    break;
  case 3:
  case 4:
  case 5:
  case 6:
    break; // the template's heuristic
  default: {
    const int vectors[4] = {0, 1, 2, 4}, blocks[4] = {0, 1, 8, 64};
    ExpertParams &p = options.expert;
    p.form = static_cast<int>(in.take(0, 3));
    p.vectors = vectors[in.take(0, 3)];
    p.columnsPerPhase = static_cast<int>(in.take(0, 8));
    p.channelBlock = blocks[in.take(0, 3)];
    p.tapOrder = static_cast<int>(in.take(0, 2));
    p.tasksPerThread = static_cast<int>(in.take(0, 8));
  }
  }
  // Read after everything else, so that inputs written before layouts and
  // bfloat16 (their bytes run out first) keep their meaning.
  const uint32_t seed = static_cast<uint32_t>(in.take(0, 255));
  l.channelsLast = in.take(0, 3) == 1;
  if (in.take(0, 3) == 1)
    l.elementType = ElementType::BFloat16;
  l.weightChannelsLast = in.take(0, 3) == 1; // TensorFlow's [k..., O, I]
  std::shared_ptr<Kernel> kernel;
  Status s = jit.getKernel(l, options, kernel);
  const std::string what = l.str() + " " + scheduleString(l, options);
  if (std::getenv("CONVT_FUZZ_VERBOSE")) // which layer an input is
    std::fprintf(stderr, "%s\n", what.c_str());
  if (!s && s.message().rfind("the phase-major forms f2 and f3", 0) == 0)
    return 0; // the one refusal of a valid layer, with its own message
  if (!s) {
    std::fprintf(stderr, "%s: %s\n", what.c_str(), s.message().c_str());
    std::abort(); // a valid layer and schedule must compile
  }
  LayerBuffers b(l, seed);
  s = kernel->run(context, b.input(), b.weight(), b.bias(), b.output());
  if (!s) {
    std::fprintf(stderr, "%s: %s\n", what.c_str(), s.message().c_str());
    std::abort();
  }
  // The reference reads and writes channels first (b.x holds the bfloat16
  // values of a bfloat16 layer).
  std::vector<float> x = b.x, got = b.result();
  if (l.channelsLast) {
    x = moveChannels(x, l.batch, l.inChannels, false);
    got = moveChannels(got, l.batch, l.outChannels, false);
  }
  // The reference reads the weight as [C_in, C_out/groups, k...].
  std::vector<float> w = b.w;
  if (l.weightChannelsLast)
    w = moveWeightChannels(w, l.logicalWeightShape(), false);
  std::vector<float> want =
      reference::convTranspose(l, x, w, l.hasBias ? &b.b : nullptr);
  const bool half = l.elementType == ElementType::BFloat16;
  for (size_t i = 0; i < want.size(); ++i) {
    // bfloat16: one unit in the last place of the rounded definition.
    const float expected = half ? fromBFloat16(toBFloat16(want[i])) : want[i];
    const float tolerance = half ? std::max(0.05f, std::fabs(expected)) / 128
                                 : 1e-4f * std::max(1.f, std::fabs(want[i]));
    if (!(std::fabs(got[i] - expected) <= tolerance)) {
      std::fprintf(stderr, "%s: element %zu is %g, the reference %g\n",
                   what.c_str(), i, got[i], expected);
      std::abort();
    }
  }
  return 0;
}
