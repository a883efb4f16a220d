//===- TunerTest.cpp - Measured schedule search and its database ----------===//

#include "compiler/tuner/Tuner.h"

#include <algorithm>
#include <cstdio>
#include <gtest/gtest.h>
#include <limits>
#include <unistd.h>

using namespace convt;

namespace {

CanonicalLayer smallLayer() {
  CanonicalLayer l;
  l.rank = 1;
  l.inChannels = 4;
  l.outChannels = 8;
  l.inputSize = {12, 1, 1};
  l.kernelSize = {4, 1, 1};
  l.strides = {2, 1, 1};
  l.padsBegin = {1, 0, 0};
  l.padsEnd = {1, 0, 0};
  l.hasBias = true;
  return l;
}

/// A square 2-D layer, one image.
CanonicalLayer square2d(int64_t cin, int64_t cout, int64_t in, int64_t k,
                        int64_t stride, int64_t dilation, int64_t pad) {
  CanonicalLayer l;
  l.rank = 2;
  l.inChannels = cin;
  l.outChannels = cout;
  l.inputSize = {in, in, 1};
  l.kernelSize = {k, k, 1};
  l.strides = {stride, stride, 1};
  l.dilations = {dilation, dilation, 1};
  l.padsBegin = {pad, pad, 0};
  l.padsEnd = {pad, pad, 0};
  return l;
}

// The search plans with the host's vector width (it assumed AVX-512's 16
// lanes): 12 output channels are less than one 16-lane vector (a column-
// vector form layer, no second channel vector) but more than one 8-lane
// vector (two channel vectors, no column-vector form).
TEST(TunerTest, CandidatesFollowTheVectorWidth) {
  CanonicalLayer l = square2d(4, 12, 6, 3, 2, 1, 1);
  auto count = [&](int lanes, int form, int vectors) {
    TuneOptions o;
    o.vectorLanes = lanes;
    size_t n = 0;
    for (const BackendOptions &b : tuneCandidates(l, o))
      n += b.schedule == ScheduleKind::Expert &&
           (form == 0 || b.expert.form == form) &&
           (vectors == 0 || b.expert.vectors == vectors);
    return n;
  };
  EXPECT_GT(count(16, 3, 0), 0u);
  EXPECT_EQ(count(16, 0, 2), 0u);
  EXPECT_EQ(count(8, 3, 0), 0u);
  EXPECT_GT(count(8, 1, 2), 0u);
  EXPECT_GT(count(8, 2, 2), 0u);
  // Left at 0, the backend's width for this host.
  int lanes = 0;
  ASSERT_TRUE(vectorLanesFor("host", lanes).ok());
  TuneOptions host;
  TuneOptions given;
  given.vectorLanes = lanes;
  EXPECT_EQ(tuneCandidates(l, host).size(), tuneCandidates(l, given).size());
  EXPECT_TRUE(lanes == 8 || lanes == 16);
  int arm = 0;
  ASSERT_TRUE(vectorLanesFor("arm-64-linux", arm).ok());
  EXPECT_EQ(arm, 8);
  EXPECT_FALSE(vectorLanesFor("not-a-target", arm).ok());
}

// The register tile fits the vector registers of the target: 32 with
// AVX-512 (unchanged), 16 with 8-lane vectors (AVX2, NEON), where the
// AVX-512 tile of 2 x 8 accumulators spilled.
TEST(TunerTest, RegisterTilesFitTheRegisters) {
  CanonicalLayer l = square2d(64, 64, 16, 4, 2, 1, 1);
  EXPECT_EQ(resolveExpertParams(l, ExpertParams(), 16).str(), "v2m8k64t1f2");
  ExpertParams narrow = resolveExpertParams(l, ExpertParams(), 8);
  EXPECT_EQ(narrow.str(), "v2m4k64t1f2");
  EXPECT_EQ(maxAccumulators(8), 12);
  EXPECT_EQ(maxColumnsPerPhase(l, 2, 8), 4);
  EXPECT_EQ(maxColumnsPerPhase(l, 1, 8), 8);
  TuneOptions o;
  o.vectorLanes = 8;
  for (const BackendOptions &b : tuneCandidates(l, o)) {
    if (b.schedule != ScheduleKind::Expert)
      continue;
    SCOPED_TRACE(b.expert.str());
    const ExpertParams &p = b.expert;
    int phases = p.form == 1 ? static_cast<int>(l.strides[1]) : 1;
    EXPECT_LE(p.vectors * phases * p.columnsPerPhase, maxAccumulators(8));
  }
}

// Depthwise layers with few columns a phase default to f1 (channel vectors
// across groups); wide ones and ungrouped thin layers keep f3.
TEST(TunerTest, DefaultFormOfThinLayers) {
  auto form = [](CanonicalLayer l, int64_t groups) {
    l.groups = groups;
    return resolveExpertParams(l, ExpertParams(), 16).form;
  };
  EXPECT_EQ(form(square2d(64, 64, 2, 3, 2, 1, 0), 64), 1);  // 3 columns
  EXPECT_EQ(form(square2d(64, 64, 4, 3, 2, 1, 0), 64), 1);  // 5 columns
  EXPECT_EQ(form(square2d(64, 64, 8, 3, 2, 1, 0), 64), 3);  // 9 columns
  EXPECT_EQ(form(square2d(64, 64, 32, 4, 2, 1, 1), 64), 3); // the suite's
  EXPECT_EQ(form(square2d(8, 1, 4, 4, 2, 1, 1), 1), 3);     // C_out 1
  EXPECT_EQ(form(square2d(64, 64, 8, 4, 2, 1, 1), 1), 2);   // dense
  // Channels last, depthwise takes f1's contiguous channel vectors at any
  // width (f3's column vectors would stride across channels), with up to
  // 4 of them; C_out 1 keeps f3.
  CanonicalLayer dw = square2d(64, 64, 32, 4, 2, 1, 1);
  dw.groups = 64;
  dw.channelsLast = true;
  ExpertParams p = resolveExpertParams(dw, ExpertParams(), 16);
  EXPECT_EQ(p.form, 1);
  EXPECT_EQ(p.vectors, 4);
  CanonicalLayer one = square2d(8, 1, 4, 4, 2, 1, 1);
  one.channelsLast = true;
  EXPECT_EQ(resolveExpertParams(one, ExpertParams(), 16).form, 3);
}

TEST(TunerTest, CandidatesRespectTheRegisterTile) {
  CanonicalLayer l = smallLayer();
  TuneOptions o;
  std::vector<BackendOptions> c = tuneCandidates(l, o);
  // 8 output channels: one vector. Gather form: stride 2, m in {1, 2};
  // C_in 4: only the 32-channel block; two tap orders. Phase-major form:
  // phases of 13 columns, m in {the template's (and widest useful) 13, 3,
  // 6}, only the 16-channel block. Column form (8 channels < a vector): one
  // vector of columns (13 of them), 1-D: no row phases, the 16-channel
  // block. Plus the three autoschedulers.
  EXPECT_EQ(c.size(), 2u * 2 + 3 + 1 + 3);
  size_t phaseMajor = 0, column = 0;
  for (const BackendOptions &b : c)
    if (b.schedule == ScheduleKind::Expert && b.expert.form == 2) {
      ++phaseMajor;
      EXPECT_LE(b.expert.columnsPerPhase, maxColumnsPerPhase(l, 1, 16));
      EXPECT_LE(b.expert.columnsPerPhase, 13);
    } else if (b.schedule == ScheduleKind::Expert && b.expert.form == 3) {
      ++column;
      EXPECT_EQ(b.expert.vectors, 1);
      EXPECT_EQ(b.expert.tapOrder, 1);
    }
  EXPECT_EQ(column, 1u);
  EXPECT_EQ(phaseMajor, 3u);
  for (const BackendOptions &b : c)
    if (b.schedule == ScheduleKind::Expert) {
      EXPECT_EQ(b.expert.vectors, 1);
      EXPECT_EQ(b.expert.channelBlock, b.expert.form >= 2 ? 16 : 32);
    }
}

TEST(TunerTest, PicksTheFastestAndStoresIt) {
  CanonicalLayer l = smallLayer();
  JitCompiler jit;
  TuneOptions o;
  o.threads = 1;
  o.secondsPerCandidate = 0.02;
  o.autoschedulers = false;
  size_t calls = 0, lastCount = 0;
  o.progress = [&](size_t i, size_t n, const TuneCandidate &) {
    EXPECT_EQ(i, calls);
    ++calls;
    lastCount = n;
  };
  TuneResult r;
  Status s = tuneLayer(l, jit, o, r);
  ASSERT_TRUE(s.ok()) << s.message();
  // The 8 candidates of the first pass, then the parallel variants of its
  // two fastest expert schedules (at most 3 each).
  ASSERT_GE(r.tried.size(), 8u);
  ASSERT_LE(r.tried.size(), 8u + 6);
  EXPECT_EQ(calls, r.tried.size());
  EXPECT_EQ(lastCount, r.tried.size());
  for (size_t i = 0; i < r.tried.size(); ++i) {
    EXPECT_TRUE(r.tried[i].error.empty()) << r.tried[i].error;
    EXPECT_EQ(r.tried[i].options.expert.tasksPerThread != 0, i >= 8)
        << r.tried[i].name();
  }
  // The winner is one of the four fastest of the first pass, re-measured.
  std::vector<TuneCandidate> sorted = r.tried;
  std::sort(sorted.begin(), sorted.end(),
            [](const TuneCandidate &a, const TuneCandidate &b) {
              return a.ms < b.ms;
            });
  bool finalist = false;
  for (size_t i = 0; i < 4; ++i)
    finalist |= sorted[i].options.expert == r.best.options.expert;
  EXPECT_TRUE(finalist) << r.best.name();
  EXPECT_GT(r.best.ms, 0);
  EXPECT_LT(r.best.ms, 1e3);

  std::string path = ::testing::TempDir() + "convt_tuning_" +
                     std::to_string(::getpid()) + ".json";
  TuningDb db(path);
  std::string key;
  ASSERT_TRUE(TuningDb::key(l, 1, "host", key).ok());
  BackendOptions found;
  bool present = true;
  ASSERT_TRUE(db.lookup(key, found, present).ok());
  EXPECT_FALSE(present);
  ASSERT_TRUE(db.store(key, r.best).ok());
  ASSERT_TRUE(db.lookup(key, found, present).ok());
  EXPECT_TRUE(present);
  EXPECT_EQ(found.schedule, ScheduleKind::Expert);
  EXPECT_EQ(found.expert, r.best.options.expert);
  // Another layer's entry joins, the first one stays.
  CanonicalLayer other = l;
  other.outChannels = 16;
  std::string key2;
  ASSERT_TRUE(TuningDb::key(other, 1, "host", key2).ok());
  EXPECT_NE(key, key2);
  // The layout and the element type are the layer's: each is tuned apart.
  CanonicalLayer last = l, half = l;
  last.channelsLast = true;
  half.elementType = ElementType::BFloat16;
  std::string keyLast, keyHalf;
  ASSERT_TRUE(TuningDb::key(last, 1, "host", keyLast).ok());
  ASSERT_TRUE(TuningDb::key(half, 1, "host", keyHalf).ok());
  EXPECT_NE(keyLast, key);
  EXPECT_NE(keyHalf, key);
  EXPECT_NE(keyLast, keyHalf);
  ASSERT_TRUE(db.store(key2, r.best).ok());
  ASSERT_TRUE(db.lookup(key, found, present).ok());
  EXPECT_TRUE(present);
  std::remove(path.c_str());
}

TEST(TunerTest, StopsWhenInterrupted) {
  std::atomic<bool> stop{true};
  TuneOptions o;
  o.stop = &stop;
  JitCompiler jit;
  TuneResult r;
  EXPECT_EQ(tuneLayer(smallLayer(), jit, o, r).message(), "interrupted");
}

TEST(TunerTest, CorruptDatabaseIsAnError) {
  std::string path = ::testing::TempDir() + "convt_bad_tuning_" +
                     std::to_string(::getpid()) + ".json";
  FILE *f = std::fopen(path.c_str(), "w");
  std::fputs("{not json", f);
  std::fclose(f);
  BackendOptions b;
  bool found;
  Status s = TuningDb(path).lookup("k", b, found);
  EXPECT_EQ(s.message(),
            path + ": not a convt tuning database (delete it to start over)");
  std::remove(path.c_str());
}

TEST(TunerTest, ParallelVariantsOfTheTwoFastest) {
  // 64 rows of output, one channel block, one image, 2 threads: 4 tasks a
  // thread split the rows in blocks of 8; 1, 2 and 8 tasks a thread give
  // blocks of 32, 16 and 4.
  CanonicalLayer l = square2d(8, 16, 32, 2, 2, 1, 0);
  TuneOptions o;
  o.threads = 2;
  auto candidate = [](const char *expert, double ms) {
    TuneCandidate c;
    c.options.schedule = ScheduleKind::Expert;
    c.options.expert = *ExpertParams::parse(expert);
    c.ms = ms;
    return c;
  };
  TuneCandidate autoscheduled;
  autoscheduled.options.schedule = ScheduleKind::Adams2019;
  autoscheduled.ms = 0.5; // the fastest, but not the template's
  std::vector<TuneCandidate> measured = {
      candidate("v1m4k16t1f2", 3.0), autoscheduled,
      candidate("v1m8k16t1f2", 1.0), candidate("v1m2k16t1f2", 2.0)};
  EXPECT_EQ(taskSplit(l, resolveExpertParams(l, measured[2].options.expert, 16),
                      16, 2)
                .outerSplit,
            8);
  std::vector<BackendOptions> v = parallelVariants(l, o, measured);
  ASSERT_EQ(v.size(), 6u);
  const char *want[6] = {"v1m8k16t1f2p1", "v1m8k16t1f2p2", "v1m8k16t1f2p8",
                         "v1m2k16t1f2p1", "v1m2k16t1f2p2", "v1m2k16t1f2p8"};
  for (size_t i = 0; i < v.size(); ++i) {
    EXPECT_EQ(v[i].schedule, ScheduleKind::Expert);
    EXPECT_EQ(v[i].expert.str(), want[i]);
  }
  // Eight channel blocks of 16 already give 4 tasks a thread: only 8 tasks
  // a thread changes the split.
  l.outChannels = 128;
  v = parallelVariants(l, o, measured);
  ASSERT_EQ(v.size(), 2u);
  EXPECT_EQ(v[0].expert.tasksPerThread, 8);
}

TEST(TunerTest, RejectsScratchLargerThanTheOutput) {
  // Dilation 2 at stride 1: the zero-padded input (28 x 28 x 64 channels,
  // 200 KB) is larger than the 24 x 24 x 32 output (74 KB), so the template
  // pads per task. One task (one thread, one task a thread) pads all of it:
  // rejected; eight tasks pad 7 rows each (50 KB).
  CanonicalLayer l = square2d(64, 32, 24, 3, 1, 2, 2);
  ASSERT_EQ(l.outputShape(), (std::vector<int64_t>{1, 32, 24, 24}));
  const size_t outputBytes = 32 * 24 * 24 * sizeof(float);
  JitCompiler jit;
  TuneOptions o;
  o.threads = 1;
  o.secondsPerCandidate = 0.01;
  LayerBuffers data(l);
  Context context(o.threads);
  BackendOptions b;
  b.schedule = ScheduleKind::Expert;
  b.expert = *ExpertParams::parse("v2m4k64t1f2p1");
  TuneCandidate one = measureCandidate(l, jit, context, o, b, data);
  EXPECT_GT(one.scratchBytes, outputBytes);
  EXPECT_EQ(one.error, "scratch of " + std::to_string(one.scratchBytes) +
                           " bytes, more than the output's " +
                           std::to_string(outputBytes));
  EXPECT_EQ(one.ms, std::numeric_limits<double>::infinity());
  b.expert.tasksPerThread = 8;
  TuneCandidate eight = measureCandidate(l, jit, context, o, b, data);
  EXPECT_TRUE(eight.error.empty()) << eight.error;
  EXPECT_GT(eight.scratchBytes, 0u);
  EXPECT_LE(eight.scratchBytes, outputBytes);
  EXPECT_LT(eight.ms, 1e3);
}

TEST(TunerTest, ExpertParamsText) {
  EXPECT_EQ(ExpertParams::parse("v2m4k64t2f1")->str(), "v2m4k64t2f1");
  EXPECT_EQ(ExpertParams::parse("v4m1k32")->tapOrder, 0);
  EXPECT_EQ(ExpertParams::parse("v4m1k32")->form, 0);
  EXPECT_EQ(ExpertParams::parse("v4m6k16f2")->form, 2);
  EXPECT_EQ(ExpertParams::parse("v4m6k16f2")->tapOrder, 0);
  EXPECT_EQ(ExpertParams::parse("v2m1k16t2f3")->form, 3);
  EXPECT_FALSE(ExpertParams::parse("v4m6k16f4"));
  EXPECT_FALSE(ExpertParams::parse("v4m6k16f2t1"));
  EXPECT_TRUE(ExpertParams::parse("auto")->isDefault());
  EXPECT_FALSE(ExpertParams::parse("v3m1k32"));
  EXPECT_FALSE(ExpertParams::parse("v2m0k32"));
  EXPECT_FALSE(ExpertParams::parse("v2m1k32t5"));
  EXPECT_FALSE(ExpertParams::parse("v2m1"));
  EXPECT_EQ(ExpertParams::parse("v2m8k16t1f2p8")->str(), "v2m8k16t1f2p8");
  EXPECT_EQ(ExpertParams::parse("v2m8k16p2")->tasksPerThread, 2);
  EXPECT_EQ(ExpertParams::parse("v2m8k16t1f2")->tasksPerThread, 0);
  EXPECT_FALSE(ExpertParams::parse("v2m8k16p0"));
  EXPECT_FALSE(ExpertParams::parse("v2m8k16p2f2"));
}

} // namespace

// Channels last with the whole reduction in one block: form f2 computes
// output tiles (every phase of the row in the register tile), the default
// while a block's weights fit the L2; the search offers both that and f2's
// blocks of partial sums, each tile within the registers.
TEST(TunerTest, OutputTilesForOneBlockChannelsLast) {
  CanonicalLayer l = square2d(3, 64, 16, 5, 3, 1, 2);
  EXPECT_FALSE(usesOutputTiles(l, resolveExpertParams(l, {}, 16)));
  l.channelsLast = true;
  const ExpertParams p = resolveExpertParams(l, ExpertParams(), 16);
  EXPECT_EQ(p.str(), "v2m3k64t1f2");            // 2 x 3 x 3 = 18 accumulators
  EXPECT_EQ(maxOutputTileColumns(l, 2, 16), 3); // (33 - 2 - 4) / 7
  EXPECT_TRUE(usesOutputTiles(l, p));
  // 128 input channels: by default in one block (a block's weights, 128 x
  // 16 taps x 32 channels, fit the L2); 2048 do not: blocks of 64.
  CanonicalLayer wide = square2d(128, 64, 16, 4, 2, 1, 1);
  wide.channelsLast = true;
  EXPECT_EQ(resolveExpertParams(wide, {}, 16).str(), "v2m4k128t1f2");
  CanonicalLayer deep = square2d(2048, 64, 16, 4, 2, 1, 1);
  deep.channelsLast = true;
  EXPECT_EQ(resolveExpertParams(deep, {}, 16).channelBlock, 64);
  EXPECT_FALSE(usesOutputTiles(deep, resolveExpertParams(deep, {}, 16)));
  TuneOptions o;
  o.vectorLanes = 16;
  size_t tiles = 0, blocks = 0;
  for (const BackendOptions &b : tuneCandidates(wide, o)) {
    if (b.schedule != ScheduleKind::Expert || b.expert.form != 2)
      continue;
    SCOPED_TRACE(b.expert.str());
    const ExpertParams r = resolveExpertParams(wide, b.expert, 16);
    EXPECT_EQ(r, b.expert); // the tuner's tiles are the template's own
    if (usesOutputTiles(wide, r)) {
      ++tiles;
      EXPECT_EQ(r.channelBlock, 128);
      EXPECT_LE(r.vectors * 2 * r.columnsPerPhase, maxAccumulators(16));
    } else {
      ++blocks;
    }
  }
  EXPECT_GT(tiles, 0u);
  EXPECT_GT(blocks, 0u);
}
