// src/strategy/range_analysis.h
//
// AnalyzeRange runs the whole strategy for one (trading date, slot): range
// window (§3.3-§3.5), entry (§4), trade levels (§5.1), horizon (§5.2), the
// trade walk and Peak (§5.3-§5.6) and profit (§5.7). One forward pass over the
// bars from the window start to the trade's mfe_end, no copies.
//
// It is two steps, so that a sweep can share the first: BuildRangeEntry (range,
// entry and horizon: independent of the exit parameters) and ExitTrade (levels,
// trade walk, profit under one ExitRule). AnalyzeRange == ExitTrade(BuildRangeEntry).
#pragma once

#include <cctz/civil_time.h>

#include <optional>

#include "calendar/exchange_calendar.h"
#include "calendar/session.h"
#include "calendar/time_zone.h"
#include "core/bar_series.h"
#include "core/instrument.h"
#include "strategy/entry.h"
#include "strategy/fixes.h"
#include "strategy/horizon.h"
#include "strategy/run_params.h"
#include "strategy/trade.h"
#include "strategy/trade_row.h"

namespace orbit::strategy {

// What a run resolves once (the zone, the instrument as the run uses it, the
// as-of instant, the fixes); the parameters themselves stay in RunParams.
// Built once, shared read-only by threads.
struct RangeContext {
  const calendar::TimeZone* zone;  // America/Chicago
  InstrumentSpec instrument;       // as ValidateRunParams returns it: target = the run's T
  int64_t as_of_ns = 0;
  Fixes fixes;
  IntrabarPolicy intrabar = IntrabarPolicy::kReference;  // --intrabar
  bool extended_columns = false;                         // --columns extended
  const calendar::ExchangeCalendar* exchange_calendar = nullptr;  // --calendar; null = none (KI-04)

  // exchange_calendar, or the CME calendar when fixes.exchange_calendar
  // (--fix KI-04) asks for one; null = the reference's no calendar.
  const calendar::ExchangeCalendar* Calendar() const {
    if (exchange_calendar != nullptr || !fixes.exchange_calendar) return exchange_calendar;
    return &calendar::ExchangeCalendar::Cme();
  }
};

struct RangeResult {
  bool range_exists = false;    // false: empty window, no row at all (§3.4)
  std::optional<TradeRow> row;  // absent for a NoTrade when NoTrade rows are off
};

// One range and its entry, before any exit parameter is applied.
struct RangeEntry {
  bool range_exists = false;  // false: empty window (§3.4); nothing else is set
  TradeRow no_trade_row;      // date, slot and range filled: the row of a NoTrade
  EntryDecision entry;        // direction kNone: NoTrade
  Horizon horizon;            // set when entered
  TargetMode mode = TargetMode::kFixed;
};

// REQUIRES: `bars` holds every bar from local(date, range start) up to the
// trade horizon (the engine guarantees the look-ahead).
RangeEntry BuildRangeEntry(const BarSeries& bars, const cctz::civil_day& date, const calendar::SlotSpec& slot,
                           const RunParams& params, const RangeContext& ctx);

// The row of an entered trade under `rule` (T from the rule, not ctx).
// REQUIRES: entry.range_exists and entry.entry.direction != kNone.
// Errors: Error(kBadInput) for an immediate entry with no bar to walk (KI-10).
TradeRow ExitTrade(const BarSeries& bars, const RangeEntry& entry, const ExitRule& rule, const RangeContext& ctx);

// The two halves of ExitTrade, for the sweep's fast evaluator: the levels of
// §5.1 under `rule`, and the row of a finished walk (ExitTrade ==
// TradeRowOf(entry, setup, ExecuteTrade(setup), rule, ctx)).
// TradeRowOf errors: Error(kBadInput) when trade.bars_walked == 0 (KI-10).
TradeSetup MakeTradeSetup(const RangeEntry& entry, const ExitRule& rule, const RangeContext& ctx);
TradeRow TradeRowOf(const RangeEntry& entry, const TradeSetup& setup, const TradeOutcome& trade, const ExitRule& rule,
                    const RangeContext& ctx);

// The Profit of a finished trade (§5.7) with a Win worth `target` points.
double ProfitOf(const InstrumentSpec& spec, const ExitRule& rule, Direction dir, Outcome result, double entry,
                double exit, const Fixes& fixes);

RangeResult AnalyzeRange(const BarSeries& bars, const cctz::civil_day& date, const calendar::SlotSpec& slot,
                         const RunParams& params, const RangeContext& ctx);

}  // namespace orbit::strategy
