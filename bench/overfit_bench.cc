// PBO (CSCV) and Deflated Sharpe timing on a random matrix (issue 24's target:
// 10,000 combinations x 5,000 days, S = 16, in <= 5 s on 2 cores).
//   orbit_bench_overfit [combos] [days] [splits] [threads]
#include <chrono>
#include <ctime>
#include <cstdio>
#include <cstdlib>
#include <random>
#include <vector>

#include "research/overfit_stats.h"

int main(int argc, char** argv) {
  const size_t cols = argc > 1 ? std::strtoull(argv[1], nullptr, 10) : 10000;
  const size_t rows = argc > 2 ? std::strtoull(argv[2], nullptr, 10) : 5000;
  const int splits = argc > 3 ? std::atoi(argv[3]) : 16;
  const int threads = argc > 4 ? std::atoi(argv[4]) : 0;
  std::mt19937_64 rng(7);
  std::normal_distribution<double> noise(0.0, 100.0);
  std::vector<double> values(rows * cols);
  for (double& v : values) v = noise(rng);
  using Clock = std::chrono::steady_clock;
  const std::clock_t c0 = std::clock();
  const auto t0 = Clock::now();
  const orbit::research::PboResult pbo = orbit::research::ComputePbo(values, rows, cols, splits, threads);
  const auto t1 = Clock::now();
  const std::clock_t c1 = std::clock();
  const orbit::research::SharpeStats st = orbit::research::ComputeSharpeStats(values, rows, cols);
  const auto t2 = Clock::now();
  std::printf("%zu combos x %zu days, S=%d, threads=%d: PBO %.4f (%zu splits) in %.3f s wall, %.3f s CPU; "
              "DSR %.4f in %.3f s\n",
              cols, rows, splits, threads, pbo.pbo, pbo.splits_evaluated, std::chrono::duration<double>(t1 - t0).count(),
              static_cast<double>(c1 - c0) / CLOCKS_PER_SEC, st.dsr, std::chrono::duration<double>(t2 - t1).count());
  return 0;
}
