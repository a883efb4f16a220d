//===- Options.h - convtc's command-line options ---------------*- C++ -*-===//
//
// The subcommands and options convtc.cpp reads (defined in Options.cpp).
//
//===----------------------------------------------------------------------===//
#ifndef CONVT_TOOLS_CONVTC_OPTIONS_H
#define CONVT_TOOLS_CONVTC_OPTIONS_H

#include "llvm/Support/CommandLine.h"

#include <cstdint>
#include <string>

namespace convtc::options {

enum class Stage {
  Frontend,
  Canonical,
  Halide,
  Schedule,
  Stmt,
  Llvm,
  Asm,
  Device
};

extern llvm::cl::OptionCategory category;
extern llvm::cl::SubCommand emitCmd;
extern llvm::cl::SubCommand infoCmd;
extern llvm::cl::SubCommand runCmd;
extern llvm::cl::SubCommand benchCmd;
extern llvm::cl::SubCommand tuneCmd;
extern llvm::cl::SubCommand cacheCmd;
extern llvm::cl::SubCommand compileCmd;
extern llvm::cl::SubCommand explainCmd;
extern llvm::cl::SubCommand translateCmd;
extern llvm::cl::SubCommand importCmd;
extern llvm::cl::opt<std::string> modelPath;
extern llvm::cl::list<int64_t> inputShapeOpt;
extern llvm::cl::opt<std::string> toOpt;
extern llvm::cl::list<std::string> explainPaths;
extern llvm::cl::opt<std::string> specPath;
extern llvm::cl::opt<std::string> cacheAction;
extern llvm::cl::opt<std::string> cacheDirOpt;
extern llvm::cl::opt<bool> noCacheOpt;
extern llvm::cl::opt<Stage> stage;
extern llvm::cl::opt<std::string> outputPath;
extern llvm::cl::opt<std::string> nameOpt;
extern llvm::cl::opt<std::string> scheduleOpt;
extern llvm::cl::opt<std::string> expertOpt;
extern llvm::cl::opt<std::string> gpuOpt;
extern llvm::cl::opt<std::string> targetOpt;
extern llvm::cl::opt<int> threadsOpt;
extern llvm::cl::opt<bool> tunedOpt;
extern llvm::cl::opt<std::string> dbOpt;
extern llvm::cl::opt<bool> noAutoOpt;
extern llvm::cl::opt<bool> listCandidatesOpt;
extern llvm::cl::opt<double> tuneSecondsOpt;
extern llvm::cl::opt<std::string> inputOpt;
extern llvm::cl::opt<std::string> weightOpt;
extern llvm::cl::opt<std::string> biasOpt;
extern llvm::cl::opt<uint64_t> seedOpt;
extern llvm::cl::opt<std::string> runOutputOpt;
extern llvm::cl::opt<bool> jsonOpt;
extern llvm::cl::opt<std::string> versusOpt;
extern llvm::cl::opt<std::string> dataFormatOpt;
extern llvm::cl::opt<double> secondsOpt;

} // namespace convtc::options

#endif // CONVT_TOOLS_CONVTC_OPTIONS_H
