// src/core/pairwise_sum.h
//
// The sum of n doubles in numpy's order (pairwise summation with 8-way
// unrolled blocks of at most 128), so totals computed here equal, bit for bit,
// the reference's `Series.sum()` / `np.sum` (analyzer profit totals, the master
// matrix's statistics).
#pragma once

#include <cstddef>

namespace orbit {

inline double PairwiseSum(const double* a, size_t n) {
  if (n < 8) {
    double res = 0.0;
    for (size_t i = 0; i < n; ++i) res += a[i];
    return res;
  }
  if (n <= 128) {
    double r[8];
    for (size_t j = 0; j < 8; ++j) r[j] = a[j];
    size_t i = 8;
    for (; i < n - (n % 8); i += 8)
      for (size_t j = 0; j < 8; ++j) r[j] += a[i + j];
    double res = ((r[0] + r[1]) + (r[2] + r[3])) + ((r[4] + r[5]) + (r[6] + r[7]));
    for (; i < n; ++i) res += a[i];
    return res;
  }
  size_t n2 = n / 2;
  n2 -= n2 % 8;
  return PairwiseSum(a, n2) + PairwiseSum(a + n2, n - n2);
}

}  // namespace orbit
