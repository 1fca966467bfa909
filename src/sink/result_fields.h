// src/sink/result_fields.h
//
// The text and values of result fields that the CSV writer (result_writer.cc)
// and the Arrow tables (arrow_result_writer.cc, in the Arrow module) share,
// so that both formats say the same thing. Internal to the sink layer.
#pragma once

#include <cstdint>
#include <string>

#include "calendar/time_zone.h"
#include "engine/result_table.h"
#include "strategy/direction.h"
#include "strategy/trade_row.h"

namespace orbit::sink::detail {

// The research columns (--columns), in order.
inline constexpr const char* kExtendedColumns[] = {"EntryTimestamp", "ExitTimestamp", "MAE",           "MFE",
                                                   "MAEMinutes",     "MFEMinutes",    "BarsHeld",      "Ambiguous",
                                                   "PointValue",     "GrossUSD",      "CommissionUSD", "SlippageUSD",
                                                   "NetUSD"};

// "DD/MM/YY HH:MM" texts of the reference's EntryTime, ExitTime and
// open_as_of_time ("" when the row has none).
std::string EntryText(const strategy::TradeRow& r, const calendar::TimeZone& zone);
std::string ExitText(const strategy::TradeRow& r, const calendar::TimeZone& zone);
std::string OpenAsOfText(const strategy::TradeRow& r, const calendar::TimeZone& zone);
const char* DirectionText(strategy::Direction d);
std::string StreamText(const engine::ResultTable& t, const strategy::TradeRow& r);
// The zone of the research timestamps (UTC unless --output-tz).
const calendar::TimeZone& OutputZone(const engine::ExtendedColumns& x);
// A row with an entry and an outcome other than NoTrade.
bool IsTradeRow(const strategy::TradeRow& r);
double Minutes(int64_t from_ns, int64_t to_ns);

}  // namespace orbit::sink::detail
