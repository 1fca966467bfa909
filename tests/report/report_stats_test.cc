// Statistics against hand-computed values (report_stats.h definitions).
#include <gtest/gtest.h>

#include <cmath>

#include "core/error.h"
#include "record_builder.h"
#include "report/money.h"
#include "report/report_stats.h"

namespace orbit::report {
namespace {

using strategy::Outcome;
using testing::Row;

// ES, $50 a point. Trades in order: +500, -400, -12.5, (NoTrade), -250, +500, +175.
std::vector<TradeRecord> SmallEsTable() {
  return {
      Row("2024-01-02", "07:30", "Win", 10.0, "ES", 12.0, 8.0),    // Tue
      Row("2024-01-02", "09:30", "Loss", -8.0, "ES", 2.0, 9.0),    // Tue
      Row("2024-01-03", "07:30", "BE", -0.25, "ES", 7.5, 10.0),    // Wed
      Row("2024-01-03", "09:30", "NoTrade", 0.0, "ES", 0.0, 4.0),  // Wed
      Row("2024-01-04", "07:30", "Loss", -5.0, "ES", 1.0, 6.0),    // Thu
      Row("2024-01-05", "07:30", "Win", 10.0, "ES", 15.0, 7.0),    // Fri
      Row("2024-01-05", "09:30", "TIME", 3.5, "ES", 4.0, 5.0),     // Fri
  };
}

TEST(ReportStats, SmallTableHandComputed) {
  const GroupStats s = ComputeStats(SmallEsTable(), StatsOptions{});
  EXPECT_EQ(s.rows, 7u);
  EXPECT_EQ(s.trades, 6u);
  EXPECT_EQ(s.count(Outcome::kWin), 2u);
  EXPECT_EQ(s.count(Outcome::kLoss), 2u);
  EXPECT_EQ(s.count(Outcome::kBE), 1u);
  EXPECT_EQ(s.count(Outcome::kTime), 1u);
  EXPECT_EQ(s.count(Outcome::kOpen), 0u);
  EXPECT_EQ(s.count(Outcome::kNoTrade), 1u);
  EXPECT_DOUBLE_EQ(s.win_rate_pct, 40.0);  // 2 / (2 + 2 + 1)
  EXPECT_TRUE(s.points_valid);
  EXPECT_DOUBLE_EQ(s.total_points, 10.25);
  EXPECT_DOUBLE_EQ(s.avg_points, 10.25 / 6);
  EXPECT_DOUBLE_EQ(s.gross_usd, 512.5);
  EXPECT_DOUBLE_EQ(s.avg_usd, 512.5 / 6);
  EXPECT_DOUBLE_EQ(s.net_usd, 512.5);
  EXPECT_DOUBLE_EQ(s.commission_usd, 0.0);
  EXPECT_DOUBLE_EQ(s.profit_factor, 1175.0 / 662.5);
  EXPECT_DOUBLE_EQ(s.expectancy_usd, 512.5 / 6);
  // Equity 500, 100, 87.5, -162.5, 337.5, 512.5: high 500 on 01-02, bottom -162.5 on 01-04.
  EXPECT_DOUBLE_EQ(s.max_drawdown_usd, 662.5);
  ASSERT_TRUE(s.drawdown_start && s.drawdown_end);
  EXPECT_EQ(*s.drawdown_start, cctz::civil_day(2024, 1, 2));
  EXPECT_EQ(*s.drawdown_end, cctz::civil_day(2024, 1, 4));
  EXPECT_EQ(s.longest_losing_streak, 3u);  // -400, -12.5, -250 (NoTrade in between ignored)
  EXPECT_DOUBLE_EQ(s.avg_peak, (12.0 + 2.0 + 7.5 + 1.0 + 15.0 + 4.0) / 6);
  EXPECT_DOUBLE_EQ(s.avg_range, (8.0 + 9.0 + 10.0 + 4.0 + 6.0 + 7.0 + 5.0) / 7);
  EXPECT_EQ(*s.first_date, cctz::civil_day(2024, 1, 2));
  EXPECT_EQ(*s.last_date, cctz::civil_day(2024, 1, 5));
  EXPECT_DOUBLE_EQ(s.profit_column, 10.25);
}

TEST(ReportStats, CommissionPerSideChargedTwicePerTrade) {
  StatsOptions options;
  options.commission_per_side_usd = 2.5;
  const GroupStats s = ComputeStats(SmallEsTable(), options);
  EXPECT_DOUBLE_EQ(s.commission_usd, 30.0);  // 6 trades * 2 sides * 2.5
  EXPECT_DOUBLE_EQ(s.gross_usd, 512.5);
  EXPECT_DOUBLE_EQ(s.net_usd, 482.5);
  EXPECT_DOUBLE_EQ(s.expectancy_usd, 482.5 / 6);
  EXPECT_DOUBLE_EQ(s.profit_factor, (495.0 + 495.0 + 170.0) / (405.0 + 17.5 + 255.0));
  // Net equity 495, 90, 72.5, -182.5, 312.5, 482.5.
  EXPECT_DOUBLE_EQ(s.max_drawdown_usd, 677.5);
  EXPECT_DOUBLE_EQ(s.total_points, 10.25);  // points are before commission
}

TEST(ReportStats, DrawdownFromStartingCapitalStartsOnFirstDate) {
  const std::vector<TradeRecord> rows = {
      Row("2024-02-01", "07:30", "NoTrade", 0.0),
      Row("2024-02-02", "07:30", "Loss", -4.0),  // -200
      Row("2024-02-05", "07:30", "Loss", -2.0),  // -300
      Row("2024-02-06", "07:30", "Win", 10.0),   // +200: new high on 02-06
      Row("2024-02-07", "07:30", "Loss", -1.0),  // 150
  };
  const GroupStats s = ComputeStats(rows, StatsOptions{});
  EXPECT_DOUBLE_EQ(s.max_drawdown_usd, 300.0);
  EXPECT_EQ(*s.drawdown_start, cctz::civil_day(2024, 2, 1));
  EXPECT_EQ(*s.drawdown_end, cctz::civil_day(2024, 2, 5));
  EXPECT_EQ(s.longest_losing_streak, 2u);
}

TEST(ReportStats, NoDrawdownWhenEquityOnlyRises) {
  const std::vector<TradeRecord> rows = {Row("2024-03-04", "07:30", "Win", 10.0), Row("2024-03-05", "07:30", "Win", 10.0)};
  const GroupStats s = ComputeStats(rows, StatsOptions{});
  EXPECT_DOUBLE_EQ(s.max_drawdown_usd, 0.0);
  EXPECT_FALSE(s.drawdown_start.has_value());
  EXPECT_FALSE(s.drawdown_end.has_value());
  EXPECT_TRUE(std::isinf(s.profit_factor));  // winners, no loser
  EXPECT_DOUBLE_EQ(s.win_rate_pct, 100.0);
}

TEST(ReportStats, AllNoTradeTable) {
  const std::vector<TradeRecord> rows = {
      Row("2024-01-02", "07:30", "NoTrade", 0.0, "NQ", 0.0, 20.0),
      Row("2024-01-02", "09:00", "NoTrade", 0.0, "NQ", 0.0, 30.0),
      Row("2024-01-03", "07:30", "NoTrade", 0.0, "NQ", 0.0, 40.0),
  };
  const GroupStats s = ComputeStats(rows, StatsOptions{});
  EXPECT_EQ(s.rows, 3u);
  EXPECT_EQ(s.trades, 0u);
  EXPECT_EQ(s.count(Outcome::kNoTrade), 3u);
  EXPECT_DOUBLE_EQ(s.win_rate_pct, 0.0);  // reference: 0 when Win + Loss + BE == 0
  EXPECT_DOUBLE_EQ(s.total_points, 0.0);
  EXPECT_DOUBLE_EQ(s.avg_points, 0.0);
  EXPECT_DOUBLE_EQ(s.net_usd, 0.0);
  EXPECT_TRUE(std::isnan(s.profit_factor));
  EXPECT_DOUBLE_EQ(s.expectancy_usd, 0.0);
  EXPECT_DOUBLE_EQ(s.max_drawdown_usd, 0.0);
  EXPECT_FALSE(s.drawdown_start.has_value());
  EXPECT_EQ(s.longest_losing_streak, 0u);
  EXPECT_DOUBLE_EQ(s.avg_peak, 0.0);
  EXPECT_DOUBLE_EQ(s.avg_range, 30.0);

  StatsOptions commission;
  commission.commission_per_side_usd = 5.0;
  EXPECT_DOUBLE_EQ(ComputeStats(rows, commission).commission_usd, 0.0);  // no trade, no commission
  const Report r = BuildReport(rows, commission, AllDimensions(), {"x.csv"});
  ASSERT_EQ(r.equity.size(), 2u);
  EXPECT_TRUE(r.equity[0].points.empty());
}

TEST(ReportStats, EmptyTable) {
  const GroupStats s = ComputeStats(std::vector<TradeRecord>{}, StatsOptions{});
  EXPECT_EQ(s.rows, 0u);
  EXPECT_EQ(s.trades, 0u);
  EXPECT_DOUBLE_EQ(s.win_rate_pct, 0.0);
  EXPECT_DOUBLE_EQ(s.avg_range, 0.0);
  EXPECT_TRUE(s.points_valid);
  EXPECT_TRUE(s.instruments.empty());
  EXPECT_FALSE(s.first_date.has_value());
  const Report r = BuildReport({}, StatsOptions{}, AllDimensions(), {});
  EXPECT_TRUE(r.streams.empty());
  EXPECT_TRUE(r.equity.empty());
  ASSERT_EQ(r.breakdowns.size(), 6u);
  for (const auto& [dimension, groups] : r.breakdowns) EXPECT_TRUE(groups.empty()) << DimensionName(dimension);
  EXPECT_TRUE(r.slot_weekday.row_labels.empty());
}

TEST(ReportMoney, MicroProfitIsScaledBackToPointsAndDollars) {
  auto usd = [](const std::string& inst, const std::string& result, double profit) {
    const TradeRecord r = Row("2024-01-02", "07:30", result, profit, inst);
    return ProfitUsd(r, SpecFor(inst));
  };
  auto points = [](const std::string& inst, const std::string& result, double profit) {
    const TradeRecord r = Row("2024-01-02", "07:30", result, profit, inst);
    return ProfitPoints(r, SpecFor(inst));
  };
  // One MES point is $5: the reference writes it as Profit 0.1.
  EXPECT_DOUBLE_EQ(points("MES", "TIME", 0.1), 1.0);
  EXPECT_DOUBLE_EQ(usd("MES", "TIME", 0.1), 5.0);
  EXPECT_DOUBLE_EQ(usd("MES", "Win", 1.0), 50.0);     // 10-point target
  EXPECT_DOUBLE_EQ(usd("MES", "Loss", -0.8), -40.0);  // 8 points
  EXPECT_DOUBLE_EQ(points("MES", "Loss", -0.3), -3.0);  // not -2.9999999999999996
  // KI-06: the BE row holds the unscaled -tick, one tick = $1.25.
  EXPECT_DOUBLE_EQ(points("MES", "BE", -0.25), -0.25);
  EXPECT_DOUBLE_EQ(usd("MES", "BE", -0.25), -1.25);
  // With the KI-06 fix (and KI-07's extra decimal) the BE row is scaled like the rest.
  EXPECT_DOUBLE_EQ(usd("MES", "BE", -0.025), -1.25);
  EXPECT_DOUBLE_EQ(usd("MNQ", "Win", 5.0), 100.0);   // 50 points * $2
  EXPECT_DOUBLE_EQ(usd("MYM", "Loss", -4.0), -20.0);  // 40 points * $0.5
  EXPECT_DOUBLE_EQ(usd("MCL", "Win", 0.05), 50.0);   // 0.5 points * $100
  EXPECT_DOUBLE_EQ(usd("MNG", "Win", 0.005), 50.0);  // 0.05 points * $1000
  EXPECT_DOUBLE_EQ(usd("MGC", "Win", 0.5), 50.0);    // 5 points * $10
  EXPECT_DOUBLE_EQ(usd("M2K", "Win", 1.0), 50.0);    // 10 points * $5
  // Full-size contracts: Profit is points.
  EXPECT_DOUBLE_EQ(usd("ES", "Win", 10.0), 500.0);
  EXPECT_DOUBLE_EQ(usd("ES", "BE", -0.25), -12.5);
  EXPECT_DOUBLE_EQ(usd("NQ", "Win", 50.0), 1000.0);
  EXPECT_DOUBLE_EQ(usd("YM", "Win", 100.0), 500.0);
  EXPECT_DOUBLE_EQ(usd("CL", "Win", 0.5), 500.0);
  EXPECT_DOUBLE_EQ(usd("NG", "Win", 0.05), 500.0);
  EXPECT_DOUBLE_EQ(usd("GC", "Win", 5.0), 500.0);
  EXPECT_DOUBLE_EQ(usd("RTY", "Win", 10.0), 500.0);
  EXPECT_DOUBLE_EQ(usd("ES", "NoTrade", 0.0), 0.0);
}

TEST(ReportMoney, MicroTableTotals) {
  const std::vector<TradeRecord> rows = {
      Row("2024-01-02", "07:30", "Win", 1.0, "MES"),     // +10 pts, +$50
      Row("2024-01-03", "07:30", "BE", -0.25, "MES"),    // -0.25 pts, -$1.25
      Row("2024-01-04", "07:30", "Loss", -0.8, "MES"),   // -8 pts, -$40
  };
  const GroupStats s = ComputeStats(rows, StatsOptions{});
  EXPECT_DOUBLE_EQ(s.total_points, 1.75);
  EXPECT_DOUBLE_EQ(s.gross_usd, 8.75);
  EXPECT_NEAR(s.profit_column, -0.05, 1e-12);  // the stored column, mixed units (KI-06)
  EXPECT_DOUBLE_EQ(s.max_drawdown_usd, 41.25);
}

TEST(ReportMoney, UnknownInstrumentIsBadInput) {
  const std::vector<TradeRecord> rows = {Row("2024-01-02", "07:30", "Win", 1.0, "XYZ")};
  try {
    ComputeStats(rows, StatsOptions{});
    FAIL() << "no error";
  } catch (const Error& e) {
    EXPECT_EQ(e.kind(), ErrorKind::kBadInput);
    EXPECT_NE(std::string(e.what()).find("XYZ"), std::string::npos);
  }
}

TEST(ReportStats, MixedInstrumentsHaveNoPointTotals) {
  const std::vector<TradeRecord> rows = {Row("2024-01-02", "07:30", "Win", 10.0, "ES"),
                                         Row("2024-01-02", "07:30", "Win", 5.0, "MNQ")};
  const GroupStats s = ComputeStats(rows, StatsOptions{});
  EXPECT_FALSE(s.points_valid);
  EXPECT_DOUBLE_EQ(s.gross_usd, 600.0);
  EXPECT_EQ(s.instruments, (std::vector<std::string>{"ES", "MNQ"}));
}

TEST(ReportStats, GroupsInNaturalOrder) {
  std::vector<TradeRecord> rows = SmallEsTable();
  rows.push_back(Row("2024-02-05", "07:30", "Win", 10.0));  // Mon, February
  SortChronologically(rows);
  auto keys = [&](Dimension d) {
    std::vector<std::string> out;
    for (const GroupStats& g : GroupBy(rows, d, StatsOptions{})) out.push_back(g.key);
    return out;
  };
  EXPECT_EQ(keys(Dimension::kWeekday), (std::vector<std::string>{"Mon", "Tue", "Wed", "Thu", "Fri"}));
  EXPECT_EQ(keys(Dimension::kStream), (std::vector<std::string>{"ES1", "ES2"}));
  EXPECT_EQ(keys(Dimension::kSlot), (std::vector<std::string>{"ES1 07:30", "ES2 09:30"}));
  EXPECT_EQ(keys(Dimension::kYear), (std::vector<std::string>{"2024"}));
  EXPECT_EQ(keys(Dimension::kMonth), (std::vector<std::string>{"2024-01", "2024-02"}));
  EXPECT_EQ(keys(Dimension::kDirection), (std::vector<std::string>{"Long", "NA", "Short"}));
  const std::vector<GroupStats> streams = GroupBy(rows, Dimension::kStream, StatsOptions{});
  EXPECT_DOUBLE_EQ(streams[0].gross_usd, 500 - 12.5 - 250 + 500 + 500);
  EXPECT_DOUBLE_EQ(streams[1].gross_usd, -400 + 175);
  EXPECT_EQ(streams[1].count(Outcome::kNoTrade), 1u);
}

TEST(ReportStats, ParseDimensions) {
  EXPECT_EQ(ParseDimensions("year, stream,year"), (std::vector<Dimension>{Dimension::kYear, Dimension::kStream}));
  EXPECT_EQ(ParseDimensions("stream,slot,year,month,weekday,direction"), AllDimensions());
  EXPECT_THROW(ParseDimensions("week"), Error);
  EXPECT_THROW(ParseDimensions(","), Error);
}

TEST(ReportStats, EquityAndHeatmaps) {
  const Report r = BuildReport(SmallEsTable(), StatsOptions{}, {Dimension::kStream}, {});
  ASSERT_EQ(r.equity.size(), 2u);
  const EquitySeries& es1 = r.equity[0];
  EXPECT_EQ(es1.stream, "ES1");
  ASSERT_EQ(es1.points.size(), 4u);  // 500, 487.5, 237.5, 737.5
  EXPECT_DOUBLE_EQ(es1.points[2].equity_usd, 237.5);
  EXPECT_DOUBLE_EQ(es1.points[2].drawdown_usd, -262.5);
  EXPECT_DOUBLE_EQ(es1.points[3].drawdown_usd, 0.0);
  EXPECT_EQ(r.slot_weekday.row_labels, (std::vector<std::string>{"ES1 07:30", "ES2 09:30"}));
  EXPECT_EQ(r.slot_weekday.column_labels.size(), 5u);
  EXPECT_DOUBLE_EQ(r.slot_weekday.net_usd[1][1], -400.0);  // ES2 Tue
  EXPECT_EQ(r.slot_weekday.trades[1][2], 0u);              // ES2 Wed: only NoTrade
  EXPECT_DOUBLE_EQ(r.slot_weekday.net_usd[0][3], -250.0);  // ES1 Thu
  EXPECT_DOUBLE_EQ(r.year_month.net_usd[0][0], 512.5);
  EXPECT_EQ(r.year_month.trades[0][0], 6u);
}

}  // namespace
}  // namespace orbit::report

namespace orbit::report {
namespace {

// The run's costs (extended columns: GrossUSD, CommissionUSD, SlippageUSD,
// NetUSD) in every net figure. ES trades +500, -400, -12.5, (NoTrade), -250,
// +500, +175 gross, each costing 5 commission + 25 slippage: net +470, -430,
// -42.5, -280, +470, +145.
std::vector<TradeRecord> CostedEsTable() {
  std::vector<TradeRecord> rows = SmallEsTable();
  for (TradeRecord& r : rows) {
    r.has_extended = true;
    r.entry_time = std::to_string(r.date.day()) + " " + r.time;  // distinct trades
    if (!IsTrade(r.result)) continue;
    r.gross_usd = r.profit * 50.0;
    r.commission_usd = 5.0;
    r.slippage_usd = 25.0;
    r.net_usd = r.gross_usd - 30.0;
  }
  return rows;
}

TEST(ReportStats, RunCostsAreInEveryNetFigure) {
  const GroupStats s = ComputeStats(CostedEsTable(), StatsOptions{});
  EXPECT_DOUBLE_EQ(s.gross_usd, 512.5);
  EXPECT_DOUBLE_EQ(s.commission_usd, 30.0);
  EXPECT_DOUBLE_EQ(s.slippage_usd, 150.0);
  EXPECT_DOUBLE_EQ(s.net_usd, 332.5);
  EXPECT_DOUBLE_EQ(s.expectancy_usd, 332.5 / 6);
  EXPECT_DOUBLE_EQ(s.profit_factor, (470.0 + 470.0 + 145.0) / (430.0 + 42.5 + 280.0));
  // Net equity 470, 40, -2.5, -282.5, 187.5, 332.5: the drawdown runs from the first trade's high to the fourth.
  EXPECT_DOUBLE_EQ(s.max_drawdown_usd, 470.0 + 282.5);
  EXPECT_EQ(s.longest_losing_streak, 3u);
  // A report commission comes on top of the run's.
  const GroupStats more = ComputeStats(CostedEsTable(), StatsOptions{1.0});
  EXPECT_DOUBLE_EQ(more.commission_usd, 30.0 + 12.0);
  EXPECT_DOUBLE_EQ(more.net_usd, 332.5 - 12.0);
  const Report report = BuildReport(CostedEsTable(), StatsOptions{}, AllDimensions(), {"t"});
  EXPECT_TRUE(report.run_costs);
  EXPECT_DOUBLE_EQ(report.run_slippage_usd, 150.0);
  EXPECT_DOUBLE_EQ(report.portfolio.net_usd, 332.5);
  double equity_end = 0;
  for (const EquitySeries& e : report.equity) equity_end += e.points.back().equity_usd;
  EXPECT_DOUBLE_EQ(equity_end, 332.5);
  EXPECT_FALSE(BuildReport(SmallEsTable(), StatsOptions{}, AllDimensions(), {"t"}).run_costs);
}

}  // namespace
}  // namespace orbit::report
