// src/research/walk_forward.h
//
// Walk-forward selection over a sweep's daily P&L (issue 24). Windows are
// whole calendar months counted from the month of the table's first trading
// date: window w trains on months [w*TEST, w*TEST + TRAIN) (anchored: [0,
// w*TEST + TRAIN)) and tests on the TEST months after them; windows run while
// the test months end no later than the month of the table's last date. For
// each group and window, among the combinations with at least `min_trades`
// closed trades in the train window, the one with the highest objective on
// train (ties: lowest combo id) is traded in the test window. The objectives,
// from the daily P&L and trade counts of the train window's trading dates:
//   net_usd       sum of the daily P&L;
//   profit_factor sum of the winning days / -(sum of the losing days);
//                 +inf without a losing day (0 without a winning one);
//   sharpe        daily Sharpe over the window's dates, no-trade dates as 0
//                 (research::DailySharpe);
//   expectancy    net USD per closed trade (0 without trades).
// A window whose group has no trading date in train or test is skipped; one
// where no combination qualifies is flat (no combo; out-of-sample 0).
// Walk-forward efficiency of a group: (out-of-sample net per test month) /
// (in-sample net per train month) over the windows with a selection; NaN when
// the in-sample net is 0.
#pragma once

#include <cstdint>
#include <limits>
#include <map>
#include <string>
#include <utility>
#include <vector>

#include "research/out_table.h"
#include "research/pnl_table.h"

namespace orbit::research {

enum class Objective { kNetUsd, kProfitFactor, kSharpe, kExpectancy };

struct WalkForwardSpec {
  int train_months = 24;
  int test_months = 3;
  bool anchored = false;
  Objective objective = Objective::kNetUsd;
  int64_t min_trades = 20;
};

// "TRAIN:TEST[:anchored]" (months, positive integers) and the objective name.
// Errors: Error(kUsage) naming --walk-forward / --objective / --min-trades and the value.
WalkForwardSpec ParseWalkForwardSpec(const std::string& windows, const std::string& objective, int64_t min_trades);
const char* ObjectiveName(Objective objective);

// The parameter values of each combination: names (e.g. target, stop_cap,
// t1, be_offset) and, per (instrument, combo), one value per name. May be
// empty (no parameter columns).
struct ComboParameters {
  std::vector<std::string> names;
  std::map<std::pair<std::string, int64_t>, std::vector<double>> values;
};

struct WalkForwardWindow {
  uint32_t group = 0;  // index into the table's groups
  int window = 0;
  int32_t train_start = 0, train_end = 0, test_start = 0, test_end = 0;  // inclusive trading dates
  int train_months = 0;
  bool selected = false;  // false: no combination had min_trades in train
  int64_t combo = 0;
  double is_objective = 0, is_net_usd = 0;
  int64_t is_trades = 0;
  double oos_net_usd = 0;
  int64_t oos_trades = 0;
};

struct WalkForwardGroup {
  uint32_t group = 0;
  int windows = 0, selected_windows = 0;
  double is_net_usd = 0, oos_net_usd = 0;
  int is_months = 0, oos_months = 0;  // over the windows with a selection
  double efficiency = std::numeric_limits<double>::quiet_NaN();
  std::vector<int32_t> equity_dates;  // the test windows' trading dates in order
  std::vector<double> equity_pnl;     // the selected combination's P&L that day (0 when flat)
  std::vector<double> equity;         // cumulative
  double max_drawdown_usd = 0;        // of the stitched equity (peak to trough, >= 0)
};

struct WalkForwardResult {
  WalkForwardSpec spec;
  std::vector<WalkForwardWindow> windows;  // by group (table order), then window
  std::vector<WalkForwardGroup> groups;    // table order
};

// The one call: walk-forward over every group of `table`. `source` names the
// table in messages. Errors: Error(kBadInput) as BuildMatrix.
WalkForwardResult RunWalkForward(const PnlTable& table, const ComboParameters& params, const WalkForwardSpec& spec,
                                 const std::string& source);

// The windows as the --wf-out table: instrument, group, stream, slot, window,
// train_start, train_end, test_start, test_end, combo, the parameter columns,
// is_objective, is_net_usd, is_trades, oos_net_usd, oos_trades.
OutTable WalkForwardTable(const WalkForwardResult& result, const PnlTable& table, const ComboParameters& params);
// The stitched out-of-sample equity: instrument, group, date, pnl_usd, equity_usd.
OutTable WalkForwardEquityTable(const WalkForwardResult& result, const PnlTable& table);

}  // namespace orbit::research
