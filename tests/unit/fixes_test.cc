// One test per corrected behaviour (--fix KI-nn): the reference's output by
// default and the corrected one with the fix, on a small worked example.
#include "strategy/fixes.h"

#include <gtest/gtest.h>

#include <cstdio>
#include <cstdlib>

#include "core/error.h"
#include "core/rounding.h"
#include "strategy/run_params.h"
#include "support/example_case.h"

namespace orbit::testing {
namespace {

using strategy::Fixes;

std::string Row(const std::string& csv, int index = 0) {  // data row `index` (0-based)
  size_t pos = csv.find('\n') + 1;
  for (int i = 0; i < index; ++i) pos = csv.find('\n', pos) + 1;
  return csv.substr(pos, csv.find('\n', pos) - pos);
}

std::string Field(const std::string& row, int column) {
  size_t start = 0;
  for (int i = 0; i < column; ++i) start = row.find(',', start) + 1;
  return row.substr(start, row.find(',', start) - start);
}

enum Col { kEntryTime = 2, kExitTime = 3, kExitPrice = 5, kPeak = 8, kResult = 10, kRange = 11, kProfit = 15 };

Fixes Only(bool Fixes::*flag) {
  Fixes f;
  f.*flag = true;
  return f;
}

TEST(Fix, KI01_BeScanOnlyAfterT1) {
  const ExampleCase& c = FindExample("time_becomes_be");
  EXPECT_EQ(Field(Row(RunExample(c)), kResult), "BE");
  const std::string fixed = Row(RunExample(c, Only(&Fixes::be_scan_post_t1_only)));
  EXPECT_EQ(Field(fixed, kResult), "TIME");
  EXPECT_EQ(Field(fixed, kExitTime), "08/01/25 07:29");
  EXPECT_EQ(Field(fixed, kExitPrice), "5006.5");
  EXPECT_EQ(Field(fixed, kProfit), "2.25");
}

TEST(Fix, KI02_BeScanExitTimeLocal) {
  const ExampleCase& c = FindExample("time_becomes_be");
  EXPECT_EQ(Field(Row(RunExample(c)), kExitTime), "07/01/25 13:40");
  EXPECT_EQ(Field(Row(RunExample(c, Only(&Fixes::be_scan_local_time))), kExitTime), "07/01/25 07:40");
}

TEST(Fix, KI03_CalendarDayHorizon) {
  const ExampleCase& c = FindExample("friday_before_fall_back");
  EXPECT_EQ(Field(Row(RunExample(c)), kExitTime), "03/11/24 07:29");  // Sunday
  const std::string fixed = Row(RunExample(c, Only(&Fixes::calendar_day_horizon)));
  EXPECT_EQ(Field(fixed, kExitTime), "04/11/24 07:29");  // Monday
  EXPECT_EQ(Field(fixed, kResult), "TIME");
}

TEST(Fix, KI05_NoZeroPeakFallback) {
  const ExampleCase& c = FindExample("loss_on_entry_bar_peak_fallback");
  EXPECT_EQ(Field(Row(RunExample(c)), kPeak), "15.75");
  EXPECT_EQ(Field(Row(RunExample(c, Only(&Fixes::no_zero_peak_fallback))), kPeak), "0.0");
}

TEST(Fix, KI06_ScaleBeProfitForMicros) {
  const ExampleCase& c = FindExample("mes_be");
  EXPECT_EQ(Field(Row(RunExample(c)), kProfit), "-0.25");
  const double expected = RoundDecimals(-0.25 * 0.1, 2);
  EXPECT_EQ(std::stod(Field(Row(RunExample(c, Only(&Fixes::scale_be_profit))), kProfit)), expected);
}

TEST(Fix, KI07_MicroProfitOneMoreDecimal) {
  const ExampleCase& c = FindExample("micro_loss_rounds_to_negative_zero");
  EXPECT_EQ(Field(Row(RunExample(c)), kProfit), "-0.0");
  EXPECT_EQ(Field(Row(RunExample(c, Only(&Fixes::micro_profit_decimals))), kProfit), "-0.3");
}

TEST(Fix, KI08_RoundRange) {
  const ExampleCase& c = FindExample("cl_float_range");
  EXPECT_EQ(Field(Row(RunExample(c)), kRange), "0.20000000000000284");
  EXPECT_EQ(Field(Row(RunExample(c, Only(&Fixes::round_range))), kRange), "0.2");
}

TEST(Fix, KI19_MinuteDataExport) {
  strategy::RunParams p;
  p.instrument = "MINUTEDATAEXPORT";
  EXPECT_THROW(strategy::ValidateRunParams(p, {}), Error);
  EXPECT_EQ(strategy::ValidateRunParams(p, Only(&Fixes::accept_minutedataexport)).tick, 0.25);
}

TEST(Fix, KI23_CliSlotsSelectExactly) {
  // Reference: naming only S1 slots leaves S2 with an empty list = all slots.
  const auto compat = strategy::ParseCliSlots("S1:07:30", {}, nullptr);
  ASSERT_TRUE(compat[1].has_value());
  EXPECT_TRUE(compat[1]->empty());
  strategy::RunParams p;
  p.enabled_slots = compat;
  EXPECT_EQ(strategy::SelectSlots(p, {}).size(), 5u);  // 07:30 + all four S2 slots
  // Corrected: bad labels are errors (and the CLI drops sessions left empty).
  EXPECT_THROW(strategy::ParseCliSlots("S1:7:30", Only(&Fixes::strict_cli_slots), nullptr), Error);
  EXPECT_NO_THROW(strategy::ParseCliSlots("S1:7:30", {}, nullptr));
}

TEST(Fix, KI24_UnknownSlotLabelsRejected) {
  strategy::RunParams p;
  p.instrument = "ES";
  p.enabled_slots[0] = std::vector<std::string>{"7:30"};
  EXPECT_NO_THROW(strategy::ValidateRunParams(p, {}));
  EXPECT_EQ(strategy::SelectSlots(p, {}).size(), 4u);  // no S1 slot at all, all S2 slots
  EXPECT_THROW(strategy::ValidateRunParams(p, Only(&Fixes::strict_slot_labels)), Error);
}

TEST(Fix, KI28_FixedEmptySchema) {
  ExampleCase empty = FindExample("win");
  empty.bars = "2025-01-07 12:00,5000,5004,4996,5001\n";  // no bar in any window: no range
  EXPECT_EQ(RunExample(empty), CsvHeader(16));
  EXPECT_EQ(RunExample(empty, Only(&Fixes::fixed_empty_schema)), CsvHeader(17));
  // Types: Target and Profit print as floats under the fix.
  const std::string fixed = Row(RunExample(FindExample("win"), Only(&Fixes::fixed_empty_schema)));
  EXPECT_EQ(Field(fixed, 7), "10.0");
  EXPECT_EQ(Field(fixed, kProfit), "10.0");
}

TEST(Fix, KI34_ExpiryCheckedFirst) {
  const ExampleCase& c = FindExample("bar_at_expiry_second_still_wins");
  EXPECT_EQ(Field(Row(RunExample(c)), kResult), "Win");
  EXPECT_EQ(Field(Row(RunExample(c, Only(&Fixes::expiry_checked_first))), kResult), "TIME");
}

TEST(Fix, KI42_UniformPeakRule) {
  const ExampleCase& c = FindExample("open_no_zero_peak_fallback");
  const std::string compat = Row(RunExample(c));
  EXPECT_EQ(Field(compat, kResult), "OPEN");
  EXPECT_EQ(Field(compat, kPeak), "0.0");
  EXPECT_NE(Field(Row(RunExample(c, Only(&Fixes::uniform_peak_rule))), kPeak), "0.0");
}

TEST(Fix, ParseListsAndAll) {
  const Fixes f = Fixes::Parse("KI-01, ki-3");
  EXPECT_TRUE(f.be_scan_post_t1_only);
  EXPECT_TRUE(f.calendar_day_horizon);
  EXPECT_FALSE(f.round_range);
  EXPECT_TRUE(Fixes::Parse("all").round_range);
  EXPECT_THROW(Fixes::Parse("KI-99"), Error);
  EXPECT_THROW(Fixes::Parse("bogus"), Error);
}

}  // namespace
}  // namespace orbit::testing

// Issue 22, defect 6: a target off the tick grid only by float noise runs as
// the grid value, which is the double its decimal text parses to.
TEST(SnapToTick, NoiseSnapsToTheGridPointsDecimalDouble) {
  using orbit::strategy::SnapToTick;
  EXPECT_EQ(SnapToTick(5.000000000000001, 0.25), 5.0);
  EXPECT_EQ(SnapToTick(4.999999999999999, 0.25), 5.0);
  EXPECT_EQ(SnapToTick(0.30000000000000004, 0.1), 0.3);  // not 3 x 0.1
  EXPECT_EQ(SnapToTick(0.07, 0.01), 0.07);
  EXPECT_EQ(SnapToTick(0.05, 0.001), 0.05);
  EXPECT_EQ(SnapToTick(12.5, 0.25), 12.5);
  EXPECT_EQ(SnapToTick(7.0, 1.0), 7.0);
  for (int n = 1; n <= 4000; ++n) {  // every grid text stays its own double
    char text[32];
    std::snprintf(text, sizeof text, "%d.%02d", n / 100, n % 100);
    const double v = std::strtod(text, nullptr);
    EXPECT_EQ(SnapToTick(v, 0.01), v) << text;
  }
}
