// src/strategy/entry.h
//
// Entry detection for one range (spec §4): breakout levels one tick beyond the
// range snapped to the tick grid, the immediate-entry check on the freeze
// close, then the breakout search from the slot end up to the 16:00 cutoff.
#pragma once

#include <cstdint>

#include "calendar/exchange_calendar.h"
#include "calendar/time_zone.h"
#include "core/bar_series.h"
#include "strategy/direction.h"

namespace orbit::strategy {

struct BreakoutLevels {
  double long_level;   // RT(range_high + tick)
  double short_level;  // RT(range_low - tick)
};

BreakoutLevels ComputeBreakoutLevels(double range_high, double range_low, double tick);

struct EntryDecision {
  Direction direction = Direction::kNone;  // kNone = NoTrade
  double price = 0.0;                      // the breakout level taken
  int64_t entry_time_ns = 0;               // slot end when immediate, else the breakout bar
  bool immediate = false;
};

// The entry cutoff of trading date `date` (§4.3): 16:00 local, or the early
// close of an early-close day when an exchange calendar is given (KI-04).
int64_t EntryCutoff(const calendar::TimeZone& zone, const cctz::civil_day& date,
                    const calendar::ExchangeCalendar* exchange_calendar);

// Immediate entry on `freeze_close` (§4.2), else the first bar in
// [slot_end, slot_end + 24 h) whose high >= long level or low <= short level,
// valid only at or before `cutoff_ns` (§4.3). A bar timestamp at which both
// levels are first touched (by one bar, or by several bars sharing it) gives
// NoTrade (KI-13).
EntryDecision DetectEntry(const BarSeries& bars, int64_t slot_end_ns, int64_t cutoff_ns, const BreakoutLevels& levels,
                          double freeze_close);

}  // namespace orbit::strategy
