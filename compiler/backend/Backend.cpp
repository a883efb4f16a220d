//===- Backend.cpp - Halide code generation for a canonical layer --------===//

#include "compiler/backend/Backend.h"
#include "compiler/backend/Algorithm.h"
#include "compiler/backend/Schedules.h"

#include <cstdio>
#include <fstream>
#include <sstream>
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

/// Runs `body`, turning Halide's exceptions into a Status.
template <typename F> Status guarded(F &&body) {
  try {
    body();
    return Status::success();
  } catch (const Halide::Error &e) {
    std::string msg = e.what();
    while (!msg.empty() && (msg.back() == '\n' || msg.back() == ' '))
      msg.pop_back();
    return Status::error("Halide: " + msg);
  } catch (const std::exception &e) {
    return Status::error(e.what());
  }
}

Status parseTarget(const std::string &text, Target &target) {
  if (text == "host") {
    target = get_host_target();
    return Status::success();
  }
  if (!Target::validate_target_string(text))
    return Status::error("unknown target '" + text +
                         "' (expected \"host\" or a Halide target string "
                         "such as x86-64-linux-avx2-fma)");
  target = Target(text);
  return Status::success();
}

/// A scratch file that disappears with this object.
struct TempFile {
  std::string path;
  explicit TempFile(const char *suffix) {
    char dir[] = "/tmp/convt-XXXXXX";
    path = std::string(mkdtemp(dir)) + "/out" + suffix;
  }
  ~TempFile() {
    std::remove(path.c_str());
    std::remove(path.substr(0, path.rfind('/')).c_str());
  }
  std::string read() const {
    std::ifstream in(path);
    std::ostringstream ss;
    ss << in.rdbuf();
    return ss.str();
  }
};

int vectorLanes(const Target &target) {
  return target.has_feature(Target::AVX512) ? 16 : 8;
}

/// Channels the packed weights are padded to: the expert schedule's channel
/// block, so that whole blocks read inside the buffer.
int packLanes(const CanonicalLayer &layer, const BackendOptions &options,
              const Target &target) {
  int vec = vectorLanes(target);
  ExpertParams p = resolveExpertParams(layer, options.expert, vec);
  // The column form's tile holds `columnsPerPhase` channels.
  return p.form == 3 ? p.columnsPerPhase : p.vectors * vec;
}

/// The expert template's form decides the algorithm; the autoschedulers
/// get the gather form.
backend::AlgorithmForm algorithmForm(const CanonicalLayer &layer,
                                     const BackendOptions &options,
                                     const Target &target) {
  if (options.schedule == ScheduleKind::Expert &&
      resolveExpertParams(layer, options.expert, vectorLanes(target)).form >= 2)
    return backend::AlgorithmForm::PhaseMajor;
  return backend::AlgorithmForm::Gather;
}

/// Builds and schedules the layer's pipeline for `target`. The expert
/// schedule reads weights packed once (WeightForm::Packed); the
/// autoschedulers get the plain weights.
Status scheduled(const CanonicalLayer &layer, const BackendOptions &options,
                 const Target &target, backend::Algorithm &a,
                 std::string *scheduleText) {
  std::string problem = layer.validate();
  if (!problem.empty())
    return Status::error("invalid layer: " + problem);
  return guarded([&] {
    bool expert = options.schedule == ScheduleKind::Expert;
    a = backend::buildAlgorithm(
        layer, false,
        expert ? backend::IndexBounds::Promise : backend::IndexBounds::Clamp,
        expert ? backend::WeightForm::Packed : backend::WeightForm::Raw,
        packLanes(layer, options, target),
        algorithmForm(layer, options, target));
    int threads = options.threads > 0 ? options.threads : hardwareThreads();
    std::string text = backend::applySchedule(a, options.schedule,
                                              options.expert, target, threads);
    if (scheduleText)
      *scheduleText = text;
  });
}

} // namespace

const char *scheduleName(ScheduleKind kind) {
  switch (kind) {
  case ScheduleKind::Expert:
    return "expert";
  case ScheduleKind::Mullapudi2016:
    return "mullapudi2016";
  case ScheduleKind::Adams2019:
    return "adams2019";
  case ScheduleKind::Li2018:
    return "li2018";
  }
  return "?";
}

std::optional<ScheduleKind> parseScheduleName(std::string_view name) {
  for (ScheduleKind k : {ScheduleKind::Expert, ScheduleKind::Mullapudi2016,
                         ScheduleKind::Adams2019, ScheduleKind::Li2018})
    if (name == scheduleName(k))
      return k;
  return std::nullopt;
}

std::string ExpertParams::str() const {
  if (isDefault())
    return "auto";
  return "v" + std::to_string(vectors) + "m" + std::to_string(columnsPerPhase) +
         "k" + std::to_string(channelBlock) + "t" + std::to_string(tapOrder) +
         "f" + std::to_string(form) +
         (tasksPerThread ? "p" + std::to_string(tasksPerThread) : "");
}

std::optional<ExpertParams> ExpertParams::parse(std::string_view text) {
  if (text == "auto")
    return ExpertParams();
  ExpertParams p;
  int *fields[6] = {&p.vectors,      &p.columnsPerPhase,
                    &p.channelBlock, &p.tapOrder,
                    &p.form,         &p.tasksPerThread};
  const char keys[6] = {'v', 'm', 'k', 't', 'f', 'p'};
  size_t i = 0;
  for (int f = 0; f < 6; ++f) {
    if (f >= 3 && i == text.size())
      break; // t, f and p are optional
    if (f >= 3 && text[i] != keys[f])
      continue; // an optional field left out
    if (i >= text.size() || text[i] != keys[f])
      return std::nullopt;
    ++i;
    size_t start = i;
    while (i < text.size() && text[i] >= '0' && text[i] <= '9' && i - start < 6)
      ++i;
    if (i == start)
      return std::nullopt;
    *fields[f] = std::stoi(std::string(text.substr(start, i - start)));
    if (*fields[f] < 1)
      return std::nullopt;
  }
  if (i != text.size() || (p.vectors != 1 && p.vectors != 2 && p.vectors != 4))
    return std::nullopt;
  if (p.tapOrder > 2 || p.form > 3 || p.tasksPerThread > 64)
    return std::nullopt;
  return p;
}

std::string backendVersion() { return "halide-" CONVT_HALIDE_VERSION; }

int hardwareThreads() {
  unsigned n = std::thread::hardware_concurrency();
  return n ? static_cast<int>(n) : 1;
}

Status resolveTarget(const std::string &text, std::string &resolved) {
  Target t;
  if (Status s = parseTarget(text, t); !s)
    return s;
  resolved = t.without_feature(Target::NoRuntime).to_string();
  return Status::success();
}

Status compileKernelObject(const CanonicalLayer &layer,
                           const BackendOptions &options,
                           const std::string &objectPath,
                           const std::string &functionName, KernelAbi &abi) {
  Target target;
  if (Status s = parseTarget(options.target, target); !s)
    return s;
  target = target.with_feature(Target::NoRuntime);
  backend::Algorithm a;
  if (Status s = scheduled(layer, options, target, a, nullptr); !s)
    return s;
  abi = KernelAbi();
  return guarded([&] {
    Module module = Pipeline(a.output).compile_to_module(a.arguments(),
                                                         functionName, target);
    if (a.prepacked) {
      int lanes = packLanes(layer, options, target);
      backend::PackPipeline pack = backend::buildPackPipeline(layer, lanes);
      abi.packFunction = functionName + "_pack";
      abi.packedWeightShape = backend::packedWeightShape(layer, lanes);
      // Its functions join the kernel's module (appending the module
      // itself would make it a submodule, which compile() leaves out).
      Module packModule = Pipeline(pack.pack).compile_to_module(
          {pack.weight}, abi.packFunction, target);
      for (const Internal::LoweredFunc &f : packModule.functions())
        module.append(f);
    }
    module.compile({{OutputFileType::object, objectPath}});
  });
}

Status compileHalideRuntime(const std::string &text,
                            const std::string &objectPath) {
  Target target;
  if (Status s = parseTarget(text, target); !s)
    return s;
  return guarded([&] {
    compile_standalone_runtime(objectPath,
                               target.without_feature(Target::NoRuntime));
  });
}

Status emitBackendStage(const CanonicalLayer &layer,
                        const BackendOptions &options, BackendStage stage,
                        std::string &text) {
  Target target;
  if (Status s = parseTarget(options.target, target); !s)
    return s;
  if (stage == BackendStage::Halide) {
    std::string problem = layer.validate();
    if (!problem.empty())
      return Status::error("invalid layer: " + problem);
    return guarded([&] {
      text = backend::describeAlgorithm(backend::buildAlgorithm(
          layer, false, backend::IndexBounds::Promise, backend::WeightForm::Raw,
          16, algorithmForm(layer, options, target)));
    });
  }
  backend::Algorithm a;
  std::string schedule;
  if (Status s = scheduled(layer, options, target, a, &schedule); !s)
    return s;
  return guarded([&] {
    Pipeline p(a.output);
    const std::string fn = "convt_kernel";
    switch (stage) {
    case BackendStage::Schedule: {
      std::vector<Internal::Function> outputs = {a.output.function()};
      text = "// schedule: " + std::string(scheduleName(options.schedule)) +
             "\n" + schedule + "\n// loop nest\n" +
             Internal::print_loop_nest(outputs);
      break;
    }
    case BackendStage::Stmt:
    case BackendStage::Llvm:
    case BackendStage::Asm: {
      // Halide writes these stages to files only.
      Target t = target.with_feature(Target::NoRuntime);
      TempFile f(stage == BackendStage::Stmt   ? ".stmt"
                 : stage == BackendStage::Llvm ? ".ll"
                                               : ".s");
      if (stage == BackendStage::Stmt)
        p.compile_to_lowered_stmt(f.path, a.arguments(), StmtOutputFormat::Text,
                                  t);
      else if (stage == BackendStage::Llvm)
        p.compile_to_llvm_assembly(f.path, a.arguments(), fn, t);
      else
        p.compile_to_assembly(f.path, a.arguments(), fn, t);
      text = f.read();
      break;
    }
    case BackendStage::Halide:
      break;
    }
  });
}

Status countMultiplyAdds(const CanonicalLayer &layer, int64_t &count) {
  std::string problem = layer.validate();
  if (!problem.empty())
    return Status::error("invalid layer: " + problem);
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
