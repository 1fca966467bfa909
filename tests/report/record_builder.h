// tests/report/record_builder.h -- compact TradeRecord construction for report tests.
#pragma once

#include <cstdio>
#include <stdexcept>
#include <string>
#include <vector>

#include "report/trade_record.h"

namespace orbit::report::testing {

// One row: date "YYYY-MM-DD", slot label, Result text, Profit; stream from
// the instrument and the slot (S1 before 08:00... labels of S2 are 08:00+).
inline TradeRecord Row(const std::string& date, const std::string& time, const std::string& result, double profit,
                       const std::string& instrument = "ES", double peak = 0.0, double range = 0.0) {
  TradeRecord r;
  int y = 0, m = 0, d = 0;
  std::sscanf(date.c_str(), "%d-%d-%d", &y, &m, &d);
  r.date = cctz::civil_day(y, m, d);
  r.time = time;
  if (!ParseOutcome(result, &r.result)) throw std::runtime_error("bad result " + result);
  r.profit = profit;
  r.peak = peak;
  r.range = range;
  r.instrument = instrument;
  const bool s2 = time >= "08:00";
  r.session = s2 ? "S2" : "S1";
  r.stream = instrument + (s2 ? "2" : "1");
  r.direction = r.result == strategy::Outcome::kNoTrade ? "NA" : (profit >= 0 ? "Long" : "Short");
  return r;
}

}  // namespace orbit::report::testing
