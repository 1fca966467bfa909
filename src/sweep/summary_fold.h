// src/sweep/summary_fold.h
//
// SUMMARY without result tables: when a sweep writes only SUMMARY (and the
// daily P&L), each combination's exits are folded straight into its groups'
// statistics as they are found, instead of building a ResultTable per
// combination (TradeRow copies, FinalizeResults, TradeRecords) and running
// report::ComputeStats over it.
//
// Exactness: StatsFold is report::ComputeStats one record at a time, the same
// operations in the same order (the same doubles); the records of a group are
// visited in the chronological order SummaryBuilder uses, and a trade's Profit
// is FinalizeResults' (ProfitOf, rounded to the instrument's decimals). This
// holds when a combination's rows are its entries' rows whatever the exits:
// no two rows share (Date, slot end, Session) (FinalizeResults' dedupe and
// its rank/Peak tie-break never apply). SummaryPlan::eligible tells; sweeps
// fall back to the tables otherwise. tests/sweep/summary_fold_test.cc and
// the CLI test compare both paths byte for byte.
#pragma once

#include <cctz/civil_time.h>

#include <cstddef>
#include <optional>
#include <string>
#include <vector>

#include "report/report_stats.h"
#include "strategy/outcome.h"
#include "sweep/sweep_output.h"

namespace orbit::sweep {

// report::ComputeStats of one group, record by record (chronological order).
class StatsFold {
 public:
  explicit StatsFold(double commission_per_side_usd = 0.0) : cost_(2.0 * commission_per_side_usd) {}
  // One row: NoTrade rows count as rows only (`points`, `gross` unused).
  void Add(const cctz::civil_day& date, strategy::Outcome result, double points, double gross) {
    ++rows_;
    ++results_[static_cast<size_t>(result)];
    if (!high_date_) high_date_ = date;
    if (result == strategy::Outcome::kNoTrade) return;
    ++trades_;
    total_points_ += points;
    const double net = gross - cost_;
    gross_usd_ += gross;
    commission_usd_ += cost_;
    if (net > 0) positive_ += net;
    if (net < 0) negative_ += net;
    streak_ = net < 0 ? streak_ + 1 : 0;
    if (streak_ > longest_streak_) longest_streak_ = streak_;
    equity_ += net;
    if (equity_ > high_) {
      high_ = equity_;
      high_date_ = date;
    }
    if (high_ - equity_ > max_drawdown_) {
      max_drawdown_ = high_ - equity_;
      drawdown_start_ = high_date_;
      drawdown_end_ = date;
    }
  }
  // The statistics SUMMARY prints (points valid: one instrument per group).
  report::GroupStats Finish(std::string key) const;

 private:
  double cost_;
  size_t rows_ = 0, trades_ = 0, streak_ = 0, longest_streak_ = 0;
  std::array<size_t, 6> results_{};
  double total_points_ = 0, gross_usd_ = 0, commission_usd_ = 0, positive_ = 0, negative_ = 0;
  double equity_ = 0, high_ = 0, max_drawdown_ = 0;
  std::optional<cctz::civil_day> high_date_, drawdown_start_, drawdown_end_;
};

// How one instrument's rows fall into SUMMARY groups, combination-independent.
struct SummaryPlan {
  bool eligible = false;  // see the file comment
  struct Row {
    size_t entry = 0;  // index into the prepared entries
    size_t group = 0;  // index into groups
    cctz::civil_day date;
    int32_t day = 0;  // days since 1970-01-01 (the P&L file's date)
  };
  std::vector<Row> rows;  // chronological (Date, Time, Stream): the fold order
  struct Group {
    std::string key, stream, slot;
  };
  std::vector<Group> groups;  // GroupRecords' order (SUMMARY's)
};

// `symbol`: the instrument; `rows`: the rows a combination emits, in entry
// order, as (entry index, the row's identity: no_trade_row). Builds the groups
// of `by` exactly as SummaryBuilder does.
SummaryPlan MakeSummaryPlan(const std::string& symbol,
                            const std::vector<std::pair<size_t, const strategy::TradeRow*>>& rows,
                            report::Dimension by);

}  // namespace orbit::sweep
