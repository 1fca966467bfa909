// src/core/parallel_for.h
//
// ParallelFor: the deterministic parallel loop (the sweep's blocks, the
// matrix's files, streams and columns). It runs
// body(item, worker) for every item in [0, count) on min(threads, count)
// workers (on the calling thread alone when that is 1); workers take items in
// increasing order, and one worker never runs two items at once, so per-worker
// state (indexed by `worker` < threads) needs no lock. An exception thrown by
// body(item) is kept for that item and the other items still run; once every
// worker has stopped, the exception of the lowest item is rethrown, so the
// error reported is the same for every thread count.
// REQUIRES: threads >= 1 (engine::ResolveThreads, or the hardware's threads).
#pragma once

#include <algorithm>
#include <atomic>
#include <cstddef>
#include <exception>
#include <thread>
#include <vector>

namespace orbit {

// The hardware's threads (at least 1).
inline int HardwareThreads() { return static_cast<int>(std::max(1u, std::thread::hardware_concurrency())); }

template <typename Body>
void ParallelFor(size_t count, int threads, Body&& body) {
  std::vector<std::exception_ptr> errors(count);
  std::atomic<size_t> next{0};
  auto worker = [&](size_t worker_index) {
    for (;;) {
      const size_t item = next.fetch_add(1);
      if (item >= count) return;
      try {
        body(item, worker_index);
      } catch (...) {
        errors[item] = std::current_exception();
      }
    }
  };
  const int pool_size = std::min<int>(threads, static_cast<int>(std::max<size_t>(1, count)));
  if (pool_size <= 1) {
    worker(0);
  } else {
    std::vector<std::thread> pool;
    pool.reserve(static_cast<size_t>(pool_size));
    for (int t = 0; t < pool_size; ++t) pool.emplace_back(worker, static_cast<size_t>(t));
    for (std::thread& t : pool) t.join();
  }
  for (const std::exception_ptr& e : errors)
    if (e) std::rethrow_exception(e);
}

}  // namespace orbit
