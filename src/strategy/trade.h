// src/strategy/trade.h
//
// The per-trade executor (spec §5.3-§5.6): walks the trade's bars
// A = { b : entry_time <= b.ts < mfe_end } once, forward, applying the
// break-even trigger, the intra-bar exit rules, the expiry/settlement rules and
// Peak (MFE up to the first touch of the initial stop) in the same pass.
#pragma once

#include <cstdint>

#include "core/bar_series.h"
#include "strategy/direction.h"
#include "strategy/fixes.h"
#include "strategy/outcome.h"
#include "strategy/run_params.h"

namespace orbit::strategy {

struct TradeSetup {
  Direction direction;   // kLong or kShort
  double entry;          // entry price (the breakout level)
  int64_t entry_time_ns;
  double target_level;   // entry +/- T
  double stop0;          // initial stop: entry -/+ min(range_size, 3T)
  double be_stop;        // entry -/+ tick
  double t1_threshold;   // T * 0.65
  int64_t expiry_ns;
  int64_t mfe_end_ns;
  TargetMode mode;
};

enum class ExitClock { kNone, kLocal, kUtc };  // kUtc: the BE-scan's naive-UTC time (KI-02)

struct TradeOutcome {
  Outcome result = Outcome::kTime;
  double exit_price = 0.0;
  int64_t exit_time_ns = 0;
  ExitClock exit_clock = ExitClock::kNone;  // kNone for OPEN
  double peak = 0.0;
  bool has_open_as_of = false;
  int64_t open_as_of_ns = 0;  // last bar of A, OPEN rows only
  bool t1_triggered = false;
  size_t bars_walked = 0;  // |A|; 0 only after an immediate entry with no later bar
};

// REQUIRES: setup.direction != kNone; `bars` satisfies BarSeries' invariants
// and holds every bar of A. `as_of_ns` replaces the reference's wall clock (KI-09).
TradeOutcome ExecuteTrade(const BarSeries& bars, const TradeSetup& setup, int64_t as_of_ns, const Fixes& fixes);

}  // namespace orbit::strategy
