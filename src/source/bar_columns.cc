#include "source/bar_columns.h"

#include <algorithm>
#include <numeric>

namespace orbit::source {

void BarColumns::Reserve(size_t n) {
  ts_ns.reserve(n);
  open.reserve(n);
  high.reserve(n);
  low.reserve(n);
  close.reserve(n);
}

void BarColumns::SortByTime() {
  if (std::is_sorted(ts_ns.begin(), ts_ns.end())) return;
  std::vector<size_t> order(ts_ns.size());
  std::iota(order.begin(), order.end(), size_t{0});
  std::stable_sort(order.begin(), order.end(), [&](size_t a, size_t b) { return ts_ns[a] < ts_ns[b]; });
  auto permute = [&](auto& column) {
    std::remove_reference_t<decltype(column)> sorted(column.size());
    for (size_t i = 0; i < order.size(); ++i) sorted[i] = column[order[i]];
    column.swap(sorted);
  };
  permute(ts_ns);
  permute(open);
  permute(high);
  permute(low);
  permute(close);
}

size_t BarColumns::CountDuplicateTimestamps() const {
  size_t dups = 0;
  for (size_t i = 1; i < ts_ns.size(); ++i)
    if (ts_ns[i] == ts_ns[i - 1]) ++dups;
  return dups;
}

size_t BarColumns::DropDuplicateTimestamps(bool keep_last) {
  size_t out = 0;
  const size_t n = ts_ns.size();
  for (size_t i = 0; i < n; ++i) {
    const bool last_of_run = i + 1 == n || ts_ns[i + 1] != ts_ns[i];
    const bool first_of_run = i == 0 || ts_ns[i - 1] != ts_ns[i];
    if (keep_last ? !last_of_run : !first_of_run) continue;
    ts_ns[out] = ts_ns[i];
    open[out] = open[i];
    high[out] = high[i];
    low[out] = low[i];
    close[out] = close[i];
    ++out;
  }
  const size_t dropped = n - out;
  ts_ns.resize(out);
  open.resize(out);
  high.resize(out);
  low.resize(out);
  close.resize(out);
  return dropped;
}

}  // namespace orbit::source
