#include "quality/bar_quality.h"

#include <gtest/gtest.h>

#include <cmath>
#include <limits>

#include "source/bar_columns.h"

namespace orbit::quality {
namespace {

const calendar::TimeZone& Chicago() { return calendar::TimeZone::Chicago(); }

// 2024-01-08 is a Monday.
int64_t At(int day, int hour, int minute, int second = 0) {
  return Chicago().ToInstant(cctz::civil_second(2024, 1, day, hour, minute, second));
}

InstrumentSpec Es() { return *FindInstrument("ES"); }

struct Series {
  source::BarColumns columns;
  void Add(int64_t ts, double o, double h, double l, double c) { columns.Append(ts, o, h, l, c); }
  void Flat(int64_t ts, double price = 4500.0) { Add(ts, price, price + 0.25, price - 0.25, price); }
  QualityReport Check(QualityOptions options = {}) const {
    return CheckBarQuality(columns.view(), Es(), Chicago(), options);
  }
};

TEST(InGlobexHours, SundayEveningToFridayAfternoonWithADailyBreak) {
  auto open = [](int day, int h, int m) { return InGlobexHours(cctz::civil_second(2024, 1, day, h, m, 0)); };
  EXPECT_FALSE(open(7, 16, 59));  // Sunday before the open
  EXPECT_TRUE(open(7, 17, 0));
  EXPECT_TRUE(open(8, 15, 59));   // Monday
  EXPECT_FALSE(open(8, 16, 0));   // daily break
  EXPECT_FALSE(open(8, 16, 59));
  EXPECT_TRUE(open(8, 17, 0));
  EXPECT_TRUE(open(12, 15, 59));  // Friday
  EXPECT_FALSE(open(12, 16, 0));
  EXPECT_FALSE(open(12, 17, 30)); // no Friday evening session
  EXPECT_FALSE(open(13, 10, 0));  // Saturday
}

TEST(CheckBarQuality, EmptySeriesReportsNothing) {
  const QualityReport r = Series{}.Check();
  EXPECT_EQ(r.bars, 0u);
  EXPECT_FALSE(r.first_ns.has_value());
  EXPECT_EQ(r.gaps, 0u);
}

TEST(CheckBarQuality, GapInTradingHoursIsFlaggedAndTheThresholdIsExclusive) {
  Series s;
  s.Flat(At(8, 8, 0));
  s.Flat(At(8, 8, 10));  // exactly 10 minutes: not a gap
  s.Flat(At(8, 8, 40));  // 30 minutes: a gap in trading hours
  s.Flat(At(8, 8, 41));
  const QualityReport r = s.Check();
  EXPECT_EQ(r.bars, 4u);
  EXPECT_EQ(*r.first_ns, At(8, 8, 0));
  EXPECT_EQ(*r.last_ns, At(8, 8, 41));
  EXPECT_EQ(r.gaps, 1u);
  EXPECT_EQ(r.gaps_in_trading_hours, 1u);
  ASSERT_EQ(r.largest_gaps.size(), 1u);
  EXPECT_EQ(r.largest_gaps[0].from_ns, At(8, 8, 10));
  EXPECT_EQ(r.largest_gaps[0].to_ns, At(8, 8, 40));
  EXPECT_TRUE(r.largest_gaps[0].in_trading_hours);
}

TEST(CheckBarQuality, GapsOverTheDailyBreakAndTheWeekendAreExpected) {
  Series s;
  s.Flat(At(8, 15, 59));
  s.Flat(At(8, 17, 0));   // daily break
  s.Flat(At(12, 15, 59));
  s.Flat(At(14, 17, 0));  // weekend
  const QualityReport r = s.Check();
  EXPECT_EQ(r.gaps, 3u);  // 17:00 Monday -> 15:59 Friday is a gap too, and spans breaks
  EXPECT_EQ(r.gaps_in_trading_hours, 0u);
  ASSERT_EQ(r.largest_gaps.size(), 3u);
  EXPECT_EQ(r.largest_gaps[0].from_ns, At(8, 17, 0));   // longest first
  EXPECT_EQ(r.largest_gaps[1].from_ns, At(12, 15, 59));
  EXPECT_EQ(r.largest_gaps[2].from_ns, At(8, 15, 59));
}

TEST(CheckBarQuality, GapThresholdIsAnOption) {
  Series s;
  s.Flat(At(8, 8, 0));
  s.Flat(At(8, 8, 3));
  QualityOptions options;
  options.gap_threshold_ns = 2 * calendar::kNanosPerMinute;
  EXPECT_EQ(s.Check(options).gaps, 1u);
  EXPECT_EQ(s.Check().gaps, 0u);
}

TEST(CheckBarQuality, DuplicateTimestampsAreCountedOncePerExtraBar) {
  Series s;
  s.Flat(At(8, 8, 0));
  s.Flat(At(8, 8, 1));
  s.Flat(At(8, 8, 1));
  s.Flat(At(8, 8, 1));
  s.Flat(At(8, 8, 2));
  s.Flat(At(8, 8, 2));
  const QualityReport r = s.Check();
  EXPECT_EQ(r.duplicate_timestamps, 3u);
  ASSERT_EQ(r.duplicate_examples.size(), 2u);
  EXPECT_EQ(r.duplicate_examples[0], At(8, 8, 1));
  EXPECT_EQ(r.duplicate_examples[1], At(8, 8, 2));
}

TEST(CheckBarQuality, OffTickPricesUseTheInstrumentsTick) {
  Series s;
  s.Add(At(8, 8, 0), 4500.00, 4500.75, 4499.50, 4500.25);  // on the 0.25 grid
  s.Add(At(8, 8, 1), 4500.10, 4500.75, 4499.50, 4500.25);  // open off the grid
  s.Add(At(8, 8, 2), 4500.00, 4500.75, 4499.50, 4500.30);  // close off the grid
  const QualityReport r = s.Check();
  EXPECT_EQ(r.off_tick_bars, 2u);
  ASSERT_EQ(r.off_tick_examples.size(), 2u);
  EXPECT_EQ(r.off_tick_examples[0].ts_ns, At(8, 8, 1));
  EXPECT_DOUBLE_EQ(r.off_tick_examples[1].close, 4500.30);
}

TEST(CheckBarQuality, OhlcViolationsAreStrictAndNanBarsAreCountedApart) {
  const double nan = std::numeric_limits<double>::quiet_NaN();
  Series s;
  s.Add(At(8, 8, 0), 4500.0, 4500.0, 4500.0, 4500.0);  // equality is fine
  s.Add(At(8, 8, 1), 4500.0, 4499.0, 4498.0, 4500.0);  // high < open
  s.Add(At(8, 8, 2), 4500.0, 4501.0, 4500.5, 4500.5);  // low > open
  s.Add(At(8, 8, 3), nan, 4501.0, 4500.0, 4500.5);
  const QualityReport r = s.Check();
  EXPECT_EQ(r.ohlc_violations, 2u);
  ASSERT_EQ(r.ohlc_examples.size(), 2u);
  EXPECT_EQ(r.ohlc_examples[0].ts_ns, At(8, 8, 1));
  EXPECT_EQ(r.nan_price_bars, 1u);
}

TEST(CheckBarQuality, BarsOutsideGlobexHours) {
  Series s;
  s.Flat(At(8, 15, 59));
  s.Flat(At(8, 16, 30));  // daily break
  s.Flat(At(13, 10, 0));  // Saturday
  const QualityReport r = s.Check();
  EXPECT_EQ(r.outside_hours, 2u);
  ASSERT_EQ(r.outside_hours_examples.size(), 2u);
  EXPECT_EQ(r.outside_hours_examples[0].ts_ns, At(8, 16, 30));
}

TEST(CheckBarQuality, OutliersAreLargeAgainstTheMedianRange) {
  Series s;
  for (int m = 0; m < 30; ++m) s.Add(At(8, 9, m), 4500.0, 4500.5, 4499.5, 4500.0);  // range 1
  s.Add(At(8, 9, 30), 4500.0, 4525.0, 4499.0, 4520.0);   // range 26
  s.Add(At(8, 9, 31), 4550.0, 4550.5, 4549.5, 4550.0);   // jump 30 from the previous close
  s.Add(At(8, 9, 50), 4600.0, 4600.5, 4599.5, 4600.0);   // after a gap: the jump does not count
  QualityOptions options;
  options.outlier_factor = 20.0;
  const QualityReport r = s.Check(options);
  EXPECT_DOUBLE_EQ(r.median_range, 1.0);
  EXPECT_EQ(r.outliers, 2u);
  ASSERT_EQ(r.outlier_examples.size(), 2u);
  EXPECT_EQ(r.outlier_examples[0].bar.ts_ns, At(8, 9, 31));  // largest ratio first
  EXPECT_DOUBLE_EQ(r.outlier_examples[0].size, 30.0);
  EXPECT_DOUBLE_EQ(r.outlier_examples[0].ratio, 30.0);
  EXPECT_DOUBLE_EQ(r.outlier_examples[1].size, 26.0);
}

TEST(CheckBarQuality, HighestHighsAndLowestLowsInOrderLimitedToTop) {
  Series s;
  s.Add(At(8, 9, 0), 10.0, 12.0, 9.0, 11.0);
  s.Add(At(8, 9, 1), 10.0, 15.0, 8.0, 11.0);
  s.Add(At(8, 9, 2), 10.0, 13.0, 5.0, 11.0);
  s.Add(At(8, 9, 3), 10.0, 15.0, 7.0, 11.0);  // ties the highest high: later bar second
  QualityOptions options;
  options.top = 2;
  const QualityReport r = s.Check(options);
  ASSERT_EQ(r.highest_highs.size(), 2u);
  EXPECT_EQ(r.highest_highs[0].ts_ns, At(8, 9, 1));
  EXPECT_EQ(r.highest_highs[1].ts_ns, At(8, 9, 3));
  ASSERT_EQ(r.lowest_lows.size(), 2u);
  EXPECT_DOUBLE_EQ(r.lowest_lows[0].low, 5.0);
  EXPECT_DOUBLE_EQ(r.lowest_lows[1].low, 7.0);
}

TEST(CheckBarQuality, ExamplesAreCappedButCountsAreNot) {
  Series s;
  for (int m = 0; m < 20; ++m) s.Add(At(13, 9, m), 4500.1, 4500.75, 4499.5, 4500.25);  // Saturday, off tick
  QualityOptions options;
  options.top = 3;
  const QualityReport r = s.Check(options);
  EXPECT_EQ(r.outside_hours, 20u);
  EXPECT_EQ(r.outside_hours_examples.size(), 3u);
  EXPECT_EQ(r.off_tick_bars, 20u);
  EXPECT_EQ(r.off_tick_examples.size(), 3u);
}

}  // namespace
}  // namespace orbit::quality
