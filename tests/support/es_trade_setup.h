// tests/support/es_trade_setup.h -- the ES trade the trade-walk tests share:
// Long at 4000 on 2025-01-02 09:00 Chicago, target 4010, stop0 3980,
// break-even 3999.75, T1 at 6.5 points, expiry one day later.
#pragma once

#include "strategy/trade.h"
#include "support/bar_builder.h"

namespace orbit::testing {

inline const int64_t kTradeEntry0900 = Chicago(2025, 1, 2, 9, 0);

inline strategy::TradeSetup LongEs4000Setup() {
  strategy::TradeSetup s;
  s.direction = strategy::Direction::kLong;
  s.entry = 4000;
  s.entry_time_ns = kTradeEntry0900;
  s.target_level = 4010;
  s.stop0 = 3980;
  s.be_stop = 3999.75;
  s.t1_threshold = 10 * 0.65;
  s.expiry_ns = kTradeEntry0900 + calendar::kNanosPerDay;
  s.mfe_end_ns = s.expiry_ns + calendar::kNanosPerSecond;
  s.mode = strategy::TargetMode::kFixed;
  return s;
}

}  // namespace orbit::testing
