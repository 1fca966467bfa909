// src/quality/range_inspection.h
//
// InspectRange shows how the strategy sees one (trading date, slot): the range
// window's bounds, the range (MeasureRange), the breakout levels
// (ComputeBreakoutLevels) and the row AnalyzeRange produces (entry, exit,
// result), so the app's data inspection draws the engine's own figures and
// never re-derives a strategy rule.
#pragma once

#include <cctz/civil_time.h>

#include <cstdint>
#include <optional>

#include "calendar/session.h"
#include "core/bar_series.h"
#include "strategy/entry.h"
#include "strategy/range_analysis.h"
#include "strategy/range_window.h"
#include "strategy/trade_row.h"

namespace orbit::quality {

struct RangeInspection {
  int64_t window_start_ns = 0;   // local(date, range start: the session start by default)
  int64_t slot_end_ns = 0;       // local(date, slot end): the window is [start, end)
  int64_t entry_cutoff_ns = 0;   // local(date, 16:00), or the calendar's early close
  // The strategy built a range: false when no bar is in the window (§3.4) or
  // the run's exchange calendar closes the date (KI-04); no row then.
  bool range_exists = false;
  strategy::RangeValues range{};           // the window's bars, measured whenever it holds any
  strategy::BreakoutLevels levels{};       // of `range`
  std::optional<strategy::TradeRow> row;   // AnalyzeRange's row; NoTrade rows included
};

// REQUIRES: as AnalyzeRange (`bars` holds the window and the trade's
// look-ahead). `params.write_no_trade_rows` is ignored: a NoTrade row is
// always returned when the range exists. The window starts at the run's range
// start (RangeStartOf). Errors: those of AnalyzeRange.
RangeInspection InspectRange(const BarSeries& bars, const cctz::civil_day& date, const calendar::SlotSpec& slot,
                             const strategy::RunParams& params, const strategy::RangeContext& ctx);

}  // namespace orbit::quality
