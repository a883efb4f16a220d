//===- ThreadPool.cpp - The parallel loops of one context ----------------===//

#include "runtime/ThreadPool.h"

#if defined(__x86_64__) || defined(__i386__)
#include <immintrin.h>
#define CONVT_PAUSE() _mm_pause()
#else
#define CONVT_PAUSE() std::this_thread::yield()
#endif

namespace convt {

namespace {

/// Set on a thread while it runs tasks of a loop: a loop nested in a task
/// runs serially on that thread.
thread_local bool inParallelLoop = false;

/// Spins before a worker sleeps. A kernel call is often followed closely by
/// the next (a layer after a layer, a timing loop), and waking a sleeping
/// thread costs tens of microseconds: about as long as a small layer.
constexpr int kSpinIterations = 4000;

} // namespace

struct ThreadPool::Job {
  Task task;
  void *userContext;
  uint8_t *closure;
  int min, size;
  std::atomic<int> next{0};    ///< the next index to claim
  std::atomic<int> pending{0}; ///< indices not finished yet
  std::atomic<int> refs{0};    ///< workers that may still touch the job
  std::atomic<int> result{0};
};

ThreadPool::ThreadPool(int threads) {
  for (int i = 1; i < threads; ++i)
    workers_.emplace_back([this] { workerLoop(); });
}

ThreadPool::~ThreadPool() {
  {
    std::lock_guard<std::mutex> lock(mutex_);
    stop_ = true;
  }
  generation_.fetch_add(1, std::memory_order_release);
  wake_.notify_all();
  for (std::thread &t : workers_)
    t.join();
}

void ThreadPool::runIndices(Job &job) {
  bool outer = inParallelLoop;
  inParallelLoop = true;
  for (;;) {
    int i = job.next.fetch_add(1, std::memory_order_relaxed);
    if (i >= job.size)
      break;
    int rc = job.task(job.userContext, job.min + i, job.closure);
    if (rc != 0) {
      int expected = 0;
      job.result.compare_exchange_strong(expected, rc);
    }
    job.pending.fetch_sub(1, std::memory_order_acq_rel);
  }
  inParallelLoop = outer;
}

void ThreadPool::workerLoop() {
  uint64_t seen = 0;
  for (;;) {
    for (int i = 0; i < kSpinIterations &&
                    generation_.load(std::memory_order_acquire) == seen;
         ++i)
      CONVT_PAUSE();
    Job *job;
    {
      std::unique_lock<std::mutex> lock(mutex_);
      wake_.wait(lock, [&] {
        return stop_ || generation_.load(std::memory_order_relaxed) != seen;
      });
      if (stop_)
        return;
      seen = generation_.load(std::memory_order_relaxed);
      job = job_;
      if (!job)
        continue;
      job->refs.fetch_add(1, std::memory_order_relaxed);
    }
    runIndices(*job);
    job->refs.fetch_sub(1, std::memory_order_release);
  }
}

int ThreadPool::parallelFor(Task task, void *userContext, int min, int size,
                            uint8_t *closure) {
  if (size <= 0)
    return 0;
  if (workers_.empty() || size == 1 || inParallelLoop || !busy_.try_lock()) {
    for (int i = 0; i < size; ++i)
      if (int rc = task(userContext, min + i, closure))
        return rc;
    return 0;
  }
  Job job;
  job.task = task;
  job.userContext = userContext;
  job.closure = closure;
  job.min = min;
  job.size = size;
  job.pending.store(size, std::memory_order_relaxed);
  {
    std::lock_guard<std::mutex> lock(mutex_);
    job_ = &job;
    generation_.fetch_add(1, std::memory_order_release);
  }
  wake_.notify_all();
  runIndices(job);
  while (job.pending.load(std::memory_order_acquire) != 0)
    CONVT_PAUSE();
  {
    std::lock_guard<std::mutex> lock(mutex_);
    job_ = nullptr; // no worker takes a reference from now on
  }
  while (job.refs.load(std::memory_order_acquire) != 0)
    CONVT_PAUSE();
  busy_.unlock();
  return job.result.load(std::memory_order_relaxed);
}

} // namespace convt
