//===- Options.cpp - convtc's command-line options ------------------------===//

#include "tools/convtc/Options.h"

#include "compiler/backend/Backend.h"

namespace cl = llvm::cl;

namespace convtc::options {

/// convtc's own options; --help shows these only (LLVM's code-generator
/// options are hidden, as clang and mlir-opt hide theirs).
cl::OptionCategory category("convtc options");

cl::SubCommand emitCmd("emit", "Print one stage of a layer");
cl::SubCommand infoCmd("info",
                       "Summarise a layer: shapes, canonical form, FLOPs");
cl::SubCommand runCmd("run", "Compile (or fetch from the cache) and run a "
                             "layer on .npy files");
cl::SubCommand benchCmd("bench", "Time the compiled kernel on random data");
cl::SubCommand tuneCmd("tune", "Search schedules on this machine and store the "
                               "fastest for the layer");
cl::SubCommand cacheCmd("cache",
                        "Inspect the kernel cache: list, stats, verify, clear");
cl::SubCommand
    explainCmd("explain",
               "Compare two layers that should be the same (a port between "
               "frameworks) through their canonical forms");
cl::list<std::string> explainPaths(cl::Positional, cl::OneOrMore,
                                   cl::desc("<A.json> <B.json>"),
                                   cl::cat(category), cl::sub(explainCmd));
cl::SubCommand
    translateCmd("translate",
                 "Write the layer for another framework (PyTorch, MindSpore) "
                 "so that it computes the same numbers");
cl::opt<std::string> toOpt("to", cl::desc("torch, mindspore or onnx"),
                           cl::cat(category), cl::sub(translateCmd));
cl::SubCommand importCmd("import",
                         "Write a layer spec (and the weights it holds) for "
                         "every ConvTranspose node of an ONNX model");
cl::opt<std::string> modelPath(cl::Positional, cl::Required,
                               cl::desc("<model.onnx>"), cl::cat(category),
                               cl::sub(importCmd));
cl::list<int64_t> inputShapeOpt(
    "input-shape", cl::CommaSeparated,
    cl::desc("N,C,spatial...: the input's shape where the model does not "
             "say it"),
    cl::cat(category), cl::sub(importCmd));
cl::SubCommand compileCmd("compile",
                          "Compile a layer ahead of time: a shared object, "
                          "a static library and a C header in -o DIR");

cl::opt<std::string> specPath(cl::Positional, cl::Required,
                              cl::desc("<spec.json | layer.mlir | ->"),
                              cl::cat(category), cl::sub(emitCmd),
                              cl::sub(infoCmd), cl::sub(runCmd),
                              cl::sub(benchCmd), cl::sub(tuneCmd),
                              cl::sub(compileCmd), cl::sub(translateCmd));

cl::opt<std::string> cacheAction(cl::Positional, cl::Required,
                                 cl::desc("<list | stats | verify | clear>"),
                                 cl::cat(category), cl::sub(cacheCmd));
cl::opt<std::string> cacheDirOpt(
    "cache-dir",
    cl::desc("Kernel cache directory (default: $CONVT_CACHE_DIR, else "
             "$XDG_CACHE_HOME/convt, else ~/.cache/convt)"),
    cl::cat(category), cl::sub(cacheCmd), cl::sub(runCmd), cl::sub(benchCmd),
    cl::sub(tuneCmd));
cl::opt<bool> noCacheOpt("no-disk-cache",
                         cl::desc("Compile in memory only: neither read nor "
                                  "write the kernel cache"),
                         cl::cat(category), cl::sub(runCmd), cl::sub(benchCmd),
                         cl::sub(tuneCmd));

cl::opt<Stage> stage(
    "stage", cl::desc("The stage to print"), cl::init(Stage::Canonical),
    cl::values(clEnumValN(Stage::Frontend, "frontend",
                          "the frontend op, in its framework's terms"),
               clEnumValN(Stage::Canonical, "canonical",
                          "after --convt-to-canonical"),
               clEnumValN(Stage::Halide, "halide", "the Halide algorithm"),
               clEnumValN(Stage::Schedule, "schedule",
                          "the schedule and the loop nest it gives"),
               clEnumValN(Stage::Stmt, "stmt", "the lowered Halide loop nest"),
               clEnumValN(Stage::Llvm, "llvm", "LLVM IR of the kernel"),
               clEnumValN(Stage::Asm, "asm",
                          "assembly of the kernel (GPU targets: of its host "
                          "side)"),
               clEnumValN(Stage::Device, "device",
                          "GPU targets: the kernels' PTX or OpenCL C")),
    cl::cat(category), cl::sub(emitCmd));

cl::opt<std::string> outputPath("o",
                                cl::desc("emit: output file (default: "
                                         "stdout); compile, import: output "
                                         "directory"),
                                cl::value_desc("path"), cl::init("-"),
                                cl::cat(category), cl::sub(emitCmd),
                                cl::sub(compileCmd), cl::sub(importCmd));
cl::opt<std::string> nameOpt("name",
                             cl::desc("Name of the kernel's files and "
                                      "convt_load_<name> (default: the "
                                      "spec's name)"),
                             cl::cat(category), cl::sub(compileCmd));

cl::opt<std::string> scheduleOpt(
    "schedule",
    cl::desc("expert, mullapudi2016, adams2019 or li2018 (default: expert)"),
    cl::init(convt::scheduleName(convt::kDefaultSchedule)), cl::cat(category),
    cl::sub(emitCmd), cl::sub(runCmd), cl::sub(benchCmd), cl::sub(compileCmd));
cl::opt<std::string> expertOpt(
    "expert",
    cl::desc("Parameters of the expert schedule, "
             "v<vectors>m<tile>k<channel block>[t<1|2>][f<1|2|3>] (form f1 "
             "gather, f2 phase-major with channel vectors and m columns per "
             "tile, f3 phase-major with v column vectors and m channels per "
             "tile), e.g. v4m5k64f2, or auto"),
    cl::init("auto"), cl::cat(category), cl::sub(emitCmd), cl::sub(runCmd),
    cl::sub(benchCmd), cl::sub(compileCmd));
cl::opt<std::string> gpuOpt(
    "gpu",
    cl::desc("Parameters of the GPU schedule template (GPU targets), "
             "f<1|2>c<channels>q<columns>x<threads>y<threads>z<threads>"
             "k<chunk>s<1-4> (form f1 gather, f2 phase-major; c x q "
             "positions of every phase per thread; x, y, z threads a block "
             "along W, H and channels; k input channels unrolled a step; s1 "
             "weights copied to shared memory, s2 read through the cache), "
             "e.g. "
             "f2c4q2x8y8z2k4s1, or auto"),
    cl::init("auto"), cl::cat(category), cl::sub(emitCmd), cl::sub(runCmd),
    cl::sub(benchCmd), cl::sub(compileCmd));
cl::opt<std::string> targetOpt(
    "target",
    cl::desc("host (this CPU), cuda (PTX for sm_80 and newer), opencl, or a "
             "Halide target string (x86-64-linux-avx2, arm-64-linux, "
             "x86-64-linux-cuda-cuda_capability_86, ...)"),
    cl::init("host"), cl::cat(category), cl::sub(emitCmd), cl::sub(runCmd),
    cl::sub(benchCmd), cl::sub(compileCmd), cl::sub(tuneCmd));
cl::opt<int> threadsOpt("threads",
                        cl::desc("Threads the kernel runs on (0: all cores)"),
                        cl::init(0), cl::cat(category), cl::sub(runCmd),
                        cl::sub(benchCmd), cl::sub(tuneCmd),
                        cl::sub(compileCmd));
cl::opt<bool> tunedOpt(
    "tuned",
    cl::desc("Use the layer's tuned schedule (tuning it first if needed)"),
    cl::cat(category), cl::sub(runCmd), cl::sub(benchCmd), cl::sub(compileCmd));
cl::opt<std::string> dbOpt("db",
                           cl::desc("Tuning database (default: "
                                    "$CONVT_TUNING_DB or "
                                    "~/.cache/convt/tuning.json)"),
                           cl::cat(category), cl::sub(runCmd),
                           cl::sub(benchCmd), cl::sub(tuneCmd),
                           cl::sub(compileCmd));
cl::opt<bool> noAutoOpt("no-autoschedulers",
                        cl::desc("Search only the expert template"),
                        cl::cat(category), cl::sub(tuneCmd));
cl::opt<bool> listCandidatesOpt(
    "list-candidates",
    cl::desc("Print the schedules the search would measure first, one a "
             "line as convtc options, and measure nothing"),
    cl::cat(category), cl::sub(tuneCmd));
cl::opt<double> tuneSecondsOpt(
    "seconds-per-candidate",
    cl::desc("Time spent measuring each candidate (default 0.2)"),
    cl::init(0.2), cl::cat(category), cl::sub(tuneCmd));

cl::opt<std::string> inputOpt("input", cl::desc("Input .npy [N, C_in, ...]"),
                              cl::cat(category), cl::sub(runCmd));
cl::opt<std::string>
    weightOpt("weight",
              cl::desc("Weight .npy [C_in, C_out/groups, k...]; default: "
                       "initialised as the framework does"),
              cl::cat(category), cl::sub(runCmd));
cl::opt<std::string>
    biasOpt("bias",
            cl::desc("Bias .npy [C_out]; default: initialised as the "
                     "framework does"),
            cl::cat(category), cl::sub(runCmd));
cl::opt<uint64_t> seedOpt("seed", cl::desc("Seed of the initialisers"),
                          cl::init(0), cl::cat(category), cl::sub(runCmd));
cl::opt<std::string> runOutputOpt("output", cl::desc("Output .npy"),
                                  cl::cat(category), cl::sub(runCmd));

cl::opt<bool> jsonOpt("json", cl::desc("Print one JSON object"),
                      cl::cat(category), cl::sub(benchCmd),
                      cl::sub(translateCmd));
cl::opt<std::string> versusOpt(
    "versus",
    cl::desc("A second expert schedule (parameters as --expert) or "
             "autoscheduler name, timed against the first call by call"),
    cl::cat(category), cl::sub(benchCmd));
cl::opt<std::string> dataFormatOpt(
    "data-format",
    cl::desc("Layout of input and output, overriding the spec's data_format "
             "(NCHW, NHWC, ... of the layer's rank), or 'all': time each "
             "layout and name the fastest"),
    cl::cat(category), cl::sub(benchCmd), cl::sub(tuneCmd));
cl::opt<double> secondsOpt("seconds",
                           cl::desc("Time spent measuring (default 1)"),
                           cl::init(1.0), cl::cat(category), cl::sub(benchCmd));

/// Renders the output in memory, then writes it as every output file is
/// written (runtime/FileWrite.h): never half a file, through links, into
/// devices with errors reported.

} // namespace convtc::options
