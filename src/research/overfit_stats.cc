#include "research/overfit_stats.h"

#include <boost/math/distributions/normal.hpp>

#include <algorithm>
#include <bit>
#include <cmath>
#include <numbers>
#include <vector>

#include "core/error.h"
#include "core/parallel_for.h"

namespace orbit::research {
namespace {

constexpr double kEulerGamma = 0.5772156649;

bool AllEqual(std::span<const double> x) {
  for (double v : x)
    if (v != x[0]) return false;
  return true;
}

// Sharpe over n rows from the sums of x, y = x - shift and y^2 (shift: the
// column's mean, which keeps the variance's subtraction small). The same
// expression serves the vectorised loops and single columns, so equal inputs
// give bit-equal Sharpes.
// Branch-free so the loops over a chunk of columns vectorise without
// -fno-trapping-math: the quotient is always computed from a positive
// variance (clamped at 1e-300, far below any variance of USD amounts) and
// multiplied by 0 when the variance is not positive (giving +-0).
inline double SharpeFromSums(double inv_n, double inv_n1, double sx, double sy, double sy2) {
  const double var = (sy2 - sy * sy * inv_n) * inv_n1;
  const double positive = var > 0 ? 1.0 : 0.0;
  return (sx * inv_n) / std::sqrt(std::max(var, 1e-300)) * positive;
}

// The C(S, S/2) train masks (bit j = block j), ascending.
std::vector<uint32_t> TrainMasks(int splits) {
  std::vector<uint32_t> masks;
  for (uint32_t m = 0; m < (1u << splits); ++m)
    if (std::popcount(m) == splits / 2) masks.push_back(m);
  return masks;
}

// Per-block sums of every column, and which blocks are constant.
struct Blocks {
  int S = 0;
  size_t N = 0, b = 0;
  std::vector<double> sx, sy, sy2;  // [j * N + c]
  // Column c's constant classes: blocks whose values all equal one value v,
  // one bit mask per distinct v: class_mask[class_begin[c] .. class_begin[c + 1]).
  std::vector<size_t> class_begin;
  std::vector<uint32_t> class_mask;

  bool ConstantOver(size_t c, uint32_t mask) const {
    for (size_t i = class_begin[c]; i < class_begin[c + 1]; ++i)
      if ((class_mask[i] & mask) == mask) return true;
    return false;
  }
  // Sum of quantity q over the blocks of `mask`, in the order the subset
  // tables add them (each half's blocks from the highest to the lowest, low half first).
  double SubsetSum(const std::vector<double>& q, size_t c, uint32_t mask) const {
    const int h = S / 2;
    double half[2] = {0.0, 0.0};
    for (int part = 0; part < 2; ++part)
      for (int j = h - 1; j >= 0; --j)
        if (mask >> (part * h + j) & 1u) half[part] += q[static_cast<size_t>(part * h + j) * N + c];
    return half[0] + half[1];
  }
  double Sharpe(size_t c, uint32_t mask) const {
    if (ConstantOver(c, mask)) return 0.0;
    const double n = static_cast<double>(b) * (S / 2);
    return SharpeFromSums(1.0 / n, 1.0 / (n - 1), SubsetSum(sx, c, mask), SubsetSum(sy, c, mask),
                          SubsetSum(sy2, c, mask));
  }
};

Blocks MakeBlocks(std::span<const double> values, size_t rows, size_t cols, int S) {
  Blocks B;
  B.S = S;
  B.N = cols;
  B.b = rows / static_cast<size_t>(S);
  const size_t first = rows % static_cast<size_t>(S), used = B.b * static_cast<size_t>(S);
  B.sx.assign(static_cast<size_t>(S) * cols, 0.0);
  B.sy = B.sx;
  B.sy2 = B.sx;
  B.class_begin.assign(cols + 1, 0);
  std::vector<std::pair<double, uint32_t>> classes;
  for (size_t c = 0; c < cols; ++c) {
    const double* col = values.data() + c * rows + first;
    double total = 0;
    for (size_t i = 0; i < used; ++i) total += col[i];
    const double shift = total / static_cast<double>(used);
    classes.clear();
    for (int j = 0; j < S; ++j) {
      const double* x = col + static_cast<size_t>(j) * B.b;
      double s = 0, t = 0, t2 = 0;
      bool constant = true;
      for (size_t i = 0; i < B.b; ++i) {
        s += x[i];
        const double y = x[i] - shift;
        t += y;
        t2 += y * y;
        constant = constant && x[i] == x[0];
      }
      const size_t at = static_cast<size_t>(j) * cols + c;
      B.sx[at] = s;
      B.sy[at] = t;
      B.sy2[at] = t2;
      if (!constant) continue;
      auto it = std::find_if(classes.begin(), classes.end(), [&](const auto& k) { return k.first == x[0]; });
      if (it == classes.end()) classes.emplace_back(x[0], 0u), it = classes.end() - 1;
      it->second |= 1u << j;
    }
    for (const auto& k : classes) B.class_mask.push_back(k.second);
    B.class_begin[c + 1] = B.class_mask.size();
  }
  return B;
}

// One worker's subset tables for a chunk of K columns: for each quantity and
// each half, table[m * K + k] = sum over the half's blocks in m.
class SubsetTables {
 public:
  SubsetTables(const Blocks& B, size_t K) : B_(B), K_(K), h_(B.S / 2) {
    for (auto& t : tables_) t.assign((size_t{1} << h_) * K, 0.0);
  }
  void Build(size_t c0, size_t k_count) {
    const std::vector<double>* q[3] = {&B_.sx, &B_.sy, &B_.sy2};
    for (int quantity = 0; quantity < 3; ++quantity)
      for (int part = 0; part < 2; ++part) {
        double* t = tables_[quantity * 2 + part].data();
        std::fill(t, t + k_count, 0.0);
        for (uint32_t m = 1; m < (1u << h_); ++m) {
          const double* prev = t + static_cast<size_t>(m & (m - 1)) * K_;
          const double* blk = q[quantity]->data() + static_cast<size_t>(part * h_ + std::countr_zero(m)) * B_.N + c0;
          double* out = t + static_cast<size_t>(m) * K_;
          for (size_t k = 0; k < k_count; ++k) out[k] = prev[k] + blk[k];
        }
      }
  }
  // Sharpe of the chunk's columns over the blocks of `mask`, into out[0..k_count).
  void Sharpes(uint32_t mask, size_t c0, size_t k_count, double* out) const {
    const uint32_t lo = mask & ((1u << h_) - 1), hi = mask >> h_;
    const double n = static_cast<double>(B_.b) * h_;
    const double inv_n = 1.0 / n, inv_n1 = 1.0 / (n - 1);
    const double *x0 = Row(0, 0, lo), *x1 = Row(0, 1, hi), *y0 = Row(1, 0, lo), *y1 = Row(1, 1, hi),
                 *z0 = Row(2, 0, lo), *z1 = Row(2, 1, hi);
    for (size_t k = 0; k < k_count; ++k)
      out[k] = SharpeFromSums(inv_n, inv_n1, x0[k] + x1[k], y0[k] + y1[k], z0[k] + z1[k]);
    for (size_t k = 0; k < k_count; ++k)
      if (B_.class_begin[c0 + k] != B_.class_begin[c0 + k + 1] && B_.ConstantOver(c0 + k, mask)) out[k] = 0.0;
  }

 private:
  const double* Row(int quantity, int part, uint32_t m) const {
    return tables_[quantity * 2 + part].data() + static_cast<size_t>(m) * K_;
  }
  const Blocks& B_;
  size_t K_;
  int h_;
  std::vector<double> tables_[6];
};

// Runs work(worker, c0, k_count, tables, sharpe) for every chunk of K
// columns on `threads` workers (ParallelFor): `tables` built for columns
// [c0, c0 + k_count), `sharpe` a buffer of K for the worker's use.
template <typename Work>
void ForColumnChunks(const Blocks& B, size_t cols, size_t K, int threads, Work work) {
  ParallelFor((cols + K - 1) / K, threads, [&](size_t chunk, size_t worker) {
    thread_local std::vector<double> sharpe;
    SubsetTables tables(B, K);
    const size_t c0 = chunk * K, k_count = std::min(K, cols - c0);
    tables.Build(c0, k_count);
    sharpe.resize(K);
    work(static_cast<int>(worker), c0, k_count, tables, sharpe.data());
  });
}

}  // namespace

double DailySharpe(std::span<const double> x) {
  if (x.size() < 2 || AllEqual(x)) return 0.0;
  double sum = 0;
  for (double v : x) sum += v;
  const double mean = sum / static_cast<double>(x.size());
  double ss = 0;
  for (double v : x) ss += (v - mean) * (v - mean);
  const double sd = std::sqrt(ss / static_cast<double>(x.size() - 1));
  return sd > 0 ? mean / sd : 0.0;
}

PboResult ComputePbo(std::span<const double> values, size_t rows, size_t cols, int splits, int threads) {
  if (splits < kMinSplits || splits > kMaxSplits || splits % 2 != 0)
    ThrowUsage("--splits " + std::to_string(splits) + ": expected an even number from " +
               std::to_string(kMinSplits) + " to " + std::to_string(kMaxSplits));
  ORBIT_DCHECK(cols >= 1 && values.size() == rows * cols);
  PboResult r;
  if (rows < static_cast<size_t>(splits)) return r;
  const Blocks B = MakeBlocks(values, rows, cols, splits);
  const std::vector<uint32_t> masks = TrainMasks(splits);
  const uint32_t all = (1u << splits) - 1;
  const size_t n_splits = masks.size();
  // Chunk of columns whose six subset tables stay around 1.5 MB.
  const size_t table_rows = size_t{1} << (splits / 2);
  const size_t K = std::clamp<size_t>((size_t{1} << 18) / (6 * table_rows) / 8 * 8, 8, 512);
  const size_t chunks = (cols + K - 1) / K;
  if (threads <= 0) threads = HardwareThreads();
  threads = static_cast<int>(std::min<size_t>(static_cast<size_t>(threads), chunks));

  // Pass 1: n* of every split (highest train Sharpe, ties: lowest column).
  std::vector<std::vector<double>> best_value(threads, std::vector<double>(n_splits, -HUGE_VAL));
  std::vector<std::vector<size_t>> best_column(threads, std::vector<size_t>(n_splits, SIZE_MAX));
  ForColumnChunks(B, cols, K, threads, [&](int w, size_t c0, size_t k_count, SubsetTables& tables, double* sharpe) {
    for (size_t s = 0; s < n_splits; ++s) {
      tables.Sharpes(masks[s], c0, k_count, sharpe);
      size_t arg = 0;
      for (size_t k = 1; k < k_count; ++k)
        if (sharpe[k] > sharpe[arg]) arg = k;
      double& bv = best_value[w][s];
      size_t& bc = best_column[w][s];
      if (sharpe[arg] > bv || (sharpe[arg] == bv && c0 + arg < bc)) bv = sharpe[arg], bc = c0 + arg;
    }
  });
  std::vector<size_t> star(n_splits);
  for (size_t s = 0; s < n_splits; ++s) {
    double bv = -HUGE_VAL;
    size_t bc = SIZE_MAX;
    for (int w = 0; w < threads; ++w)
      if (best_value[w][s] > bv || (best_value[w][s] == bv && best_column[w][s] < bc))
        bv = best_value[w][s], bc = best_column[w][s];
    star[s] = bc;
  }

  // Pass 2: rank of n*'s test Sharpe among all columns' test Sharpes.
  std::vector<double> star_test(n_splits);
  size_t losses = 0;
  for (size_t s = 0; s < n_splits; ++s) {
    const uint32_t test = all & ~masks[s];
    star_test[s] = B.Sharpe(star[s], test);
    losses += B.SubsetSum(B.sx, star[s], test) < 0 ? 1 : 0;
  }
  std::vector<std::vector<size_t>> less(threads, std::vector<size_t>(n_splits, 0)), equal = less;
  ForColumnChunks(B, cols, K, threads, [&](int w, size_t c0, size_t k_count, SubsetTables& tables, double* sharpe) {
    for (size_t s = 0; s < n_splits; ++s) {
      tables.Sharpes(all & ~masks[s], c0, k_count, sharpe);
      const double v = star_test[s];
      size_t lt = 0, eq = 0;
      for (size_t k = 0; k < k_count; ++k) {
        lt += sharpe[k] < v ? 1 : 0;
        eq += sharpe[k] == v ? 1 : 0;
      }
      less[w][s] += lt;
      equal[w][s] += eq;
    }
  });
  std::vector<double> lambda(n_splits);
  size_t overfit = 0;
  for (size_t s = 0; s < n_splits; ++s) {
    size_t lt = 0, eq = 0;
    for (int w = 0; w < threads; ++w) lt += less[w][s], eq += equal[w][s];
    const double rank = static_cast<double>(lt) + static_cast<double>(eq + 1) / 2.0;
    const double omega = rank / static_cast<double>(cols + 1);
    lambda[s] = std::log(omega / (1.0 - omega));
    overfit += 2 * lt + eq <= cols ? 1 : 0;  // rank <= (N + 1) / 2, i.e. lambda <= 0, exactly
  }
  std::sort(lambda.begin(), lambda.end());
  r.computed = true;
  r.splits_evaluated = n_splits;
  r.rows_used = B.b * static_cast<size_t>(splits);
  r.pbo = static_cast<double>(overfit) / static_cast<double>(n_splits);
  r.lambda_median = n_splits % 2 ? lambda[n_splits / 2] : (lambda[n_splits / 2 - 1] + lambda[n_splits / 2]) / 2.0;
  r.oos_loss_share = static_cast<double>(losses) / static_cast<double>(n_splits);
  return r;
}

SharpeStats ComputeSharpeStats(std::span<const double> values, size_t rows, size_t cols) {
  ORBIT_DCHECK(cols >= 1 && values.size() == rows * cols);
  SharpeStats st;
  std::vector<double> sharpe(cols);
  for (size_t c = 0; c < cols; ++c) {
    sharpe[c] = DailySharpe(values.subspan(c * rows, rows));
    if (sharpe[c] > sharpe[st.best_column]) st.best_column = c;
  }
  st.sharpe = sharpe[st.best_column];
  if (cols >= 2) {
    double sum = 0;
    for (double s : sharpe) sum += s;
    const double mean = sum / static_cast<double>(cols);
    double ss = 0;
    for (double s : sharpe) ss += (s - mean) * (s - mean);
    st.sharpe_variance = ss / static_cast<double>(cols - 1);
    const double n = static_cast<double>(cols);
    st.sr0 = std::sqrt(st.sharpe_variance) * ((1 - kEulerGamma) * NormalQuantile(1 - 1 / n) +
                                              kEulerGamma * NormalQuantile(1 - 1 / (n * std::numbers::e)));
  }
  const std::span<const double> x = values.subspan(st.best_column * rows, rows);
  if (rows >= 1 && !AllEqual(x)) {
    const double T = static_cast<double>(rows);
    double sum = 0;
    for (double v : x) sum += v;
    const double mean = sum / T;
    double m2 = 0, m3 = 0, m4 = 0;
    for (double v : x) {
      const double d = v - mean, d2 = d * d;
      m2 += d2;
      m3 += d2 * d;
      m4 += d2 * d2;
    }
    m2 /= T, m3 /= T, m4 /= T;
    st.skewness = m3 / std::pow(m2, 1.5);
    st.kurtosis = m4 / (m2 * m2);
  }
  const double radicand = 1 - st.skewness * st.sharpe + (st.kurtosis - 1) / 4 * st.sharpe * st.sharpe;
  if (radicand > 0 && rows >= 1) {
    const double scale = std::sqrt(static_cast<double>(rows) - 1) / std::sqrt(radicand);
    st.dsr = NormalCdf((st.sharpe - st.sr0) * scale);
    st.psr = NormalCdf(st.sharpe * scale);
  }
  return st;
}

double NormalCdf(double z) {
  if (std::isnan(z)) return z;
  if (std::isinf(z)) return z > 0 ? 1.0 : 0.0;
  return boost::math::cdf(boost::math::normal_distribution<double>(), z);
}

double NormalQuantile(double p) {
  if (!(p > 0 && p < 1)) return p == 0 ? -HUGE_VAL : p == 1 ? HUGE_VAL : std::nan("");
  return boost::math::quantile(boost::math::normal_distribution<double>(), p);
}

}  // namespace orbit::research
