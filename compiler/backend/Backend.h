//===- Backend.h - Halide code generation for a canonical layer -*- C++ -*-===//
//
// The backend's public face. Nothing of Halide appears here: the rest of the
// compiler sees a layer going in and an object file (a kernel with a fixed
// signature) or a printable stage coming out.
//
// Kernel signature: int FN(void *user_context, halide_buffer_t *input,
// halide_buffer_t *weight [, halide_buffer_t *bias], halide_buffer_t
// *output), dense C-order float32 arrays of exactly the layer's shapes; 0 on
// success. user_context is the runtime's CallContext (runtime/Context.h).
//
//===----------------------------------------------------------------------===//
#ifndef CONVT_COMPILER_BACKEND_BACKEND_H
#define CONVT_COMPILER_BACKEND_BACKEND_H

#include "runtime/KernelMetadata.h"
#include "runtime/Layer.h"
#include "runtime/Status.h"

#include <optional>
#include <string>
#include <string_view>

namespace convt {

/// The version of convt's code generation; part of every kernel key.
constexpr const char *kCompilerVersion = "convt-0.6";

enum class ScheduleKind { Expert, Mullapudi2016, Adams2019, Li2018 };

/// "expert", "mullapudi2016", "adams2019", "li2018".
const char *scheduleName(ScheduleKind kind);
std::optional<ScheduleKind> parseScheduleName(std::string_view name);
/// The schedule used when none is asked for (see README: measured fastest).
constexpr ScheduleKind kDefaultSchedule = ScheduleKind::Expert;

/// The knobs of the expert schedule template. Zero means: chosen by the
/// template's heuristic for the layer.
struct ExpertParams {
  int vectors = 0;         ///< output-channel vectors in the register tile
  int columnsPerPhase = 0; ///< register-tile columns per stride phase
  int channelBlock = 0;    ///< input channels per reduction block
  /// 1: the tap loops run inside each register tile; 2: outside the tiles
  /// (each tap's weights stay in L1 while every tile of a task uses them,
  /// at the cost of one accumulator update per tap).
  int tapOrder = 0;
  /// 1: the gather algorithm (tiles of consecutive output columns, which
  /// mix phases); 2: the phase-major algorithm (tiles of one phase over a
  /// zero-padded input, taps known per tile at compile time), vectorised
  /// along output channels; 3: phase-major, vectorised along the columns of
  /// a phase (thin layers): `vectors` column vectors x `columnsPerPhase`
  /// channels x every phase of the row (and, with tapOrder 2, of the next
  /// dimension too).
  int form = 0;
  /// Parallel tasks per thread (0: the template's 4). The tasks are blocks
  /// of channels x images x blocks of the outermost output dimension: few
  /// tasks leave that dimension whole (parallel over channel blocks and
  /// images only), many split it finer. Written "p<N>" after the form.
  int tasksPerThread = 0;

  bool operator==(const ExpertParams &o) const {
    return vectors == o.vectors && columnsPerPhase == o.columnsPerPhase &&
           channelBlock == o.channelBlock && tapOrder == o.tapOrder &&
           form == o.form && tasksPerThread == o.tasksPerThread;
  }
  bool isDefault() const { return *this == ExpertParams(); }
  /// "v2m4k64t2f2" (or "auto" for the heuristic), with "p<N>" appended when
  /// tasksPerThread is set; parse() accepts the same, with t, f and p
  /// optional.
  std::string str() const;
  static std::optional<ExpertParams> parse(std::string_view text);
};

/// The innermost stride up to which the expert template unrolls the
/// phases of a row (f1's column tile is a multiple of the stride, f2 and f3
/// unroll each phase so its taps are constants). Beyond it f1 tiles columns
/// regardless of phase and f2/f3 are refused: unrolling 64 phases took 150 s
/// to compile, 1000 phases more than 8 GB.
constexpr int kMaxUnrolledStride = 16;

/// Whether the template may unroll `layer`'s phases (its innermost stride
/// is at most kMaxUnrolledStride).
inline bool unrollsPhases(const CanonicalLayer &layer) {
  return layer.strides[layer.rank - 1] <= kMaxUnrolledStride;
}

/// The largest innermost kernel_size the phase-major forms take: they
/// unroll every tap of the innermost dimension, and Halide's compile time
/// grows faster than the taps (measured on 2 threads, the template's
/// default: 64 taps 0.6-1.5 s, 128 taps 0.8-2.2 s, 256 taps 1.0-4.9 s,
/// 1024 taps 9 s, 2048 taps 29 s, 5000 taps more than 2 min; f1 0.35 s
/// for each).
constexpr int kMaxUnrolledKernel = 128;

/// Why the phase-major forms f2 and f3 cannot compile `layer` in bounded
/// time (past kMaxUnrolledStride or kMaxUnrolledKernel), or "" when they
/// can. The backend refuses them with this message; the template's default
/// is then f1.
std::string phaseMajorRefusal(const CanonicalLayer &layer);

/// The phase-major forms' multiply-adds over the useful ones, roughly: each
/// phase runs all its taps on every column of the window over the
/// zero-padded input, product over the dimensions of window / (stride x
/// input). About 1 for layers whose kernel is not much larger than
/// stride x input; large kernels on small inputs waste the rest on zeros.
double phaseMajorWork(const CanonicalLayer &layer);

/// Past this phaseMajorWork the template's default is f1 (measured on
/// 2 threads: f3 still 3.5x faster than f1 at 15; f1 1.5x faster at 21, 10x
/// at 65, 50x at 480 and 1000x at 10^4).
constexpr double kMaxPhaseMajorWork = 20;

/// The expert template's parameters for `layer`: `given` where set, the
/// template's heuristic elsewhere (vectorLanes: 16 with AVX-512, else 8).
ExpertParams resolveExpertParams(const CanonicalLayer &layer,
                                 const ExpertParams &given, int vectorLanes);

/// Whether the expert template computes `layer` with resolved parameters
/// `p` of form f2 in tiles of the output (OutputTileSchedule.cpp): the
/// output is channels last with several channels, and every input channel
/// of a group fits one channelBlock (one reduction block: no partial sums
/// to merge, so each register tile is a finished tile of the output).
bool usesOutputTiles(const CanonicalLayer &layer, const ExpertParams &p);

/// Positions on one phase's grid of the innermost dimension (the columns
/// of a phase-major accumulator row).
int64_t phaseColumns(const CanonicalLayer &layer);

/// How the expert template splits the output into parallel tasks.
struct TaskSplit {
  int block = 0;          ///< output channels per task
  int tile = 0;           ///< columns of the innermost output tile
  int64_t outerSplit = 1; ///< rows (1-D: column tiles) per task
};
/// The split for resolved parameters `p` (vectorLanes `vec`) on `threads`.
TaskSplit taskSplit(const CanonicalLayer &layer, const ExpertParams &p, int vec,
                    int threads);

/// Vector registers for `vectorLanes`-lane float vectors: AVX-512 has 32
/// zmm registers; AVX2 has 16 ymm; NEON's 32 q registers hold 16 8-lane
/// vectors.
constexpr int vectorRegisters(int vectorLanes) {
  return vectorLanes >= 16 ? 32 : 16;
}
/// Accumulators a register tile may hold: the registers less 4 for the
/// weights and input broadcasts the tile's taps load.
constexpr int maxAccumulators(int vectorLanes) {
  return vectorRegisters(vectorLanes) - 4;
}

/// The widest register tile of the phase-major form, in columns of one
/// phase, for `vectors` channel vectors of `vectorLanes` lanes.
int maxColumnsPerPhase(const CanonicalLayer &layer, int vectors,
                       int vectorLanes);

/// The widest output tile (usesOutputTiles), in columns of each phase, for
/// `vectors` channel vectors of `vectorLanes` lanes: every phase of the row
/// is in the tile.
int maxOutputTileColumns(const CanonicalLayer &layer, int vectors,
                         int vectorLanes);

/// The knobs of the GPU schedule template (GpuSchedule.cpp). Zero means:
/// chosen by the template's heuristic for the layer.
struct GpuParams {
  /// 1: the gather algorithm, one output per thread (any layer); 2: the
  /// phase-major algorithm, each thread a register tile of every phase.
  int form = 0;
  int channels = 0; ///< output channels per thread (unrolled)
  int columns = 0;  ///< positions of a phase's grid per thread along W
  int threadsX = 0; ///< threads of a block along W's phase grid
  int threadsY = 0; ///< along the next dimension's phase grid (1 for 1-D)
  int threadsZ = 0; ///< along output channels, `channels` each
  int chunk = 0;    ///< input channels unrolled per step of the reduction
  /// 1: a block copies its weights into shared memory before its threads
  /// sum; 2: the threads read them through the cache. (Input tiles staged
  /// the same way read past the batch in Halide 14's bounds: not offered.)
  int stage = 0;

  bool operator==(const GpuParams &o) const {
    return form == o.form && channels == o.channels && columns == o.columns &&
           threadsX == o.threadsX && threadsY == o.threadsY &&
           threadsZ == o.threadsZ && chunk == o.chunk && stage == o.stage;
  }
  bool isDefault() const { return *this == GpuParams(); }
  /// "f2c4q2x16y8z2k8s1" (or "auto"); parse() accepts the same.
  std::string str() const;
  static std::optional<GpuParams> parse(std::string_view text);
};

/// The GPU template's parameters for `layer`: `given` where set, the
/// heuristic elsewhere.
GpuParams resolveGpuParams(const CanonicalLayer &layer, const GpuParams &given);

/// Bytes of shared memory a block of the phase-major GPU template with
/// resolved parameters `p` uses for its weights (`which` 1) or its input
/// tile (2), when staged.
int64_t gpuStageBytes(const CanonicalLayer &layer, const GpuParams &p,
                      int which);

/// Whether Halide target string or shorthand `target` has a GPU (cuda,
/// opencl): its kernels run on the device, the host side only launches
/// them.
bool isGpuTarget(const std::string &target);

struct BackendOptions {
  ScheduleKind schedule = kDefaultSchedule;
  /// Used when schedule is Expert and the target is a CPU.
  ExpertParams expert;
  /// Used when schedule is Expert and the target has a GPU.
  GpuParams gpu;
  /// "host" (this CPU with all its features), "cuda", "opencl" or a Halide
  /// target string.
  std::string target = "host";
  /// Parallelism the schedules plan for; 0 = the machine's core count.
  int threads = 0;
};

/// Device: the GPU kernels' source (PTX for CUDA, OpenCL C), GPU targets
/// only.
enum class BackendStage { Halide, Schedule, Stmt, Llvm, Asm, Device };

/// The Halide target string kernels for `target` ("host" resolved to this
/// CPU with all its features) are compiled for: with user_context (the
/// kernel ABI), without no_runtime. An error for an unknown target string
/// or a target that is not a CPU.
Status resolveTarget(const std::string &target, std::string &resolved);

/// Success when the backend can compile `layer`, else why not (an invalid
/// layer, an element type other than float32).
Status checkSupported(const CanonicalLayer &layer);

/// "expert(v2m8k16t1f2)" (the template's parameters resolved for `layer`),
/// or the autoscheduler's name.
std::string scheduleString(const CanonicalLayer &layer,
                           const BackendOptions &options);

/// The key of the kernel of `layer` with `options`: the one place it is
/// built (the JIT, the tuner and the caches use it).
Status makeKernelKey(const CanonicalLayer &layer, const BackendOptions &options,
                     KernelKey &key);

/// Compiles `layer` into the object file `objectPath` for options.target:
/// the entry function convt_<key hash>, its weight-pack function when the
/// schedule packs weights (int PACK(void *user_context, halide_buffer_t
/// *weight, halide_buffer_t *packed), writing the weight once in the layout
/// the entry reads), and the metadata text as <entry>_metadata. The object
/// carries no Halide runtime: kernels bind to the one in libconvt_runtime.
/// `meta` returns the metadata (`name` is the layer's name in it).
Status compileKernelObject(const CanonicalLayer &layer,
                           const BackendOptions &options,
                           const std::string &objectPath,
                           const std::string &name, KernelMetadata &meta);

/// One printable stage of the layer's code.
Status emitBackendStage(const CanonicalLayer &layer,
                        const BackendOptions &options, BackendStage stage,
                        std::string &text);

/// Multiply-adds the layer's reduction performs, counted by Halide running
/// the same reduction domain and predicates with +1 in place of each
/// product (the schedule does not change which taps run).
Status countMultiplyAdds(const CanonicalLayer &layer, int64_t &count);

/// "halide-14.0.0": part of every cache key.
std::string backendVersion();

/// "convt-0.6+<hash of the code generator's sources>|halide-14.0.0": the
/// compiler version of every kernel key and kernel's metadata.
std::string compilerVersion();

/// The machine's core count, used when BackendOptions::threads is 0.
int hardwareThreads();

/// Float32 lanes of the vectors the expert template plans with for `target`
/// ("host" or a Halide target string): 16 with AVX-512, else 8. An error
/// for a target resolveTarget refuses.
Status vectorLanesFor(const std::string &target, int &lanes);

} // namespace convt

#endif // CONVT_COMPILER_BACKEND_BACKEND_H
