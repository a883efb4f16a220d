//===- Context.h - Threads, errors and scratch of kernel calls -*- C++ -*-===//
//
// Kernels are compiled with Halide's user_context: every call passes the
// runtime a pointer to its CallContext, and the Halide runtime inside
// libconvt_runtime routes parallel loops, errors and heap allocations
// through it (handlers installed once, stateless). So each Context owns its
// thread pool, a call's error message reaches that call's Status, and the
// scratch meter counts per context: no process-wide state.
//
//===----------------------------------------------------------------------===//
#ifndef CONVT_RUNTIME_CONTEXT_H
#define CONVT_RUNTIME_CONTEXT_H

#include "runtime/ThreadPool.h"

#include <atomic>
#include <cstddef>
#include <string>

namespace convt {

class Context {
public:
  /// Runs kernels on `threads` threads (0: one per core).
  explicit Context(int threads = 0);
  Context(const Context &) = delete;
  Context &operator=(const Context &) = delete;

  int threads() const { return pool_.threads(); }
  ThreadPool &pool() { return pool_; }

  /// The largest heap buffer (scratch: padded inputs, accumulators) any
  /// kernel call on this context allocated since the previous call, in
  /// bytes; resets it. Buffers of a few kilobytes live on the stack and are
  /// not counted.
  size_t takePeakScratchBytes() { return peakScratch_.exchange(0); }
  void noteScratch(size_t bytes);

private:
  ThreadPool pool_;
  std::atomic<size_t> peakScratch_{0};
};

/// What a kernel receives as its user_context for one call.
struct CallContext {
  Context *context = nullptr;
  std::string error; ///< what the Halide runtime reported
};

/// Installs the runtime's Halide handlers (once per process).
void installHalideHandlers();

/// One core per thread of this machine.
int hardwareConcurrency();

} // namespace convt

#endif // CONVT_RUNTIME_CONTEXT_H
