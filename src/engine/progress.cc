#include "engine/progress.h"

#include <unistd.h>

#include <cstdio>

namespace orbit::engine {

Progress::Progress(std::string label, bool enabled, ProgressSink sink)
    : label_(std::move(label)),
      enabled_(enabled || static_cast<bool>(sink)),
      sink_(std::move(sink)),
      tty_(!sink_ && ::isatty(STDERR_FILENO) == 1),
      start_(std::chrono::steady_clock::now()),
      interval_(sink_ ? std::chrono::milliseconds(500)
                      : tty_ ? std::chrono::milliseconds(200) : std::chrono::seconds(10)) {
  next_draw_ns_ = std::chrono::duration_cast<std::chrono::nanoseconds>(interval_).count();
}

Progress::~Progress() { Finish(); }

void Progress::Update(uint64_t done, uint64_t total) {
  if (!enabled_) return;
  last_done_.store(done, std::memory_order_relaxed);
  last_total_.store(total, std::memory_order_relaxed);
  const int64_t now_ns =
      std::chrono::duration_cast<std::chrono::nanoseconds>(std::chrono::steady_clock::now() - start_).count();
  int64_t due = next_draw_ns_.load(std::memory_order_relaxed);
  if (now_ns < due) return;
  const int64_t next = now_ns + std::chrono::duration_cast<std::chrono::nanoseconds>(interval_).count();
  if (!next_draw_ns_.compare_exchange_strong(due, next)) return;  // another thread draws
  Draw(done, total, false);
}

void Progress::Finish() {
  if (!enabled_) return;
  std::lock_guard<std::mutex> lock(mutex_);
  if (sink_) {
    const uint64_t total = last_total_.load();
    if (total > 0) sink_(label_, total, total);
    last_total_.store(0);  // report completion once
    return;
  }
  if (tty_ && drew_live_) std::fputs("\r\033[K", stderr);
  drew_live_ = false;
}

void Progress::Draw(uint64_t done, uint64_t total, bool final_line) {
  std::lock_guard<std::mutex> lock(mutex_);
  if (sink_) {
    sink_(label_, done, total);
    return;
  }
  const double elapsed = std::chrono::duration<double>(std::chrono::steady_clock::now() - start_).count();
  const double pct = total ? 100.0 * static_cast<double>(done) / static_cast<double>(total) : 100.0;
  const double rate = elapsed > 0 ? static_cast<double>(done) / elapsed : 0.0;
  const double eta = rate > 0 && total > done ? static_cast<double>(total - done) / rate : 0.0;
  char line[256];
  std::snprintf(line, sizeof line, "%s %5.1f%% %llu/%llu (%.0f/s, ETA %.0fs)", label_.c_str(), pct,
                static_cast<unsigned long long>(done), static_cast<unsigned long long>(total), rate, eta);
  if (tty_ && !final_line) {
    std::fprintf(stderr, "\r\033[K%s", line);
    drew_live_ = true;
  } else {
    std::fprintf(stderr, "%s\n", line);
  }
  std::fflush(stderr);
}

}  // namespace orbit::engine
