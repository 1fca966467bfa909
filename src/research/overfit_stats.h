// src/research/overfit_stats.h
//
// Overfitting statistics of one group's date x combination P&L matrix
// (issue 24; Bailey, Borwein, Lopez de Prado, Zhu 2017 for PBO by CSCV;
// Bailey and Lopez de Prado 2014 for the Deflated Sharpe Ratio):
//  - daily Sharpe of a column over a set of rows: mean / standard deviation
//    (ddof = 1); 0 when the rows' values are all equal or there are fewer
//    than 2 rows;
//  - PBO by combinatorially symmetric cross-validation: the first T mod S
//    rows are dropped, the rest cut into S contiguous blocks; for each of the
//    C(S, S/2) choices of S/2 train blocks (the complement is the test),
//    n* = the column with the highest train Sharpe (ties: lowest column),
//    w = (average rank of n*'s test Sharpe among all N, 1 = lowest) / (N + 1),
//    lambda = ln(w / (1 - w)); PBO = share of choices with lambda <= 0;
//  - the best column by full-sample Sharpe SR, its Deflated Sharpe Ratio
//    against SR0 = sqrt(V) ((1 - g) Phi^-1(1 - 1/N) + g Phi^-1(1 - 1/(N e)))
//    (V = variance, ddof 1, of all N full-sample Sharpes; SR0 = 0 when N = 1)
//    and its Probabilistic Sharpe Ratio against 0:
//    Phi((SR - SR*) sqrt(T - 1) / sqrt(1 - g3 SR + (g4 - 1) / 4 SR^2)),
//    g3, g4 = population skewness and (non-excess) kurtosis of its daily P&L
//    (0 and 3 when that P&L is constant).
// Cost of PBO: block sums per column, then for each half of the blocks the
// sums of every subset of that half (2 x 2^(S/2) per column, built in chunks
// of columns), so a split costs 3 additions and one Sharpe per column for
// train and for test: O(C(S,S/2) N) after O(T N). Deterministic for any
// thread count (exact counts; ties resolved by column order).
#pragma once

#include <cstddef>
#include <cstdint>
#include <limits>
#include <span>

namespace orbit::research {

inline constexpr int kMinSplits = 2;
inline constexpr int kMaxSplits = 20;

// Mean / standard deviation (ddof 1) of `x`; 0 when all values are equal or
// x.size() < 2.
double DailySharpe(std::span<const double> x);

struct PboResult {
  bool computed = false;  // false when there are fewer rows than splits (then the rest is NaN)
  size_t splits_evaluated = 0;  // C(S, S/2)
  size_t rows_used = 0;         // T - T mod S
  double pbo = std::numeric_limits<double>::quiet_NaN();
  double lambda_median = std::numeric_limits<double>::quiet_NaN();
  double oos_loss_share = std::numeric_limits<double>::quiet_NaN();  // n* with a test sum < 0
};

// PBO of the column-major matrix `values` (rows x cols). REQUIRES: cols >= 1,
// values.size() == rows * cols. `threads` <= 0: all cores.
// Errors: Error(kUsage) naming --splits unless S is even and within
// [kMinSplits, kMaxSplits].
PboResult ComputePbo(std::span<const double> values, size_t rows, size_t cols, int splits, int threads = 0);

struct SharpeStats {
  size_t best_column = 0;
  double sharpe = 0;  // the best column's full-sample daily Sharpe
  double skewness = 0, kurtosis = 3;
  double sharpe_variance = 0;  // V
  double sr0 = 0;
  double dsr = std::numeric_limits<double>::quiet_NaN();  // NaN when the variance term is not positive
  double psr = std::numeric_limits<double>::quiet_NaN();
};

// REQUIRES: cols >= 1, values.size() == rows * cols.
SharpeStats ComputeSharpeStats(std::span<const double> values, size_t rows, size_t cols);

// The standard normal CDF and its inverse (Boost.Math).
double NormalCdf(double z);
double NormalQuantile(double p);

}  // namespace orbit::research
