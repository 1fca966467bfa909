// src/engine/trade_costs.h
//
// Dollars of one contract for a finished result row (the extended columns):
//   gross      = (exit - entry) * (+1 Long / -1 Short) * point value,
//                from the row's prices, never from the reference's scaled
//                Profit (so KI-06/KI-07 cannot leak into dollars); OPEN rows
//                are marked to their last close (their ExitPrice);
//   commission = 2 * commission per side;
//   slippage   = 2 * ticks per side * tick * point value;
//   net        = gross - commission - slippage.
// Every figure is rounded to cents (nearbyint, ties to even). NoTrade rows are
// all zeros. Point values come from the instrument table (core/instrument.h,
// shared with `orbit report`) unless overridden.
#pragma once

#include <map>
#include <string>

#include "core/instrument.h"
#include "strategy/trade_row.h"

namespace orbit::engine {

struct CostModel {
  double commission_usd_per_side = 0.0;  // --commission, >= 0
  double slippage_ticks_per_side = 0.0;  // --slippage, >= 0
  std::map<std::string, double, std::less<>> point_values;  // --point-value SYM=VALUE overrides

  // The override for `spec`'s symbol, else the table's value.
  double PointValue(const InstrumentSpec& spec) const;
};

// "--commission" / "--slippage" values: a finite number >= 0. Errors:
// Error(kUsage) naming `option` and the value.
double ParseNonNegative(const std::string& text, const std::string& option);
// "ES=50,MES=5" into `costs.point_values`. Errors: Error(kUsage) naming
// --point-value and the token (unknown symbol, missing '=', value <= 0).
void ParsePointValues(const std::string& text, CostModel& costs);

struct TradeUsd {
  double point_value = 0.0;
  double gross = 0.0;
  double commission = 0.0;
  double slippage = 0.0;
  double net = 0.0;
};

// REQUIRES: the row's prices are final (rounded by FinalizeResults).
TradeUsd TradeUsdOf(const strategy::TradeRow& row, const InstrumentSpec& spec, const CostModel& costs);

}  // namespace orbit::engine
