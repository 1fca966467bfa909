// src/engine/resource_usage.h
//
// Process resource figures every run reports: wall time and peak resident
// memory (VmHWM from /proc/self/status, falling back to getrusage).
#pragma once

#include <chrono>
#include <cstdint>

namespace orbit::engine {

int64_t PeakRssBytes();
int64_t CurrentRssBytes();

class Stopwatch {
 public:
  Stopwatch() : start_(std::chrono::steady_clock::now()) {}
  double Seconds() const {
    return std::chrono::duration<double>(std::chrono::steady_clock::now() - start_).count();
  }

 private:
  std::chrono::steady_clock::time_point start_;
};

}  // namespace orbit::engine
