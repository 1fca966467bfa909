// src/research/overfit_report.h
//
// `orbit overfit` / orbit.overfit: the overfitting statistics
// (research/overfit_stats.h) of every group of a P&L table, as JSON
// ({"groups": [...]}, issue 24's keys) and as a terminal table.
#pragma once

#include <string>
#include <vector>

#include "research/overfit_stats.h"
#include "research/pnl_table.h"
#include "research/walk_forward.h"

namespace orbit::research {

struct GroupOverfit {
  PnlGroup key;
  size_t n_combos = 0, n_days = 0;
  int splits = 0;
  int64_t best_combo = 0;
  PboResult pbo;
  SharpeStats sharpe;
};

// One entry per group in table order; columns are every combo of the table
// (CombosOf). `source` names the table in messages. Errors: those of
// BuildMatrix and ComputePbo.
std::vector<GroupOverfit> ComputeOverfit(const PnlTable& table, int splits, int threads, const std::string& source);

// {"groups": [{"instrument", "group", "stream", "slot", "pbo", "lambda_median",
// "oos_loss_share", "best_combo", "sharpe", "dsr", "psr", "n_combos",
// "n_days", "splits", "rows_used", "sr0", "sharpe_variance", "skewness",
// "kurtosis"}, ...]}; a statistic that is not defined is null. With a
// walk-forward result of the same table, each group also has "walk_forward":
// {"train_months", "test_months", "anchored", "objective", "min_trades",
// "windows", "selected_windows", "is_net_usd", "oos_net_usd", "efficiency",
// "oos_max_drawdown_usd"}.
std::string OverfitJson(const std::vector<GroupOverfit>& groups, const WalkForwardResult* walk_forward = nullptr);

// One line per group of a walk-forward result.
std::string WalkForwardText(const WalkForwardResult& result, const PnlTable& table);

// A fixed-width table, one line per group.
std::string OverfitText(const std::vector<GroupOverfit>& groups);

}  // namespace orbit::research
