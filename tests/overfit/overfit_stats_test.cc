// research::ComputePbo against a direct computation that, for every split,
// gathers the train and test rows and computes every column's Sharpe from
// them (no block sums, no subset tables); ComputeSharpeStats edge cases.
#include <gtest/gtest.h>

#include <algorithm>
#include <bit>
#include <cmath>
#include <random>
#include <vector>

#include "orbit/error.h"
#include "research/overfit_stats.h"

namespace orbit::research {
namespace {

struct Direct {
  double pbo, lambda_median, oos_loss_share;
};

Direct DirectPbo(const std::vector<double>& v, size_t rows, size_t cols, int S) {
  const size_t b = rows / S, first = rows % S;
  std::vector<double> lambdas;
  size_t overfit = 0, losses = 0, splits = 0;
  for (uint32_t m = 0; m < (1u << S); ++m) {
    if (std::popcount(m) != S / 2) continue;
    ++splits;
    std::vector<double> train(cols), test(cols), test_sum(cols, 0.0);
    for (size_t c = 0; c < cols; ++c) {
      std::vector<double> tr, te;
      for (int j = 0; j < S; ++j)
        for (size_t i = 0; i < b; ++i) (m >> j & 1 ? tr : te).push_back(v[c * rows + first + j * b + i]);
      train[c] = DailySharpe(tr);
      test[c] = DailySharpe(te);
      for (double x : te) test_sum[c] += x;
    }
    const size_t star = static_cast<size_t>(std::max_element(train.begin(), train.end()) - train.begin());
    double lt = 0, eq = 0;
    for (size_t c = 0; c < cols; ++c) {
      // Values equal up to rounding count as ties (the block sums round differently).
      if (std::fabs(test[c] - test[star]) <= 1e-12 * (1 + std::fabs(test[star]))) ++eq;
      else if (test[c] < test[star]) ++lt;
    }
    const double omega = (lt + (eq + 1) / 2) / (cols + 1.0);
    lambdas.push_back(std::log(omega / (1 - omega)));
    overfit += lambdas.back() <= 1e-15 ? 1 : 0;
    losses += test_sum[star] < 0 ? 1 : 0;
  }
  std::sort(lambdas.begin(), lambdas.end());
  const size_t n = lambdas.size();
  return {static_cast<double>(overfit) / splits, (lambdas[n / 2 - 1] + lambdas[n / 2]) / 2,
          static_cast<double>(losses) / splits};
}

std::vector<double> Random(size_t rows, size_t cols, uint64_t seed, double edge_step = 0) {
  std::mt19937_64 rng(seed);
  std::normal_distribution<double> noise(0, 50);
  std::vector<double> v(rows * cols);
  for (size_t c = 0; c < cols; ++c)
    for (size_t t = 0; t < rows; ++t) v[c * rows + t] = std::round(noise(rng) + edge_step * c) * 12.5;
  return v;
}

void ExpectSame(const std::vector<double>& v, size_t rows, size_t cols, int S) {
  const Direct d = DirectPbo(v, rows, cols, S);
  for (int threads : {1, 2, 3}) {
    const PboResult r = ComputePbo(v, rows, cols, S, threads);
    ASSERT_TRUE(r.computed);
    EXPECT_EQ(r.pbo, d.pbo) << threads;
    EXPECT_NEAR(r.lambda_median, d.lambda_median, 1e-12);
    EXPECT_EQ(r.oos_loss_share, d.oos_loss_share);
    EXPECT_EQ(r.rows_used, rows - rows % S);
  }
}

TEST(OverfitPbo, EqualsDirectComputationOnRandomColumns) { ExpectSame(Random(203, 37, 1), 203, 37, 8); }

TEST(OverfitPbo, EqualsDirectComputationWithTiesAndConstantColumns) {
  const size_t rows = 97, cols = 12;
  std::vector<double> v = Random(rows, cols, 2);
  std::copy_n(v.begin() + 2 * rows, rows, v.begin() + 5 * rows);  // column 5 == column 2: ties everywhere
  std::fill_n(v.begin() + 7 * rows, rows, 0.0);                  // never trades
  std::fill_n(v.begin() + 8 * rows, rows, 37.5);                 // constant, not zero
  std::fill_n(v.begin() + 9 * rows + 40, 30, 0.0);               // constant in some blocks only
  // Column 11 equals column 4 on the first half of the rows only: the split training on that half
  // ties them, and the lower column must be n* (their test Sharpes differ).
  std::copy_n(v.begin() + 4 * rows, rows / 2 + 1, v.begin() + 11 * rows);
  ExpectSame(v, rows, cols, 6);
  ExpectSame(v, rows, cols, 4);
}

TEST(OverfitPbo, TrainTiesGoToTheLowestColumn) {
  // Two columns equal on block 0; on block 1 column 0 loses and column 1 wins. Training on block 0
  // ties them: n* = column 0, last in the test (w = 1/3, lambda < 0). Training on block 1: n* =
  // column 1, tied in the test (average rank 1.5, w = 1/2, lambda = 0). PBO = 1; choosing the
  // higher column on the tie would give 1/2.
  const std::vector<double> v = {10, -5, 20, 12.5, -20, -5, -30, -7.5,  // column 0
                                 10, -5, 20, 12.5, 25, 5, 40, 7.5};     // column 1
  for (int threads : {1, 2}) {
    const PboResult r = ComputePbo(v, 8, 2, 2, threads);
    EXPECT_EQ(r.pbo, 1.0);
    EXPECT_EQ(r.oos_loss_share, 0.5);  // column 0 loses on block 1; column 1 earns on block 0
    EXPECT_NEAR(r.lambda_median, std::log(0.5) / 2, 1e-15);  // (ln(1/2) + 0) / 2
  }
  const Direct d = DirectPbo(v, 8, 2, 2);
  EXPECT_EQ(d.pbo, 1.0);
}

TEST(OverfitPbo, ChunksAndThreadsDoNotChangeTheResult) {
  // More columns than one chunk holds (512 at most), so chunks merge.
  const size_t rows = 64, cols = 1300;
  const std::vector<double> v = Random(rows, cols, 3, 0.001);
  const PboResult one = ComputePbo(v, rows, cols, 8, 1), two = ComputePbo(v, rows, cols, 8, 2);
  EXPECT_EQ(one.pbo, two.pbo);
  EXPECT_EQ(one.lambda_median, two.lambda_median);
  EXPECT_EQ(one.oos_loss_share, two.oos_loss_share);
  const Direct d = DirectPbo(v, rows, cols, 8);
  EXPECT_EQ(one.pbo, d.pbo);
}

TEST(OverfitPbo, OneColumnIsAlwaysAtTheMedian) {
  const std::vector<double> v = Random(50, 1, 4);
  const PboResult r = ComputePbo(v, 50, 1, 4, 1);
  EXPECT_EQ(r.pbo, 1.0);  // w = 1/2, lambda = 0 <= 0
  EXPECT_EQ(r.lambda_median, 0.0);
  EXPECT_EQ(r.splits_evaluated, 6u);
}

TEST(OverfitPbo, FewerRowsThanSplitsIsNotComputed) {
  const std::vector<double> v = Random(5, 3, 5);
  const PboResult r = ComputePbo(v, 5, 3, 16, 1);
  EXPECT_FALSE(r.computed);
  EXPECT_TRUE(std::isnan(r.pbo));
}

TEST(OverfitPbo, RejectsOddOrOutOfRangeSplits) {
  const std::vector<double> v = Random(40, 2, 6);
  for (int s : {0, 3, 22, -2}) {
    try {
      ComputePbo(v, 40, 2, s, 1);
      ADD_FAILURE() << s;
    } catch (const Error& e) {
      EXPECT_EQ(e.kind(), ErrorKind::kUsage);
      EXPECT_NE(std::string(e.what()).find("--splits"), std::string::npos);
    }
  }
}

TEST(OverfitSharpe, ConstantAndShortSeriesHaveZeroSharpe) {
  EXPECT_EQ(DailySharpe(std::vector<double>{0.1, 0.1, 0.1}), 0.0);
  EXPECT_EQ(DailySharpe(std::vector<double>{5.0}), 0.0);
  EXPECT_DOUBLE_EQ(DailySharpe(std::vector<double>{1, 2, 3}), 2.0);  // mean 2, sd 1
}

TEST(OverfitSharpe, DeflatedSharpeFollowsTheFormula) {
  const size_t rows = 300, cols = 25;
  const std::vector<double> v = Random(rows, cols, 7, 0.2);
  const SharpeStats st = ComputeSharpeStats(v, rows, cols);
  std::vector<double> sr(cols);
  for (size_t c = 0; c < cols; ++c) sr[c] = DailySharpe({v.data() + c * rows, rows});
  const size_t best = static_cast<size_t>(std::max_element(sr.begin(), sr.end()) - sr.begin());
  EXPECT_EQ(st.best_column, best);
  double mean = 0, var = 0;
  for (double s : sr) mean += s / cols;
  for (double s : sr) var += (s - mean) * (s - mean) / (cols - 1);
  EXPECT_NEAR(st.sharpe_variance, var, 1e-14);
  const double g = 0.5772156649;
  const double sr0 = std::sqrt(var) * ((1 - g) * NormalQuantile(1 - 1.0 / cols) +
                                       g * NormalQuantile(1 - 1.0 / (cols * std::exp(1.0))));
  EXPECT_NEAR(st.sr0, sr0, 1e-14);
  EXPECT_GT(st.sr0, 0);
  EXPECT_LT(st.dsr, st.psr);  // deflation lowers the probability
  EXPECT_NEAR(NormalCdf(0), 0.5, 1e-16);
  EXPECT_NEAR(NormalQuantile(0.975), 1.959963984540054, 1e-14);
}

TEST(OverfitSharpe, OneColumnHasNoDeflation) {
  const std::vector<double> v = Random(100, 1, 8, 0);
  const SharpeStats st = ComputeSharpeStats(v, 100, 1);
  EXPECT_EQ(st.sr0, 0.0);
  EXPECT_EQ(st.dsr, st.psr);
}

TEST(OverfitSharpe, ConstantBestColumnCountsAsNormal) {
  const std::vector<double> v(40, 0.0);
  const SharpeStats st = ComputeSharpeStats(v, 20, 2);
  EXPECT_EQ(st.best_column, 0u);
  EXPECT_EQ(st.sharpe, 0.0);
  EXPECT_EQ(st.skewness, 0.0);
  EXPECT_EQ(st.kurtosis, 3.0);
  EXPECT_EQ(st.dsr, 0.5);
  EXPECT_EQ(st.psr, 0.5);
}

}  // namespace
}  // namespace orbit::research
