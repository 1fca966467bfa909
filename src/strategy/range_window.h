// src/strategy/range_window.h
//
// The range of one slot's window (spec §3.5): high/low over the window bars
// (NaN skipped; all NaN gives NaN), size = high - low (never rounded) and the
// freeze close (close of the last window bar).
#pragma once

#include <cstddef>

#include "core/bar_series.h"

namespace orbit::strategy {

struct RangeValues {
  double high;
  double low;
  double size;
  double freeze_close;
};

// REQUIRES: begin < end <= bars.size() (a non-empty window).
RangeValues MeasureRange(const BarSeries& bars, size_t begin, size_t end);

}  // namespace orbit::strategy
