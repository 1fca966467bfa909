#include "strategy/range_window.h"

#include <cmath>

namespace orbit::strategy {

RangeValues MeasureRange(const BarSeries& bars, size_t begin, size_t end) {
  double high = std::nan("");
  double low = std::nan("");
  for (size_t i = begin; i < end; ++i) {
    const double h = bars.high[i];
    const double l = bars.low[i];
    if (!std::isnan(h) && (std::isnan(high) || h > high)) high = h;
    if (!std::isnan(l) && (std::isnan(low) || l < low)) low = l;
  }
  return {high, low, high - low, bars.close[end - 1]};
}

}  // namespace orbit::strategy
