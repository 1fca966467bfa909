// src/report/money.h
//
// Converting a result row's Profit into instrument points and US dollars.
//
// The reference scales micro profits by 0.1 (§5.7): an MES loss of 8 points
// has Profit −0.8, i.e. Profit is in points of the full-size contract. One
// MES point is worth $5, so for micros
//     points = Profit / profit_scale,   USD = points * PointValueUsd(symbol).
// The one exception is KI-06: a micro BE row holds the *unscaled* −tick
// (MES BE = −0.25, a loss of one tick = 0.25 points = $1.25). A micro BE row
// whose Profit is exactly −tick is therefore read as unscaled; with the KI-06
// fix the row holds −tick × 0.1 and goes through the general rule.
// Precision lost to KI-07 (micro profits rounded to the tick's decimals)
// cannot be recovered from a result table.
#pragma once

#include "report/trade_record.h"
#include "core/instrument.h"

namespace orbit::report {

// Instrument points of the row's Profit (0 for NoTrade rows).
double ProfitPoints(const TradeRecord& record, const InstrumentSpec& spec);

// Gross US dollars of the row's Profit for one contract, before commission.
double ProfitUsd(const TradeRecord& record, const InstrumentSpec& spec);
// The same with the point value already looked up (PointValueUsd(spec.symbol)).
double ProfitUsd(const TradeRecord& record, const InstrumentSpec& spec, double point_value_usd);

// The instrument of a record. Errors: Error(kBadInput) for a symbol Orbit has
// no point value for.
const InstrumentSpec& SpecFor(const std::string& symbol);

}  // namespace orbit::report
