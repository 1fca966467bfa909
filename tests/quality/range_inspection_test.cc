#include "quality/range_inspection.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <map>
#include <tuple>

#include "engine/analyzer.h"
#include "gen/synthetic_bars.h"
#include "source/bar_columns.h"

namespace orbit::quality {
namespace {

struct Fixture {
  source::BarColumns bars;
  strategy::RangeContext ctx;

  Fixture() {
    gen::GenOptions options;
    options.instrument = *FindInstrument("ES");
    options.start = cctz::civil_day(2024, 3, 4);
    options.end = cctz::civil_day(2024, 3, 15);
    options.seed = 11;
    gen::GenerateBars(options, [this](const gen::GeneratedBar& b) { bars.Append(b.ts_ns, b.open, b.high, b.low, b.close); });
    ctx.zone = &calendar::TimeZone::Chicago();
    ctx.instrument = options.instrument;
    ctx.as_of_ns = ctx.zone->ToInstant(cctz::civil_second(2024, 3, 20, 0, 0, 0));
  }
};

bool SameDouble(double a, double b) { return a == b || (std::isnan(a) && std::isnan(b)); }

TEST(InspectRange, RowEqualsTheEnginesRowForEveryRange) {
  const Fixture f;
  strategy::RunParams params;
  params.instrument = "ES";
  params.enabled_slots = {std::vector<std::string>{}, std::vector<std::string>{}};  // every slot
  engine::AnalyzeOptions options;
  options.threads = 1;
  const std::vector<strategy::TradeRow> rows = engine::AnalyzeRows(f.bars.view(), params, f.ctx, options, nullptr);
  ASSERT_GT(rows.size(), 40u);
  size_t entered = 0;
  for (const strategy::TradeRow& expected : rows) {
    const RangeInspection got = InspectRange(f.bars.view(), expected.date, expected.slot, f.ctx);
    ASSERT_TRUE(got.range_exists);
    ASSERT_TRUE(got.row.has_value());
    const strategy::TradeRow& row = *got.row;
    EXPECT_EQ(row.result, expected.result);
    EXPECT_EQ(row.direction, expected.direction);
    EXPECT_EQ(row.entry_time_ns, expected.entry_time_ns);
    EXPECT_EQ(row.exit_time_ns, expected.exit_time_ns);
    EXPECT_TRUE(SameDouble(row.entry_price, expected.entry_price));
    EXPECT_TRUE(SameDouble(row.exit_price, expected.exit_price));
    EXPECT_TRUE(SameDouble(row.peak, expected.peak));
    EXPECT_TRUE(SameDouble(row.range, expected.range));
    EXPECT_TRUE(SameDouble(row.profit, expected.profit));
    EXPECT_DOUBLE_EQ(got.range.size, expected.range);
    if (row.has_entry) {
      ++entered;
      const double level = row.direction == strategy::Direction::kLong ? got.levels.long_level : got.levels.short_level;
      EXPECT_EQ(row.entry_price, level);  // the entry is the breakout level taken
    }
  }
  EXPECT_GT(entered, 10u);
}

TEST(InspectRange, WindowBoundsRangeAndLevelsFollowTheBars) {
  const Fixture f;
  const cctz::civil_day date(2024, 3, 6);
  const calendar::SlotSpec slot = *calendar::FindSlot(calendar::SessionId::kS2, "09:30");
  const RangeInspection got = InspectRange(f.bars.view(), date, slot, f.ctx);
  const calendar::TimeZone& zone = *f.ctx.zone;
  EXPECT_EQ(got.window_start_ns, zone.ToInstant(date, 8, 0, 0));
  EXPECT_EQ(got.slot_end_ns, zone.ToInstant(date, 9, 30, 0));
  EXPECT_EQ(got.entry_cutoff_ns, zone.ToInstant(date, 16, 0, 0));
  ASSERT_TRUE(got.range_exists);
  double high = -1e300, low = 1e300, last_close = 0;
  const BarSeries bars = f.bars.view();
  for (size_t i = 0; i < bars.size(); ++i) {
    if (bars.ts_ns[i] < got.window_start_ns || bars.ts_ns[i] >= got.slot_end_ns) continue;
    high = std::max(high, bars.high[i]);
    low = std::min(low, bars.low[i]);
    last_close = bars.close[i];
  }
  EXPECT_EQ(got.range.high, high);
  EXPECT_EQ(got.range.low, low);
  EXPECT_EQ(got.range.freeze_close, last_close);
  EXPECT_EQ(got.levels.long_level, high + 0.25);  // one ES tick beyond, already on the grid
  EXPECT_EQ(got.levels.short_level, low - 0.25);
}

TEST(InspectRange, NoBarsInTheWindowMeansNoRange) {
  const Fixture f;
  const RangeInspection got =
      InspectRange(f.bars.view(), cctz::civil_day(2024, 3, 9), *calendar::FindSlot(calendar::SessionId::kS1, "07:30"),
                   f.ctx);  // a Saturday
  EXPECT_FALSE(got.range_exists);
  EXPECT_FALSE(got.row.has_value());
}

TEST(InspectRange, NoTradeRowIsReturnedEvenWhenTheRunWouldDropIt) {
  // A range of 100..101 from 08:00 to 09:30 and bars inside it until 16:30: no breakout.
  Fixture f;
  f.bars = source::BarColumns{};
  const calendar::TimeZone& zone = *f.ctx.zone;
  const cctz::civil_day date(2024, 1, 8);
  for (int minute = 8 * 60; minute < 16 * 60 + 30; ++minute) {
    const int64_t ts = zone.ToInstant(date, minute / 60, minute % 60, 0);
    if (minute < 9 * 60 + 30) f.bars.Append(ts, 100.5, 101.0, 100.0, 100.5);
    else f.bars.Append(ts, 100.5, 100.75, 100.25, 100.5);
  }
  f.ctx.write_no_trade_rows = false;
  const RangeInspection got = InspectRange(f.bars.view(), date, *calendar::FindSlot(calendar::SessionId::kS2, "09:30"),
                                           f.ctx);
  ASSERT_TRUE(got.range_exists);
  EXPECT_EQ(got.range.high, 101.0);
  EXPECT_EQ(got.range.low, 100.0);
  EXPECT_EQ(got.levels.long_level, 101.25);
  EXPECT_EQ(got.levels.short_level, 99.75);
  ASSERT_TRUE(got.row.has_value());
  EXPECT_EQ(got.row->result, strategy::Outcome::kNoTrade);
  EXPECT_FALSE(got.row->has_entry);
}

}  // namespace
}  // namespace orbit::quality
