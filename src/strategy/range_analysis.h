// src/strategy/range_analysis.h
//
// AnalyzeRange runs the whole strategy for one (trading date, slot): range
// window (§3.3-§3.5), entry (§4), trade levels (§5.1), horizon (§5.2), the
// trade walk and Peak (§5.3-§5.6) and profit (§5.7). One forward pass over the
// bars from the window start to the trade's mfe_end, no copies.
#pragma once

#include <cctz/civil_time.h>

#include <optional>

#include "calendar/exchange_calendar.h"
#include "calendar/session.h"
#include "calendar/time_zone.h"
#include "core/bar_series.h"
#include "strategy/fixes.h"
#include "core/instrument.h"
#include "strategy/run_params.h"
#include "strategy/trade.h"
#include "strategy/trade_row.h"

namespace orbit::strategy {

// Everything that is fixed for a run; built once, shared read-only by threads.
struct RangeContext {
  const calendar::TimeZone* zone;  // America/Chicago
  InstrumentSpec instrument;
  TargetMode mode = TargetMode::kFixed;
  bool write_no_trade_rows = true;
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

// REQUIRES: `bars` holds every bar from local(date, session start) up to the
// trade horizon (the engine guarantees the look-ahead).
RangeResult AnalyzeRange(const BarSeries& bars, const cctz::civil_day& date, const calendar::SlotSpec& slot,
                         const RangeContext& ctx);

}  // namespace orbit::strategy
