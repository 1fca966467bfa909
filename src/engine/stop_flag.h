// src/engine/stop_flag.h
//
// A run's stop request, shared by the thread that asks (a signal handler, the
// Python binding's Ctrl-C watcher) and the threads that work. 0 = go on; any
// other value is the signal number that asked the run to stop. Writers store
// with any order; workers poll it between units of work (a chunk of days, a
// batch of bars), so a stop takes effect within one unit.
#pragma once

#include <atomic>

#include "core/error.h"

namespace orbit::engine {

using StopFlag = std::atomic<int>;

inline bool StopRequested(const StopFlag* flag) { return flag && flag->load(std::memory_order_relaxed) != 0; }

// Throws orbit::Interrupted when a stop was requested.
inline void ThrowIfStopped(const StopFlag* flag) {
  if (!flag) return;
  if (const int signal_number = flag->load(std::memory_order_relaxed)) throw Interrupted(signal_number);
}

}  // namespace orbit::engine
