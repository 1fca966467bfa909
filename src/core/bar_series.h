// src/core/bar_series.h
//
// BarSeries is a read-only, column-oriented view of one instrument's bars.
//
// Invariants: (1) all five spans have the same length;
//             (2) ts_ns is sorted ascending (ties keep input order);
//             (3) ts_ns are instants (UTC ns), never wall-clock readings.
// The view owns nothing: the storage (an source::BarColumns, a streamed chunk, an
// Arrow array) must outlive it. Every search is a binary search over ts_ns.
#pragma once

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <span>

#include "core/error.h"

namespace orbit {

struct BarSeries {
  std::span<const int64_t> ts_ns;
  std::span<const double> open, high, low, close;

  size_t size() const { return ts_ns.size(); }
  bool empty() const { return ts_ns.empty(); }

  // Index of the first bar with ts >= t (size() if none).
  size_t LowerBound(int64_t t) const {
    return static_cast<size_t>(std::lower_bound(ts_ns.begin(), ts_ns.end(), t) - ts_ns.begin());
  }
  // Same, searching only from `from` on. REQUIRES: from <= size().
  size_t LowerBoundFrom(size_t from, int64_t t) const {
    ORBIT_DCHECK(from <= size());
    return static_cast<size_t>(std::lower_bound(ts_ns.begin() + static_cast<std::ptrdiff_t>(from), ts_ns.end(), t) -
                               ts_ns.begin());
  }
};

}  // namespace orbit
