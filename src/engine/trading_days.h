// src/engine/trading_days.h
//
// The trading dates of a bar series (spec §3.1-§3.2): the distinct local
// calendar dates of the bars (equivalent to the reference's 23:00 rule for
// every output, see §3.1), filtered by weekday. One time-zone conversion per
// date and one binary search per date: O(days * log bars), never per bar.
#pragma once

#include <cctz/civil_time.h>

#include <vector>

#include "calendar/time_zone.h"
#include "core/bar_series.h"

namespace orbit::engine {

struct TradingDay {
  cctz::civil_day date;
  size_t first_bar;  // first bar with local date == date
  size_t end_bar;    // one past its last bar
};

// REQUIRES: bars sorted. `trade_days` holds weekdays (Monday = 0).
std::vector<TradingDay> ListTradingDays(const BarSeries& bars, const calendar::TimeZone& zone,
                                        const std::vector<int>& trade_days);

// Monday = 0 ... Sunday = 6.
int WeekdayIndex(const cctz::civil_day& day);

}  // namespace orbit::engine
