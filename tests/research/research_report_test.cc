// `orbit report` additions: distinct trades, the distinct-trade portfolio
// equity, and the extended columns read back from a result file.
#include <gtest/gtest.h>

#include <cmath>
#include <filesystem>

#include "report/json_report.h"
#include "report/report_stats.h"
#include "report/result_table_reader.h"
#include "sink/result_writer.h"
#include "support/bar_builder.h"
#include "support/temp_dir.h"

namespace orbit::report {
namespace {

using strategy::Outcome;

TradeRecord Trade(const char* time, Outcome result, double profit, const char* entry, const char* exit) {
  TradeRecord r;
  r.date = cctz::civil_day(2024, 1, 2);
  r.time = time;
  r.result = result;
  r.direction = "Long";
  r.profit = profit;
  r.stream = "ES1";
  r.instrument = "ES";
  r.session = "S1";
  r.entry_time = entry;
  r.exit_time = exit;
  return r;
}

TEST(ResearchReport, SameTradeInTwoSlotsCountsOnceInTheDistinctPortfolio) {
  // 07:30 and 08:00 took the same breakout (same entry and exit): one trade.
  std::vector<TradeRecord> records = {Trade("07:30", Outcome::kWin, 10, "02/01/24 08:05", "02/01/24 08:40"),
                                      Trade("08:00", Outcome::kWin, 10, "02/01/24 08:05", "02/01/24 08:40"),
                                      Trade("09:00", Outcome::kLoss, -4, "02/01/24 09:10", "02/01/24 09:20")};
  StatsOptions options;
  options.commission_per_side_usd = 1;
  const Report report = BuildReport(records, options, {}, {"x"});
  EXPECT_EQ(report.overall.trades, 3u);
  EXPECT_EQ(report.overall.net_usd, 500 + 500 - 200 - 6);
  EXPECT_EQ(report.portfolio.trades, 3u);
  EXPECT_EQ(report.portfolio.distinct_trades, 2u);
  EXPECT_EQ(report.portfolio.net_usd, 498 - 202);
  EXPECT_EQ(report.portfolio.max_drawdown_usd, 202);
  ASSERT_EQ(report.research.size(), 2u);  // all, ES1
  EXPECT_EQ(report.research[0].distinct_trades, 2u);
  EXPECT_FALSE(report.research[0].extended);
  const std::string json = ReportToJson(report);
  const size_t at = json.find("\"portfolio_distinct_trades\"");
  ASSERT_NE(at, std::string::npos) << json;
  std::string compact;
  for (char c : json.substr(at)) if (c != ' ' && c != '\n') compact += c;
  EXPECT_EQ(compact.rfind("\"portfolio_distinct_trades\":{\"trades\":3,\"distinct_trades\":2,\"net_usd\":296", 0), 0u)
      << compact;
}

TEST(ResearchReport, ExtendedColumnsFeedNetMaeAndAmbiguousShare) {
  std::vector<TradeRecord> records;
  const double maes[] = {1, 2, 3, 4, 5, 6, 7, 8, 9, 10};
  for (int i = 0; i < 10; ++i) {
    TradeRecord r = Trade("07:30", Outcome::kTime, 1, "", "");
    r.date = cctz::civil_day(2024, 1, 2 + i);
    r.entry_time = std::to_string(i);
    r.has_extended = true;
    r.net_usd = 10.5;
    r.mae = maes[i];
    r.ambiguous = i < 3;
    records.push_back(r);
  }
  TradeRecord none = Trade("08:00", Outcome::kNoTrade, 0, "", "");
  none.has_extended = true;
  none.mae = std::nan("");
  records.push_back(none);
  const Report report = BuildReport(records, {}, {}, {"x"});
  const ResearchStats& all = report.research[0];
  EXPECT_TRUE(all.extended);
  EXPECT_EQ(all.trades, 10u);
  EXPECT_EQ(all.net_after_costs_usd, 105.0);
  EXPECT_EQ(all.ambiguous, 3u);
  EXPECT_EQ(all.ambiguous_share_pct, 30.0);
  ASSERT_TRUE(all.mae_valid);
  EXPECT_EQ(all.mae_median, 5.0);  // nearest rank: ceil(0.5 * 10) = 5th
  EXPECT_EQ(all.mae_p90, 9.0);
  EXPECT_EQ(all.mae_max, 10.0);
  EXPECT_EQ(report.portfolio.net_usd, 105.0);  // NetUSD, not Profit - commission
}

TEST(ResearchReport, ReaderTakesTheExtendedColumnsFromCsvAndParquet) {
  std::vector<strategy::TradeRow> rows(2);
  for (auto& row : rows) {
    row.date = cctz::civil_day(2024, 1, 2);
    row.slot = *calendar::FindSlot(calendar::SessionId::kS1, "07:30");
  }
  rows[0].result = Outcome::kWin;
  rows[0].direction = strategy::Direction::kLong;
  rows[0].has_entry = true;
  rows[0].entry_time_ns = orbit::testing::Chicago(2024, 1, 2, 7, 45);
  rows[0].exit_clock = strategy::ExitClock::kLocal;
  rows[0].exit_time_ns = orbit::testing::Chicago(2024, 1, 2, 8, 0);
  rows[0].entry_price = 4000;
  rows[0].exit_price = 4010;
  rows[0].profit = 10;
  rows[0].ambiguous = true;
  rows[0].excursion.mae = 2.5;
  rows[1].slot = *calendar::FindSlot(calendar::SessionId::kS1, "08:00");
  engine::ResultTable table = engine::FinalizeResults(*FindInstrument("ES"), rows, 2, {});
  table.extended = engine::ExtendedColumns{};
  table.extended->costs.commission_usd_per_side = 1.25;
  const orbit::testing::UniqueTempDir temp;
  const std::filesystem::path& dir = temp.path();
  for (const char* name : {"r.csv", "r.parquet"}) {
    const std::string path = (dir / name).string();
    sink::WriteResultFile(table, path, calendar::TimeZone::Chicago());
    const std::vector<TradeRecord> read = ReadResultFile(path);
    ASSERT_EQ(read.size(), 2u) << name;
    EXPECT_TRUE(read[0].has_extended) << name;
    EXPECT_EQ(read[0].net_usd, 497.5) << name;
    EXPECT_EQ(read[0].mae, 2.5) << name;
    EXPECT_TRUE(read[0].ambiguous) << name;
    EXPECT_EQ(read[0].entry_time, "02/01/24 07:45") << name;
    EXPECT_TRUE(std::isnan(read[1].mae)) << name;
    EXPECT_FALSE(read[1].ambiguous) << name;
  }
  std::filesystem::remove_all(dir);
}

}  // namespace
}  // namespace orbit::report
