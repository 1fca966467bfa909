// src/strategy/trade.h
//
// The per-trade executor (spec §5.3-§5.6): walks the trade's bars
// A = { b : entry_time <= b.ts < mfe_end } once, forward, applying the
// break-even trigger, the intra-bar exit rules, the expiry/settlement rules and
// Peak (MFE up to the first touch of the initial stop) in the same pass. On
// request the same pass also measures the trade's excursions (MAE/MFE up to
// the exit bar) for the extended columns; the reference path does not pay for
// them (the walk is instantiated twice).
#pragma once

#include <cstdint>

#include "core/bar_series.h"
#include "strategy/direction.h"
#include "strategy/fixes.h"
#include "strategy/outcome.h"
#include "strategy/run_params.h"

namespace orbit::strategy {

// How a bar that touches both the target and a stop is resolved (spec §5.4).
//  kReference:   the close-distance rule of §5.4, and on the bar where T1
//                first triggers the stop is ignored (KI-14): the reference.
//  kStopFirst:   the stop was hit first. On the T1 bar that means the initial
//                stop (Loss) when the bar reached stop0, else break-even.
//  kTargetFirst: the target was hit first.
// Only ambiguous bars (TradeOutcome::ambiguous) are affected; a T1 bar that
// touches a stop but not the target keeps the reference's rule under all three.
enum class IntrabarPolicy { kReference, kStopFirst, kTargetFirst };

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
  IntrabarPolicy intrabar = IntrabarPolicy::kReference;
  bool measure_excursion = false;  // fill TradeOutcome::excursion
  // The entry filled inside the bar at entry_time_ns (a breakout touch), not
  // at its start (an immediate entry at the slot end): only the part of that
  // bar after the fill counts for MAE (TradeExcursion).
  bool fill_inside_entry_bar = false;
};

// The extended columns' view of one trade, over the bars from the entry bar to
// the exit bar inclusive (TIME and OPEN: every bar of A; a BE-scan exit: up to
// the bar the scan found). Adverse = entry - low (Long) / high - entry (Short),
// favourable the mirror; both clamped at 0 (0 = never moved that way, reached
// at the entry instant). A NaN price is skipped.
// The entry bar counts only after the fill (fill_inside_entry_bar; a bar that
// opened at or beyond the entry filled at its open, so all of it counts). Its
// path is taken as O -> L -> H -> C when it closed at or above its open, else
// O -> H -> L -> C (the usual OHLC convention; the same under every intra-bar
// policy, so rows without an ambiguous bar stay identical across policies).
// A Long fills on the way up to the high: when the low came first it was
// before the fill and the entry bar's adverse move is only entry - close
// (clamped at 0); otherwise entry - low. A Short mirrors. MFE needs no such
// rule: a Long's fill on the way up precedes the bar's high.
struct TradeExcursion {
  double mae = 0.0;
  double mfe = 0.0;
  int64_t mae_time_ns = 0;  // first bar where `mae` is reached (entry time when 0)
  int64_t mfe_time_ns = 0;
  size_t bars_held = 0;       // entry bar .. exit bar inclusive
  int64_t exit_bar_ns = 0;    // the exit bar's instant (BE-scan: the bar it found)
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
  // True when a bar met while the trade was live touched the target and a
  // stop (the active stop, or stop0 on the T1 bar), so the intra-bar policy
  // decided the bar. The same under every policy: the walks agree up to it.
  bool ambiguous = false;
  TradeExcursion excursion;  // only with setup.measure_excursion
};

// Settlement rules shared by ExecuteTrade and the sweep's fast evaluator
// (src/sweep/fast_exit.cc), so both settle a trade by the same code:
//  * SettleOpen: the trade is live at as_of (spec §5.5): OPEN, priced and
//    stamped at A = [first, last)'s last bar (NaN/none when A is empty).
//  * SettleBreakEven: the BE-scan (KI-01, KI-02) found a touch at bar
//    `be_touch`: BE at the break-even stop, on the UTC clock unless KI-02 is fixed.
//  * SettledPeak (§5.6): the MFE before the first stop0 touch, or the MFE over
//    all of A when that is 0 and A had a gain (`fallback_applies`): the
//    zero-peak fallback, off with KI-05's fix and for OPEN rows unless KI-42's.
void SettleOpen(const BarSeries& bars, size_t first, size_t last, TradeOutcome& out);
void SettleBreakEven(const BarSeries& bars, const TradeSetup& setup, size_t be_touch, const Fixes& fixes,
                     TradeOutcome& out);
double SettledPeak(double mfe_before_stop, double mfe_all, bool fallback_applies, bool open, const Fixes& fixes);

// REQUIRES: setup.direction != kNone; `bars` satisfies BarSeries' invariants
// and holds every bar of A. `as_of_ns` replaces the reference's wall clock (KI-09).
TradeOutcome ExecuteTrade(const BarSeries& bars, const TradeSetup& setup, int64_t as_of_ns, const Fixes& fixes);

}  // namespace orbit::strategy
