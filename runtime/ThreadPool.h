//===- ThreadPool.h - The parallel loops of one context --------*- C++ -*-===//
//
// Kernels run their parallel loops through halide_do_par_for, which the
// runtime routes to the thread pool of the context the call came from (the
// kernel's user_context), so two contexts in one process keep their own
// thread counts. The calling thread takes part in its loop. One loop runs
// at a time: a call that finds the pool busy (another thread's call, or a
// loop nested in a task) runs its loop on its own thread instead of
// waiting, so concurrent calls never deadlock.
//
//===----------------------------------------------------------------------===//
#ifndef CONVT_RUNTIME_THREADPOOL_H
#define CONVT_RUNTIME_THREADPOOL_H

#include <atomic>
#include <condition_variable>
#include <cstdint>
#include <mutex>
#include <thread>
#include <vector>

namespace convt {

class ThreadPool {
public:
  /// A task of a parallel loop, as Halide's halide_task_t.
  using Task = int (*)(void *userContext, int index, uint8_t *closure);

  /// `threads` >= 1 runs loops on that many threads (the caller and
  /// threads - 1 workers).
  explicit ThreadPool(int threads);
  ~ThreadPool();
  ThreadPool(const ThreadPool &) = delete;
  ThreadPool &operator=(const ThreadPool &) = delete;

  int threads() const { return static_cast<int>(workers_.size()) + 1; }

  /// Runs task(userContext, i, closure) for i in [min, min + size); the
  /// first nonzero result, else 0.
  int parallelFor(Task task, void *userContext, int min, int size,
                  uint8_t *closure);

private:
  struct Job;
  void workerLoop();
  static void runIndices(Job &job);

  std::vector<std::thread> workers_;
  std::mutex busy_; ///< held by the call whose loop the workers run
  std::mutex mutex_;
  std::condition_variable wake_;
  Job *job_ = nullptr;                  ///< guarded by mutex_
  std::atomic<uint64_t> generation_{0}; ///< bumped for every new job
  bool stop_ = false;                   ///< guarded by mutex_
};

} // namespace convt

#endif // CONVT_RUNTIME_THREADPOOL_H
