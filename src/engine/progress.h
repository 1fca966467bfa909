// src/engine/progress.h
//
// Progress reports on stderr, driven by time, never by item counts:
//  - on a TTY, one live line (percent, items/s, ETA) redrawn at most 5x a second;
//  - otherwise one plain line at most every 10 s;
//  - nothing at all when disabled (--quiet);
//  - or, with a ProgressSink, a call to the sink at most twice a second and
//    once more from Finish() (the Python module uses it for notebooks).
// Update() may be called from any thread, as often as wanted: it costs an
// atomic store and, at most once per interval, one locked write.
#pragma once

#include <atomic>
#include <chrono>
#include <cstdint>
#include <functional>
#include <mutex>
#include <string>

namespace orbit::engine {

// Receives (label, done, total). Called from any thread, never concurrently.
using ProgressSink = std::function<void(const std::string&, uint64_t, uint64_t)>;

class Progress {
 public:
  Progress(std::string label, bool enabled, ProgressSink sink = {});
  ~Progress();  // clears the live line
  void Update(uint64_t done, uint64_t total);
  void Finish();

 private:
  void Draw(uint64_t done, uint64_t total, bool final_line);

  std::string label_;
  bool enabled_;
  ProgressSink sink_;
  std::atomic<uint64_t> last_done_{0}, last_total_{0};
  bool tty_;
  std::chrono::steady_clock::time_point start_;
  std::chrono::steady_clock::duration interval_;
  std::atomic<int64_t> next_draw_ns_{0};
  std::mutex mutex_;
  bool drew_live_ = false;
};

}  // namespace orbit::engine
