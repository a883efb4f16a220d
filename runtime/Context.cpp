//===- Context.cpp - Threads, errors and scratch of kernel calls ---------===//

#include "runtime/Context.h"

#include <HalideRuntime.h>

#include <cstdio>
#include <mutex>
#include <thread>

namespace convt {

namespace {

CallContext *callOf(void *userContext) {
  return static_cast<CallContext *>(userContext);
}

int doParFor(void *uc, halide_task_t task, int min, int size,
             uint8_t *closure) {
  CallContext *call = callOf(uc);
  if (!call || !call->context) {
    for (int i = 0; i < size; ++i)
      if (int rc = task(uc, min + i, closure))
        return rc;
    return 0;
  }
  return call->context->pool().parallelFor(task, uc, min, size, closure);
}

void onError(void *uc, const char *message) {
  if (CallContext *call = callOf(uc)) {
    call->error += message;
    return;
  }
  std::fprintf(stderr, "convt: %s\n", message);
}

void *onMalloc(void *uc, size_t bytes) {
  if (CallContext *call = callOf(uc); call && call->context)
    call->context->noteScratch(bytes);
  return halide_default_malloc(uc, bytes);
}

} // namespace

void installHalideHandlers() {
  static std::once_flag once;
  std::call_once(once, [] {
    halide_set_custom_do_par_for(doParFor);
    halide_set_error_handler(onError);
    halide_set_custom_malloc(onMalloc);
  });
}

int hardwareConcurrency() {
  unsigned n = std::thread::hardware_concurrency();
  return n ? static_cast<int>(n) : 1;
}

Context::Context(int threads)
    : pool_(threads > 0 ? threads : hardwareConcurrency()) {
  installHalideHandlers();
}

void Context::noteScratch(size_t bytes) {
  size_t seen = peakScratch_.load(std::memory_order_relaxed);
  while (bytes > seen && !peakScratch_.compare_exchange_weak(seen, bytes))
    ;
}

} // namespace convt
