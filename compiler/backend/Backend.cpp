//===- Backend.cpp - Halide code generation for a canonical layer --------===//

#include "compiler/backend/Backend.h"
#include "compiler/backend/Algorithm.h"
#include "compiler/backend/BFloat16Dot.h"
#include "compiler/backend/HalideErrors.h"
#include "compiler/backend/Schedules.h"
#include "compiler/backend/Targets.h"
#include "runtime/CpuFeatures.h"

#include "SourceHash.h" // CONVT_SOURCE_HASH, generated

#include "llvm/ADT/SmallString.h"
#include "llvm/IR/Constants.h"
#include "llvm/IR/GlobalVariable.h"
#include "llvm/IR/LLVMContext.h"
#include "llvm/IR/Module.h"
#include "llvm/Support/raw_ostream.h"

#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <map>
#include <mutex>
#include <set>
#include <sstream>
#include <stdexcept>
#include <thread>
#include <unistd.h>

using namespace Halide;

// Exported by libHalide14 but declared in PrintLoopNest.h, which Debian does
// not ship; Pipeline::print_loop_nest only writes it to stderr.
namespace Halide::Internal {
std::string print_loop_nest(const std::vector<Function> &outputs);
} // namespace Halide::Internal

namespace convt {

namespace {

/// An object file holding Halide's `module` and the global constant
/// string `symbol` = `text` (NUL-terminated), for the module's target
/// (with AVX512-BF16 when `bf16Dot`).
void writeObjectWithText(const Module &module, const std::string &symbol,
                         const std::string &text, const std::string &path,
                         bool bf16Dot) {
  llvm::LLVMContext context;
  std::unique_ptr<llvm::Module> m =
      compile_module_to_llvm_module(module, context);
  if (bf16Dot)
    backend::enableBFloat16Dot(*m);
  llvm::Constant *init =
      llvm::ConstantDataArray::getString(context, text, /*AddNull=*/true);
  auto *global = new llvm::GlobalVariable(
      *m, init->getType(), /*isConstant=*/true,
      llvm::GlobalValue::ExternalLinkage, init, symbol);
  global->setAlignment(llvm::Align(1));
  std::error_code ec;
  llvm::raw_fd_ostream os(path, ec);
  if (ec)
    throw std::runtime_error("cannot write " + path + ": " + ec.message());
  compile_llvm_module_to_object(*m, os);
  os.close();
  if (os.has_error()) {
    // Cleared, or the stream's destructor aborts the process.
    std::string why = os.error().message();
    os.clear_error();
    throw std::runtime_error("cannot write " + path + ": " + why);
  }
}

/// The GPU kernels' source Halide embeds in the host module `m` (PTX or
/// OpenCL C, a constant named <api>_gpu_source_kernels).
std::string deviceSource(const llvm::Module &m) {
  for (const llvm::GlobalVariable &g : m.globals()) {
    if (g.getName().find("gpu_source_kernels") == llvm::StringRef::npos ||
        !g.hasInitializer())
      continue;
    const auto *data =
        llvm::dyn_cast<llvm::ConstantDataSequential>(g.getInitializer());
    if (!data)
      continue;
    std::string text = data->getRawDataValues().str();
    while (!text.empty() && text.back() == '\0')
      text.pop_back();
    return text;
  }
  throw std::runtime_error("the module holds no GPU kernel source");
}

/// Channels the packed weights are padded to: the expert schedule's channel
/// block, so that whole blocks read inside the buffer.
int packLanes(const CanonicalLayer &layer, const BackendOptions &options,
              const Target &target) {
  if (target.has_gpu_feature())
    return resolveGpuParams(layer, options.gpu).channels;
  int vec = vectorLanes(target);
  ExpertParams p = resolveExpertParams(layer, options.expert, vec);
  // The column form's tile holds `columnsPerPhase` channels.
  return p.form == 3 ? p.columnsPerPhase : p.vectors * vec;
}

/// Whether the kernel of `layer` sums bfloat16 input channels in pairs with
/// vdpbf16ps: bfloat16, the phase-major channel-vector form (f2), an even
/// number of input channels per group, and an AVX-512 host CPU with
/// AVX512-BF16 (the feature is not one of Halide's target levels, so only
/// `host` targets, whose CPU convt detects, get it).
bool usesBFloat16Dot(const CanonicalLayer &layer, const BackendOptions &options,
                     const Target &target) {
  return layer.elementType == ElementType::BFloat16 &&
         options.schedule == ScheduleKind::Expert &&
         (layer.inChannels / layer.groups) % 2 == 0 &&
         options.target == "host" && target.arch == Target::X86 &&
         target.has_feature(Target::AVX512_Skylake) &&
         HostCpu::detect().features.count(backend::kBFloat16DotFeature) &&
         resolveExpertParams(layer, options.expert, vectorLanes(target)).form ==
             2;
}

/// Input channels per pair in the packed weights (Algorithm::pairs).
int packPairs(const CanonicalLayer &layer, const BackendOptions &options,
              const Target &target) {
  return usesBFloat16Dot(layer, options, target) ? 2 : 1;
}

/// The pipeline to compile: `a`'s output, with the bfloat16 dot-product
/// pass when the algorithm pairs input channels.
Pipeline pipelineOf(const backend::Algorithm &a) {
  Pipeline p(a.output);
  if (a.pairs > 1)
    p.add_custom_lowering_pass(backend::makeBFloat16DotPass());
  return p;
}

/// The expert template's form decides the algorithm; the autoschedulers
/// get the gather form.
backend::AlgorithmForm algorithmForm(const CanonicalLayer &layer,
                                     const BackendOptions &options,
                                     const Target &target) {
  if (options.schedule != ScheduleKind::Expert)
    return backend::AlgorithmForm::Gather;
  if (target.has_gpu_feature())
    return resolveGpuParams(layer, options.gpu).form == 2
               ? backend::AlgorithmForm::GpuPhaseMajor
               : backend::AlgorithmForm::Gather;
  const ExpertParams p =
      resolveExpertParams(layer, options.expert, vectorLanes(target));
  if (p.form == 2 && usesOutputTiles(layer, p))
    return backend::AlgorithmForm::OutputTiles;
  if (p.form == 3 && p.tapOrder == 2 && layer.rank > 1)
    return backend::AlgorithmForm::PhaseMajorRowPhases;
  return p.form >= 2 ? backend::AlgorithmForm::PhaseMajor
                     : backend::AlgorithmForm::Gather;
}

/// Success when the GPU backend compiles `layer` with `options`: float32
/// only (Halide 14's bfloat16 arithmetic is a CPU feature), and the
/// template or Li2018 (the other autoschedulers emit CPU schedules for a
/// GPU target: the kernel would run on the host).
Status checkGpuSupported(const CanonicalLayer &layer,
                         const BackendOptions &options) {
  if (layer.elementType != ElementType::Float32)
    return Status::error(std::string("element type ") +
                         elementTypeName(layer.elementType) +
                         " is not supported on GPU targets yet: they compile "
                         "float32 layers");
  if (options.schedule == ScheduleKind::Mullapudi2016 ||
      options.schedule == ScheduleKind::Adams2019)
    return Status::error(std::string("schedule ") +
                         scheduleName(options.schedule) +
                         " does not schedule for GPUs (Halide 14's version "
                         "emits CPU schedules): use expert or li2018");
  return Status::success();
}

/// Builds and schedules the layer's pipeline for `target`. The expert
/// schedule reads weights packed once (WeightForm::Packed); the
/// autoschedulers get the plain weights.
Status scheduled(const CanonicalLayer &layer, const BackendOptions &options,
                 const Target &target, backend::Algorithm &a,
                 std::string *scheduleText) {
  if (Status s = checkSupported(layer); !s)
    return s;
  const bool gpu = target.has_gpu_feature();
  if (gpu)
    if (Status s = checkGpuSupported(layer, options); !s)
      return s;
  if (options.schedule == ScheduleKind::Expert &&
      (gpu ? resolveGpuParams(layer, options.gpu).form
           : resolveExpertParams(layer, options.expert, vectorLanes(target))
                 .form) >= 2)
    if (std::string why = phaseMajorRefusal(layer); !why.empty())
      return Status::error(why);
  return guarded([&] {
    bool expert = options.schedule == ScheduleKind::Expert;
    // The GPU template's phase-major form reads weights packed with each
    // thread's channels contiguous (vector loads); its gather form reads
    // them as given.
    const bool packed =
        expert && (!gpu || resolveGpuParams(layer, options.gpu).form == 2);
    a = backend::buildAlgorithm(
        layer, false,
        expert ? backend::IndexBounds::Promise : backend::IndexBounds::Clamp,
        packed ? backend::WeightForm::Packed : backend::WeightForm::Raw,
        packLanes(layer, options, target),
        algorithmForm(layer, options, target),
        packPairs(layer, options, target));
    int threads = options.threads > 0 ? options.threads : hardwareThreads();
    std::string text = backend::applySchedule(
        a, options.schedule, options.expert, options.gpu, target, threads);
    if (scheduleText)
      *scheduleText = text;
  });
}

} // namespace

std::string backendVersion() { return "halide-" CONVT_HALIDE_VERSION; }

std::string compilerVersion() {
  return std::string(kCompilerVersion) + "+" CONVT_SOURCE_HASH "|" +
         backendVersion();
}

int hardwareThreads() {
  // A system call each time otherwise, on every kernel lookup.
  static const int n = [] {
    unsigned c = std::thread::hardware_concurrency();
    return c ? static_cast<int>(c) : 1;
  }();
  return n;
}

Status checkSupported(const CanonicalLayer &layer) {
  std::string problem = layer.validate();
  if (!problem.empty())
    return Status::error("invalid layer: " + problem);
  return Status::success();
}

std::string scheduleString(const CanonicalLayer &layer,
                           const BackendOptions &options) {
  if (options.schedule != ScheduleKind::Expert)
    return scheduleName(options.schedule);
  Target t;
  int lanes = 16;
  if (parseTarget(options.target, t))
    lanes = vectorLanes(t);
  if (t.has_gpu_feature())
    return "gpu(" + resolveGpuParams(layer, options.gpu).str() + ")";
  return "expert(" + resolveExpertParams(layer, options.expert, lanes).str() +
         ")";
}

Status makeKernelKey(const CanonicalLayer &layer, const BackendOptions &options,
                     KernelKey &key) {
  if (Status s = resolveTarget(options.target, key.target); !s)
    return s;
  // A kernel with vdpbf16ps needs AVX512-BF16, which no Halide target level
  // names: the runtime checks this extra feature of its target string.
  Target target;
  if (Status s = parseTarget(options.target, target); !s)
    return s;
  if (usesBFloat16Dot(layer, options, target))
    key.target += std::string("-") + backend::kBFloat16DotFeature;
  key.layer = layer;
  key.schedule = scheduleString(layer, options);
  key.threads = options.threads > 0 ? options.threads : hardwareThreads();
  key.abiVersion = kKernelAbiVersion;
  key.compilerVersion = compilerVersion();
  return Status::success();
}

Status compileKernelObject(const CanonicalLayer &layer,
                           const BackendOptions &options,
                           const std::string &objectPath,
                           const std::string &name, KernelMetadata &meta) {
  Target target;
  if (Status s = parseTarget(options.target, target); !s)
    return s;
  KernelKey key;
  if (Status s = makeKernelKey(layer, options, key); !s)
    return s;
  backend::Algorithm a;
  if (Status s = scheduled(layer, options, target, a, nullptr); !s)
    return s;
  meta = KernelMetadata::fromKey(key);
  meta.name = name;
  meta.entry = "convt_" + key.hash();
  meta.packedWeightShape = layer.weightShape();
  return blameAutoscheduler(
      guarded([&] {
        Module module =
            pipelineOf(a).compile_to_module(a.arguments(), meta.entry, target);
        if (a.prepacked) {
          int lanes = packLanes(layer, options, target);
          backend::PackPipeline pack =
              backend::buildPackPipeline(layer, lanes, a.pairs);
          meta.pack = meta.entry + "_pack";
          meta.packedWeightShape =
              backend::packedWeightShape(layer, lanes, a.pairs);
          // Its functions join the kernel's module (appending the module
          // itself would make it a submodule, which compile() leaves out).
          Module packModule = Pipeline(pack.pack).compile_to_module(
              {pack.weight}, meta.pack, target);
          for (const Internal::LoweredFunc &f : packModule.functions())
            module.append(f);
        }
        writeObjectWithText(module, metadataSymbolOf(meta.entry), meta.str(),
                            objectPath, a.pairs > 1);
      }),
      options.schedule);
}

Status emitBackendStage(const CanonicalLayer &layer,
                        const BackendOptions &options, BackendStage stage,
                        std::string &text) {
  Target target;
  if (Status s = parseTarget(options.target, target); !s)
    return s;
  if (stage == BackendStage::Halide) {
    if (Status s = checkSupported(layer); !s)
      return s;
    return guarded([&] {
      text = backend::describeAlgorithm(backend::buildAlgorithm(
          layer, false, backend::IndexBounds::Promise, backend::WeightForm::Raw,
          16, algorithmForm(layer, options, target)));
    });
  }
  if (stage == BackendStage::Device && !target.has_gpu_feature())
    return Status::error("--stage=device shows a GPU kernel's source: it "
                         "needs a GPU target (--target=cuda or opencl)");
  backend::Algorithm a;
  std::string schedule;
  if (Status s = scheduled(layer, options, target, a, &schedule); !s)
    return s;
  return blameAutoscheduler(
      guarded([&] {
        Pipeline p = pipelineOf(a);
        const std::string fn = "convt_kernel";
        switch (stage) {
        case BackendStage::Schedule: {
          std::vector<Internal::Function> outputs = {a.output.function()};
          text = "// schedule: " + std::string(scheduleName(options.schedule)) +
                 "\n" + schedule + "\n// loop nest\n" +
                 Internal::print_loop_nest(outputs);
          break;
        }
        case BackendStage::Device: {
          Module module = p.compile_to_module(a.arguments(), fn, target);
          llvm::LLVMContext context;
          std::unique_ptr<llvm::Module> m =
              compile_module_to_llvm_module(module, context);
          text = deviceSource(*m);
          break;
        }
        case BackendStage::Stmt:
        case BackendStage::Llvm:
        case BackendStage::Asm: {
          // In memory: Halide's file writers abort the process when the disk
          // is full, and a temporary file is one more thing to go wrong.
          Module module = p.compile_to_module(a.arguments(), fn, target);
          if (stage == BackendStage::Stmt) {
            std::ostringstream os;
            os << module;
            text = os.str();
            break;
          }
          llvm::LLVMContext context;
          std::unique_ptr<llvm::Module> m =
              compile_module_to_llvm_module(module, context);
          if (a.pairs > 1)
            backend::enableBFloat16Dot(*m);
          llvm::SmallString<0> buffer;
          llvm::raw_svector_ostream os(buffer);
          if (stage == BackendStage::Llvm)
            compile_llvm_module_to_llvm_assembly(*m, os);
          else
            compile_llvm_module_to_assembly(*m, os);
          text = buffer.str().str();
          break;
        }
        case BackendStage::Halide:
          break;
        }
      }),
      options.schedule);
}

Status countMultiplyAdds(const CanonicalLayer &given, int64_t &count) {
  if (Status s = checkSupported(given); !s)
    return s;
  // The count does not depend on the layout; realize() allocates the
  // output channels first.
  CanonicalLayer layer = given;
  layer.channelsLast = false;
  return guarded([&] {
    backend::Algorithm a = backend::buildAlgorithm(layer, true);
    std::vector<int> sizes;
    std::vector<int64_t> shape = layer.outputShape();
    for (size_t i = shape.size(); i-- > 0;)
      sizes.push_back(static_cast<int>(shape[i]));
    Buffer<int32_t> out = Pipeline(a.output).realize(sizes);
    count = 0;
    out.for_each_value([&](int32_t v) { count += v; });
  });
}

} // namespace convt
