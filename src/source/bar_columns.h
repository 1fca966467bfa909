// src/source/bar_columns.h
//
// BarColumns owns one instrument's bars as five parallel vectors (struct of
// arrays: 40 bytes per bar). After SortByTime() its view() satisfies the
// BarSeries invariants.
#pragma once

#include <cstdint>
#include <vector>

#include "core/bar_series.h"

namespace orbit::source {

struct BarColumns {
  std::vector<int64_t> ts_ns;
  std::vector<double> open, high, low, close;

  size_t size() const { return ts_ns.size(); }
  void Reserve(size_t n);
  void Append(int64_t ts, double o, double h, double l, double c) {
    ts_ns.push_back(ts);
    open.push_back(o);
    high.push_back(h);
    low.push_back(l);
    close.push_back(c);
  }
  // Appends n rows given as columns (one copy per column).
  void AppendRows(const int64_t* ts, const double* const prices[4], size_t n) {
    ts_ns.insert(ts_ns.end(), ts, ts + n);
    open.insert(open.end(), prices[0], prices[0] + n);
    high.insert(high.end(), prices[1], prices[1] + n);
    low.insert(low.end(), prices[2], prices[2] + n);
    close.insert(close.end(), prices[3], prices[3] + n);
  }
  // Stable sort by timestamp (ties keep input order, spec §1.5 / KI-27). A
  // no-op pass when already sorted, which is the common case.
  void SortByTime();
  // Keeps rows [keep_begin, keep_end) of each run of equal timestamps'
  // choice: first (keep_last = false) or last. REQUIRES: sorted.
  size_t DropDuplicateTimestamps(bool keep_last);
  size_t CountDuplicateTimestamps() const;  // REQUIRES: sorted
  size_t MemoryBytes() const { return ts_ns.capacity() * 8 + (open.capacity() + high.capacity() + low.capacity() + close.capacity()) * 8; }

  BarSeries view() const { return {ts_ns, open, high, low, close}; }
};

}  // namespace orbit::source
