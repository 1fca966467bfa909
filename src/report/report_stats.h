// src/report/report_stats.h
//
// Statistics of a set of result rows, overall and grouped by a dimension.
//
// Definitions (all documented in README "Reports"):
//  * rows: every row, NoTrade included; trades: Win + BE + Loss + TIME + OPEN.
//  * win rate: 100 * Win / (Win + Loss + BE), 0 when that is 0 (the reference's
//    definition, §6.8).
//  * points: instrument points (money.h undoes the micro scale); they are only
//    reported for groups of one instrument, points of different contracts do
//    not add up. USD: one contract, gross of costs unless "net".
//  * gross: the Profit column at the instrument's point value; for rows that
//    carry the extended columns (`--columns extended`), their GrossUSD (from
//    the prices, the run's --point-value).
//  * costs: the run's own (CommissionUSD and SlippageUSD of the extended
//    columns: --commission, --slippage) plus the report's
//    `commission_per_side_usd` twice (entry and exit) per trade, OPEN trades
//    included. net = gross - commission - slippage; every net figure below
//    (profit factor, expectancy, equity, drawdown, streaks, heatmaps) is net.
//  * profit factor: sum of positive net trade results / |sum of negative ones|;
//    +inf when there is no losing trade but a winning one, NaN with neither.
//  * expectancy: net USD per trade.
//  * equity, drawdown and streaks follow the rows in chronological order
//    (SortChronologically). Equity starts at 0 before the first trade; the
//    maximum drawdown is the largest fall of net equity from a running high.
//    Its start date is the date of the trade that set that high (the group's
//    first date when the high is the starting 0), its end date the date of the
//    trade at the bottom.
//  * longest losing streak: most consecutive trades with a negative net
//    result (NoTrade rows neither extend nor break a streak).
//  * average Peak: over trades; average range: over all rows (NoTrade rows
//    have a range too).
#pragma once

#include <array>
#include <optional>
#include <string>
#include <vector>

#include "core/instrument.h"
#include "report/trade_record.h"

namespace orbit::report {

struct StatsOptions {
  double commission_per_side_usd = 0.0;
};

// One trade's dollars for one contract, as defined above.
struct TradeMoney {
  double gross = 0.0;
  double commission = 0.0;
  double slippage = 0.0;
  double net = 0.0;
};
// REQUIRES: IsTrade(record.result). `point_value_usd` = PointValueUsd(spec.symbol).
TradeMoney TradeMoneyOf(const TradeRecord& record, const InstrumentSpec& spec, double point_value_usd,
                        const StatsOptions& options);

struct GroupStats {
  std::string key;                   // group label ("ES1", "2024-03", "Mon", ...); "all" overall
  size_t rows = 0;
  size_t trades = 0;
  std::array<size_t, 6> results{};   // indexed by strategy::Outcome
  double win_rate_pct = 0.0;
  std::vector<std::string> instruments;  // sorted, distinct
  bool points_valid = true;          // false when the group mixes instruments
  double profit_column = 0.0;        // plain sum of the Profit column as stored
  double total_points = 0.0, avg_points = 0.0;  // avg per trade, 0 without trades
  double gross_usd = 0.0, avg_usd = 0.0;        // avg per trade (gross)
  double commission_usd = 0.0;       // the run's and the report's, both sides
  double slippage_usd = 0.0;         // the run's (extended columns), both sides
  double net_usd = 0.0;              // gross - commission - slippage
  double profit_factor = 0.0;        // see above: may be +inf or NaN
  double expectancy_usd = 0.0;       // net per trade
  double max_drawdown_usd = 0.0;     // >= 0
  std::optional<cctz::civil_day> drawdown_start, drawdown_end;  // unset when no drawdown
  size_t longest_losing_streak = 0;
  double avg_peak = 0.0;             // points, over trades
  double avg_range = 0.0;            // points, over rows
  std::optional<cctz::civil_day> first_date, last_date;

  size_t count(strategy::Outcome o) const { return results[static_cast<size_t>(o)]; }
};

// The per-trade figures derived from a group's counts and sums: the win rate
// (of Win + Loss + BE) and, when it has trades, average points, average USD
// (gross) and expectancy (net USD per trade). ComputeStats and the sweep's
// folded statistics (sweep/summary_fold.h) both finish with it, so a folded
// SUMMARY equals the one computed from result tables bit for bit.
void SetPerTradeFigures(GroupStats& s);

// Statistics of `records` (taken in the given order, which should be
// chronological). Errors: Error(kBadInput) for an instrument without a point value.
GroupStats ComputeStats(const std::vector<const TradeRecord*>& records, const StatsOptions& options,
                        std::string key = "all");
GroupStats ComputeStats(const std::vector<TradeRecord>& records, const StatsOptions& options,
                        std::string key = "all");

enum class Dimension { kStream, kSlot, kYear, kMonth, kWeekday, kDirection };

// "stream", "slot", "year", "month", "weekday", "direction".
const char* DimensionName(Dimension d);
// Parses a comma-separated list of dimension names. Errors: Error(kUsage).
std::vector<Dimension> ParseDimensions(const std::string& list);
std::vector<Dimension> AllDimensions();

// Group label of a record: stream "ES1"; slot "ES1 07:30"; year "2024";
// month "2024-03"; weekday "Mon".."Sun"; direction "Long"/"Short"/"NA".
std::string GroupKey(const TradeRecord& record, Dimension d);
const char* WeekdayName(const cctz::civil_day& day);

// The records of one group: pointers into the records grouped.
struct RecordGroup {
  std::string key;
  std::vector<const TradeRecord*> members;
};
// One group per distinct key, in natural order (weekdays Mon..Sun, others
// ascending). Records keep their relative order inside each group.
std::vector<RecordGroup> GroupRecords(const std::vector<TradeRecord>& records, Dimension d);

// ComputeStats of each group of GroupRecords, in its order.
std::vector<GroupStats> GroupBy(const std::vector<TradeRecord>& records, Dimension d, const StatsOptions& options);

// Net equity after each trade of one stream (NoTrade rows skipped).
struct EquityPoint {
  cctz::civil_day date;
  double equity_usd = 0.0;
  double drawdown_usd = 0.0;  // <= 0: equity minus running high
};
struct EquitySeries {
  std::string stream;
  std::vector<EquityPoint> points;
};
std::vector<EquitySeries> EquityByStream(const std::vector<TradeRecord>& records, const StatsOptions& options);

// Net USD summed per (row, column) cell; `trades[r][c]` == 0 means no trade.
struct Heatmap {
  std::string title;
  std::vector<std::string> row_labels, column_labels;
  std::vector<std::vector<double>> net_usd;  // the cell values (named value_name)
  std::vector<std::vector<size_t>> trades;
  // How cells read: the value's name in tooltips, the neutral value (cells
  // above it green, below red) and the digits printed.
  std::string value_name = "net USD";
  double center = 0.0;
  int decimals = 0;
};
Heatmap SlotWeekdayHeatmap(const std::vector<TradeRecord>& records, const StatsOptions& options);
Heatmap YearMonthHeatmap(const std::vector<TradeRecord>& records, const StatsOptions& options);

// Research figures (research_stats.cc): report figures that need the
// extended result columns (issue 13) or a trade's identity:
//  * distinct trades: several slots of one stream can take the very same
//    trade (same direction, EntryTime and ExitTime). The reference counts it
//    once per slot, and so do the other statistics; `distinct_trades` counts
//    it once, and the distinct portfolio equity adds each such trade once, so
//    totals summed over slots are not silently inflated.
//  * with the extended columns: net USD after the run's commission and
//    slippage (the NetUSD column), the MAE distribution (median, 90th
//    percentile, maximum, in points; only for one instrument), and how many
//    trades an intra-bar assumption decided (Ambiguous) and their share.
struct ResearchStats {
  std::string key;                  // "all" or a stream
  size_t trades = 0;
  size_t distinct_trades = 0;
  bool extended = false;            // every row carries the extended columns
  double net_after_costs_usd = 0.0; // sum of NetUSD over trades (extended only)
  size_t ambiguous = 0;
  double ambiguous_share_pct = 0.0; // 100 * ambiguous / trades, 0 without trades
  bool mae_valid = false;           // extended, one instrument, at least one trade
  double mae_median = 0.0, mae_p90 = 0.0, mae_max = 0.0;  // points (nearest-rank percentiles)
};

ResearchStats ComputeResearchStats(const std::vector<const TradeRecord*>& records, std::string key);

// Net equity of all streams together in chronological order, each distinct
// trade once (net: NetUSD when extended, else gross less the report's
// commission). `stream` is "portfolio (distinct trades)".
struct DistinctPortfolio {
  EquitySeries equity;
  size_t trades = 0;           // trade rows
  size_t distinct_trades = 0;  // points of `equity`
  double net_usd = 0.0;
  double max_drawdown_usd = 0.0;
};
DistinctPortfolio DistinctTradeEquity(const std::vector<TradeRecord>& records, const StatsOptions& options);

// Overall first, then one per stream (ascending).
std::vector<ResearchStats> ResearchByStream(const std::vector<TradeRecord>& records);

// Everything a report shows. `records` are sorted chronologically by BuildReport.
struct Report {
  std::vector<std::string> sources;
  StatsOptions options;
  std::vector<Dimension> dimensions;
  GroupStats overall;
  std::vector<GroupStats> streams;  // always computed (charts, terminal table)
  std::vector<std::pair<Dimension, std::vector<GroupStats>>> breakdowns;  // per `dimensions`
  std::vector<EquitySeries> equity;
  Heatmap slot_weekday, year_month;
  // Distinct trades and the extended columns (research_stats.cc).
  std::vector<ResearchStats> research;  // overall first, then per stream
  DistinctPortfolio portfolio;
  // Some rows carry the run's costs (extended columns): reports then show
  // gross, commission, slippage and net side by side.
  bool run_costs = false;
  double run_commission_usd = 0.0, run_slippage_usd = 0.0;  // the run's, over every trade
};

Report BuildReport(std::vector<TradeRecord> records, const StatsOptions& options,
                   const std::vector<Dimension>& dimensions, std::vector<std::string> sources);

}  // namespace orbit::report
