#include "engine/trading_days.h"

#include <algorithm>

namespace orbit::engine {

int WeekdayIndex(const cctz::civil_day& day) {
  switch (cctz::get_weekday(day)) {
    case cctz::weekday::monday: return 0;
    case cctz::weekday::tuesday: return 1;
    case cctz::weekday::wednesday: return 2;
    case cctz::weekday::thursday: return 3;
    case cctz::weekday::friday: return 4;
    case cctz::weekday::saturday: return 5;
    case cctz::weekday::sunday: return 6;
  }
  return 6;
}

std::vector<TradingDay> ListTradingDays(const BarSeries& bars, const calendar::TimeZone& zone,
                                        const std::vector<int>& trade_days) {
  bool wanted[7] = {};
  for (int d : trade_days)
    if (d >= 0 && d < 7) wanted[d] = true;
  std::vector<TradingDay> days;
  size_t i = 0;
  const size_t n = bars.size();
  while (i < n) {
    const cctz::civil_day date(zone.ToCivil(bars.ts_ns[i]));
    const int64_t next_midnight = zone.ToInstant(date + 1, 0, 0, 0);
    const size_t end = bars.LowerBoundFrom(i, next_midnight);
    if (wanted[WeekdayIndex(date)]) days.push_back({date, i, end});
    i = end;
  }
  return days;
}

}  // namespace orbit::engine
