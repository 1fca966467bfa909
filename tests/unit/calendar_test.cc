#include <gtest/gtest.h>

#include "calendar/naive_localizer.h"
#include "calendar/time_zone.h"
#include "core/error.h"
#include "engine/trading_days.h"
#include "strategy/horizon.h"
#include "support/bar_builder.h"

namespace orbit::calendar {
namespace {

int64_t Wall(int y, int mo, int d, int h, int mi) {
  return (cctz::civil_second(y, mo, d, h, mi, 0) - cctz::civil_second(1970, 1, 1, 0, 0, 0)) * kNanosPerSecond;
}

int64_t Utc(int y, int mo, int d, int h, int mi) { return Wall(y, mo, d, h, mi); }

TEST(TimeZone, ChicagoOffsetsIncludingPre2007Rules) {
  const TimeZone& z = TimeZone::Chicago();
  EXPECT_EQ(z.ToInstant(cctz::civil_second(2025, 1, 7, 7, 30, 0)), Utc(2025, 1, 7, 13, 30));  // CST
  EXPECT_EQ(z.ToInstant(cctz::civil_second(2025, 7, 7, 7, 30, 0)), Utc(2025, 7, 7, 12, 30));  // CDT
  // 2006-03-14: still CST under the pre-2007 rules (DST began 2006-04-02).
  EXPECT_EQ(z.ToInstant(cctz::civil_second(2006, 3, 14, 7, 40, 0)), Utc(2006, 3, 14, 13, 40));
  EXPECT_THROW(TimeZone::Load("Mars/Olympus_Mons"), Error);
}

TEST(NaiveLocalizer, SortedFallBackHourIsInferred) {
  NaiveLocalizer l(TimeZone::Chicago());
  // 2024-11-03 01:00-01:59 happens twice; sorted input passes it twice.
  EXPECT_EQ(*l.ToInstant(Wall(2024, 11, 3, 0, 59)), Utc(2024, 11, 3, 5, 59));
  EXPECT_EQ(*l.ToInstant(Wall(2024, 11, 3, 1, 30)), Utc(2024, 11, 3, 6, 30));  // CDT pass
  EXPECT_EQ(*l.ToInstant(Wall(2024, 11, 3, 1, 0)), Utc(2024, 11, 3, 7, 0));    // stepped back: CST pass
  EXPECT_EQ(*l.ToInstant(Wall(2024, 11, 3, 1, 59)), Utc(2024, 11, 3, 7, 59));
  EXPECT_EQ(*l.ToInstant(Wall(2024, 11, 3, 2, 0)), Utc(2024, 11, 3, 8, 0));
}

TEST(NaiveLocalizer, SpringForwardGapIsRejectedAndCacheStaysRight) {
  NaiveLocalizer l(TimeZone::Chicago());
  EXPECT_EQ(*l.ToInstant(Wall(2024, 3, 10, 1, 59)), Utc(2024, 3, 10, 7, 59));
  EXPECT_FALSE(l.ToInstant(Wall(2024, 3, 10, 2, 30)).has_value());
  EXPECT_EQ(*l.ToInstant(Wall(2024, 3, 10, 3, 0)), Utc(2024, 3, 10, 8, 0));
  for (int day = 11; day < 20; ++day) EXPECT_EQ(*l.ToInstant(Wall(2024, 3, day, 9, 0)), Utc(2024, 3, day, 14, 0));
}

TEST(Horizon, FridayBeforeFallBackLandsOnSundayUnlessFixed) {  // KI-03
  const TimeZone& z = TimeZone::Chicago();
  const SlotSpec slot = SlotAt(SessionId::kS1, 0);  // 07:30
  const auto compat = strategy::ComputeHorizon(z, cctz::civil_day(2024, 11, 1), slot, strategy::TargetMode::kFixed, {});
  EXPECT_EQ(cctz::civil_day(z.ToCivil(compat.expiry_ns)), cctz::civil_day(2024, 11, 3));
  strategy::Fixes fixes;
  fixes.calendar_day_horizon = true;
  const auto fixed = strategy::ComputeHorizon(z, cctz::civil_day(2024, 11, 1), slot, strategy::TargetMode::kFixed, fixes);
  EXPECT_EQ(z.ToCivil(fixed.expiry_ns), cctz::civil_second(2024, 11, 4, 7, 29, 59));
  EXPECT_EQ(z.ToCivil(fixed.mfe_end_ns), cctz::civil_second(2024, 11, 4, 7, 30, 0));
  const auto time_mode =
      strategy::ComputeHorizon(z, cctz::civil_day(2025, 1, 7), SlotAt(SessionId::kS2, 3), strategy::TargetMode::kTime, {});
  EXPECT_EQ(z.ToCivil(time_mode.expiry_ns), cctz::civil_second(2025, 1, 8, 8, 0, 0));  // S2 start
}

TEST(TradingDays, LocalDatesWithWeekdayFilter) {
  orbit::testing::BarBuilder b;
  b.Add(orbit::testing::Chicago(2025, 1, 5, 17, 0), 1, 1, 1, 1);   // Sunday evening
  b.Add(orbit::testing::Chicago(2025, 1, 6, 7, 0), 1, 1, 1, 1);    // Monday
  b.Add(orbit::testing::Chicago(2025, 1, 6, 23, 30), 1, 1, 1, 1);  // Monday 23:30 (local date Monday)
  b.Add(orbit::testing::Chicago(2025, 1, 7, 7, 0), 1, 1, 1, 1);    // Tuesday
  const auto days = engine::ListTradingDays(b.bars.view(), TimeZone::Chicago(), {0, 1, 2, 3, 4});
  ASSERT_EQ(days.size(), 2u);
  EXPECT_EQ(days[0].date, cctz::civil_day(2025, 1, 6));
  EXPECT_EQ(days[0].first_bar, 1u);
  EXPECT_EQ(days[0].end_bar, 3u);
  EXPECT_EQ(days[1].date, cctz::civil_day(2025, 1, 7));
  EXPECT_EQ(engine::ListTradingDays(b.bars.view(), TimeZone::Chicago(), {1}).size(), 1u);
}

}  // namespace
}  // namespace orbit::calendar
