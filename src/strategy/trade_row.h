// src/strategy/trade_row.h
//
// One output row before post-processing (spec §6.2): raw doubles, instants in
// UTC ns. Rounding, ordering and text formatting happen in engine/results.
#pragma once

#include <cctz/civil_time.h>

#include <cstdint>

#include "calendar/session.h"
#include "strategy/direction.h"
#include "strategy/outcome.h"
#include "strategy/trade.h"

namespace orbit::strategy {

struct TradeRow {
  cctz::civil_day date;        // trading date D
  calendar::SlotSpec slot;     // Time column = slot.label, Session = slot.session
  Outcome result = Outcome::kNoTrade;
  Direction direction = Direction::kNone;  // kNone prints "NA"
  bool has_entry = false;
  int64_t entry_time_ns = 0;
  ExitClock exit_clock = ExitClock::kNone;  // kNone: empty ExitTime
  int64_t exit_time_ns = 0;
  double entry_price = 0.0;
  double exit_price = 0.0;
  double stop_loss = 0.0;  // distance in points to the initial stop
  double peak = 0.0;
  double range = 0.0;      // range_high - range_low, unrounded
  double profit = 0.0;
  bool has_open_as_of = false;
  int64_t open_as_of_ns = 0;

  // Extended columns (`--columns extended`); filled only when the run asks
  // for them, except `ambiguous`, which is always known.
  bool ambiguous = false;
  bool has_exit_instant = false;  // false: NoTrade and OPEN
  int64_t exit_instant_ns = 0;    // true instant: exit bar, or expiry for TIME
  TradeExcursion excursion;       // MAE/MFE, their instants, BarsHeld
};

// Copies a finished trade's extended-column facts into its row. The exit
// instant is the exit bar's (BE-scan: the bar found, whatever clock ExitTime
// prints it on, KI-02) or the expiry for TIME; OPEN has none.
inline void FillExtendedColumns(const TradeOutcome& trade, TradeRow& row) {
  row.has_exit_instant = trade.result != Outcome::kOpen;
  row.exit_instant_ns = row.has_exit_instant ? trade.exit_time_ns : 0;
  row.excursion = trade.excursion;
}

}  // namespace orbit::strategy
