#include "strategy/entry.h"

#include <cmath>

#include "calendar/time_zone.h"
#include "core/rounding.h"

namespace orbit::strategy {

BreakoutLevels ComputeBreakoutLevels(double range_high, double range_low, double tick) {
  return {RoundToTick(range_high + tick, tick), RoundToTick(range_low - tick, tick)};
}

int64_t EntryCutoff(const calendar::TimeZone& zone, const cctz::civil_day& date,
                    const calendar::ExchangeCalendar* exchange_calendar) {
  calendar::LocalTime cutoff = calendar::kEntryCutoff;
  if (exchange_calendar != nullptr) {
    const std::optional<calendar::LocalTime> early = exchange_calendar->EarlyClose(date);
    if (early && early->hhmm() < cutoff.hhmm()) cutoff = *early;
  }
  return zone.ToInstant(date, cutoff.hour, cutoff.minute, 0);
}

EntryDecision DetectEntry(const BarSeries& bars, int64_t slot_end_ns, int64_t cutoff_ns, const BreakoutLevels& levels,
                          double freeze_close) {
  const double fc = freeze_close;
  const double bl = levels.long_level;
  const double bs = levels.short_level;
  EntryDecision d;
  if (fc >= bl && fc <= bs) {
    const bool long_side = std::fabs(fc - bl) <= std::fabs(fc - bs);
    d.direction = long_side ? Direction::kLong : Direction::kShort;
    d.price = long_side ? bl : bs;
  } else if (fc >= bl) {
    d.direction = Direction::kLong;
    d.price = bl;
  } else if (fc <= bs) {
    d.direction = Direction::kShort;
    d.price = bs;
  }
  if (d.direction != Direction::kNone) {
    d.entry_time_ns = slot_end_ns;
    d.immediate = true;
    return d;
  }

  // Candidates: slot_end <= ts < slot_end + 24 h. A touch after the cutoff is
  // invalid, and so is anything after an earlier touch, so the scan ends at the
  // first touching timestamp or at the cutoff, whichever comes first.
  const int64_t candidates_end = slot_end_ns + calendar::kNanosPerDay;
  const size_t n = bars.size();
  for (size_t i = bars.LowerBound(slot_end_ns); i < n; ++i) {
    const int64_t t = bars.ts_ns[i];
    if (t >= candidates_end || t > cutoff_ns) break;
    bool touched_long = bars.high[i] >= bl;
    bool touched_short = bars.low[i] <= bs;
    if (!touched_long && !touched_short) continue;
    for (size_t j = i + 1; j < n && bars.ts_ns[j] == t; ++j) {
      touched_long = touched_long || bars.high[j] >= bl;
      touched_short = touched_short || bars.low[j] <= bs;
    }
    if (touched_long && touched_short) return d;  // tL == tS: NoTrade (KI-13)
    d.direction = touched_long ? Direction::kLong : Direction::kShort;
    d.price = touched_long ? bl : bs;
    d.entry_time_ns = t;
    return d;
  }
  return d;
}

}  // namespace orbit::strategy
