// The extended result columns as CSV and Arrow: the 17 reference columns
// unchanged and first, then the 13 research columns with their NoTrade/OPEN
// nulls, ISO-8601 instants in the output zone, and USD figures.
#include <arrow/api.h>
#include <gtest/gtest.h>

#include <sstream>

#include "engine/result_table.h"
#include "sink/result_writer.h"
#include "support/bar_builder.h"

namespace orbit::sink {
namespace {

using orbit::testing::Chicago;
using strategy::Direction;
using strategy::Outcome;
using strategy::TradeRow;

constexpr int64_t kMin = calendar::kNanosPerMinute;

std::vector<std::string> Lines(const std::string& text) {
  std::vector<std::string> out;
  std::istringstream in(text);
  for (std::string line; std::getline(in, line);) out.push_back(line);
  return out;
}

engine::ResultTable Table() {
  std::vector<TradeRow> rows;
  TradeRow win;
  win.date = cctz::civil_day(2024, 1, 2);
  win.slot = *calendar::FindSlot(calendar::SessionId::kS1, "07:30");
  win.result = Outcome::kWin;
  win.direction = Direction::kLong;
  win.has_entry = true;
  win.entry_time_ns = Chicago(2024, 1, 2, 7, 41);
  win.exit_clock = strategy::ExitClock::kLocal;
  win.exit_time_ns = Chicago(2024, 1, 2, 8, 5);
  win.entry_price = 4800.25;
  win.exit_price = 4810.25;
  win.stop_loss = 6.5;
  win.peak = 12.0;
  win.range = 6.25;
  win.profit = 10;
  win.ambiguous = true;
  win.has_exit_instant = true;
  win.exit_instant_ns = win.exit_time_ns;
  win.excursion = {3.0000000001, 12.0, win.entry_time_ns + 2 * kMin, win.exit_time_ns, 25, win.exit_time_ns};
  TradeRow none;
  none.date = cctz::civil_day(2024, 1, 2);
  none.slot = *calendar::FindSlot(calendar::SessionId::kS2, "09:30");
  none.range = 4.0;
  rows = {win, none};
  engine::ResultTable t = engine::FinalizeResults(*FindInstrument("ES"), rows, 2, {});
  engine::ExtendedColumns x;
  x.costs.commission_usd_per_side = 2;
  x.costs.slippage_ticks_per_side = 1;
  t.extended = x;
  return t;
}

TEST(ExtendedColumns, CsvKeepsTheReferenceColumnsFirst) {
  const calendar::TimeZone& chicago = calendar::TimeZone::Chicago();
  engine::ResultTable t = Table();
  const std::vector<std::string> ext = Lines(ResultCsvText(t, chicago));
  t.extended.reset();
  const std::vector<std::string> ref = Lines(ResultCsvText(t, chicago));
  ASSERT_EQ(ext.size(), 3u);
  for (size_t i = 0; i < ref.size(); ++i) EXPECT_EQ(ext[i].substr(0, ref[i].size()), ref[i]);
  EXPECT_EQ(ext[0].substr(ref[0].size()),
            ",EntryTimestamp,ExitTimestamp,MAE,MFE,MAEMinutes,MFEMinutes,BarsHeld,Ambiguous,PointValue,GrossUSD,"
            "CommissionUSD,SlippageUSD,NetUSD");
  EXPECT_EQ(ext[1].substr(ref[1].size()),
            ",2024-01-02T13:41:00+00:00,2024-01-02T14:05:00+00:00,3.0,12.0,2.0,24.0,25,True,50.0,500.0,4.0,25.0,"
            "471.0");
  EXPECT_EQ(ext[2].substr(ref[2].size()), ",,,,,,,0,False,50.0,0.0,0.0,0.0,0.0");
}

TEST(ExtendedColumns, OutputZoneShowsTheOffset) {
  engine::ResultTable t = Table();
  t.extended->output_zone =
      std::make_shared<const calendar::TimeZone>(calendar::TimeZone::Load("America/New_York"));
  const std::vector<std::string> lines = Lines(ResultCsvText(t, calendar::TimeZone::Chicago()));
  EXPECT_NE(lines[1].find(",2024-01-02T08:41:00-05:00,2024-01-02T09:05:00-05:00,"), std::string::npos) << lines[1];
}

TEST(ExtendedColumns, ArrowTypesAndNulls) {
  const auto table = ResultToArrow(Table(), calendar::TimeZone::Chicago(), DateColumn::kString);
  ASSERT_EQ(table->num_columns(), 30);
  EXPECT_EQ(table->schema()->field(16)->name(), "open_as_of_time");
  EXPECT_EQ(table->schema()->field(17)->name(), "EntryTimestamp");
  EXPECT_TRUE(table->schema()->field(17)->type()->Equals(arrow::timestamp(arrow::TimeUnit::NANO, "UTC")));
  EXPECT_TRUE(table->schema()->field(23)->type()->Equals(arrow::int64()));    // BarsHeld
  EXPECT_TRUE(table->schema()->field(24)->type()->Equals(arrow::boolean()));  // Ambiguous
  EXPECT_EQ(table->column(17)->null_count(), 1);  // NoTrade
  EXPECT_EQ(table->column(19)->null_count(), 1);  // MAE
  EXPECT_EQ(table->column(29)->null_count(), 0);  // NetUSD: 0 for NoTrade
}

TEST(ExtendedColumns, SummaryCountsAmbiguousTrades) { EXPECT_EQ(engine::Summarize(Table()).ambiguous, 1u); }

}  // namespace
}  // namespace orbit::sink
