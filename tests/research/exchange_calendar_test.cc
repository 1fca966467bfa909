// The exchange calendar (KI-04): the file format and its errors, the built-in
// CME Globex data, and its three effects on hand-computed days -- no range on
// a closed day, the horizon on the next open day, the entry cutoff at an early
// close. Dates (America/Chicago):
//   Good Friday 2024-03-29 closed      -> Thursday 03-28's trades expire Monday 04-01
//   Thanksgiving 2024-11-28 early 12:00, Friday 11-29 early 12:00
//   Christmas Eve 2024-12-24 early 12:00, Christmas 12-25 closed -> 12-24 expires 12-26
//   July 4th 2024 (Thursday) early 12:00; observed Friday 2020-07-03 and
//   Monday 2021-07-05 early 12:00 (CME Globex trades those days, with a halt)
#include <gtest/gtest.h>

#include <cstdio>
#include <fstream>

#include "calendar/exchange_calendar.h"
#include "core/error.h"
#include "strategy/entry.h"
#include "strategy/horizon.h"
#include "strategy/range_analysis.h"
#include "support/bar_builder.h"

namespace orbit::calendar {
namespace {

using cctz::civil_day;
using orbit::testing::BarBuilder;
using orbit::testing::Chicago;

const ExchangeCalendar& Cme() { return ExchangeCalendar::Cme(); }

std::string ErrorOf(const std::string& text) {
  try {
    ExchangeCalendar::Parse(text, "my.csv");
  } catch (const Error& e) {
    EXPECT_EQ(e.kind(), ErrorKind::kBadInput);
    return e.what();
  }
  return "no error";
}

TEST(ExchangeCalendar, ParsesTheDocumentedFormat) {
  const ExchangeCalendar cal =
      ExchangeCalendar::Parse("# mine\n\ndate,status,close\n2024-03-29,closed,\n2024-11-29,early,12:15\n", "my.csv");
  EXPECT_TRUE(cal.IsClosed(civil_day(2024, 3, 29)));
  EXPECT_FALSE(cal.IsClosed(civil_day(2024, 3, 28)));
  EXPECT_TRUE(cal.IsClosed(civil_day(2024, 3, 30)));  // Saturday
  ASSERT_TRUE(cal.EarlyClose(civil_day(2024, 11, 29)));
  EXPECT_EQ(cal.EarlyClose(civil_day(2024, 11, 29))->hhmm(), 1215);
  EXPECT_FALSE(cal.EarlyClose(civil_day(2024, 3, 29)));
  EXPECT_EQ(cal.NextOpenDay(civil_day(2024, 3, 28)), civil_day(2024, 4, 1));
  EXPECT_EQ(cal.MaxDaysToNextOpen(), 4);
  EXPECT_EQ(cal.closed_count(), 1u);
  EXPECT_EQ(cal.early_count(), 1u);
}

TEST(ExchangeCalendar, MalformedFilesNameFileAndLine) {
  EXPECT_NE(ErrorOf("2024-03-29,closed,\n").find("my.csv:1: expected the header line"), std::string::npos);
  EXPECT_NE(ErrorOf("date,status,close\n2024-02-30,closed,\n").find("my.csv:2: date is not a valid"),
            std::string::npos);
  EXPECT_NE(ErrorOf("date,status,close\n2024-03-29,shut,\n").find("my.csv:2: status must be"), std::string::npos);
  EXPECT_NE(ErrorOf("date,status,close\n# c\n2024-11-29,early,25:00\n").find("my.csv:3: an early close needs"),
            std::string::npos);
  EXPECT_NE(ErrorOf("date,status,close\n2024-03-29,closed,10:00\n").find("my.csv:2: a closed day has no"),
            std::string::npos);
  EXPECT_NE(ErrorOf("date,status,close\n2024-03-29,closed\n").find("my.csv:2: expected three fields"),
            std::string::npos);
  EXPECT_NE(ErrorOf("date,status,close\n2024-03-30,closed,\n").find("my.csv:2: date is a Saturday"),
            std::string::npos);
  EXPECT_NE(ErrorOf("date,status,close\n2024-03-29,closed,\n2024-03-29,closed,\n").find("my.csv:3: date listed twice"),
            std::string::npos);
  EXPECT_NE(ErrorOf("# only a comment\n").find("my.csv:1: no header line"), std::string::npos);
}

TEST(ExchangeCalendar, LoadFileErrors) {
  try {
    ExchangeCalendar::LoadFile("/nonexistent/cal.csv");
    FAIL();
  } catch (const Error& e) {
    EXPECT_EQ(e.kind(), ErrorKind::kIo);
    EXPECT_NE(std::string(e.what()).find("/nonexistent/cal.csv"), std::string::npos);
  }
  try {
    ExchangeCalendar::Named("nyse");
    FAIL();
  } catch (const Error& e) {
    EXPECT_EQ(e.kind(), ErrorKind::kUsage);
    EXPECT_NE(std::string(e.what()).find("--calendar: unknown calendar 'nyse'"), std::string::npos);
  }
  EXPECT_EQ(&ExchangeCalendar::Named("CME"), &Cme());
}

TEST(ExchangeCalendar, BuiltInIsTheCommittedFile) {
  const ExchangeCalendar file = ExchangeCalendar::LoadFile(ORBIT_SOURCE_DIR "/data/calendars/cme_globex.csv");
  EXPECT_EQ(file.closed_count(), Cme().closed_count());
  EXPECT_EQ(file.early_count(), Cme().early_count());
  EXPECT_GT(Cme().closed_count(), 36u * 2);  // at least Good Friday and Christmas a year
}

TEST(ExchangeCalendar, CmeHolidays) {
  EXPECT_TRUE(Cme().IsClosed(civil_day(2024, 3, 29)));   // Good Friday
  EXPECT_TRUE(Cme().IsClosed(civil_day(2024, 12, 25)));  // Christmas
  EXPECT_TRUE(Cme().IsClosed(civil_day(2024, 1, 1)));    // New Year's Day
  EXPECT_TRUE(Cme().IsClosed(civil_day(2000, 4, 21)));   // Good Friday 2000
  EXPECT_TRUE(Cme().IsClosed(civil_day(2035, 12, 25)));
  for (civil_day d : {civil_day(2024, 11, 28), civil_day(2024, 11, 29), civil_day(2024, 12, 24),
                      civil_day(2024, 7, 4), civil_day(2020, 7, 3), civil_day(2021, 7, 5)}) {
    EXPECT_FALSE(Cme().IsClosed(d)) << d;
    ASSERT_TRUE(Cme().EarlyClose(d)) << d;
    EXPECT_EQ(Cme().EarlyClose(d)->hhmm(), 1200) << d;
  }
  EXPECT_FALSE(Cme().EarlyClose(civil_day(2024, 7, 5)));  // the day after July 4th is regular
  EXPECT_GE(Cme().MaxDaysToNextOpen(), 4);
}

const SlotSpec kSlot0730{SessionId::kS1, {7, 30}, "07:30"};

TEST(ExchangeCalendar, HorizonSkipsClosedDays) {
  const TimeZone& zone = TimeZone::Chicago();
  const strategy::Fixes none;
  // Thursday before Good Friday: Monday 07:29:59 (without a calendar: Friday).
  strategy::Horizon h =
      strategy::ComputeHorizon(zone, civil_day(2024, 3, 28), kSlot0730, strategy::TargetMode::kFixed, none, &Cme());
  EXPECT_EQ(h.expiry_ns, Chicago(2024, 4, 1, 7, 29, 59));
  EXPECT_EQ(h.mfe_end_ns, Chicago(2024, 4, 1, 7, 30));
  h = strategy::ComputeHorizon(zone, civil_day(2024, 3, 28), kSlot0730, strategy::TargetMode::kFixed, none);
  EXPECT_EQ(h.expiry_ns, Chicago(2024, 3, 29, 7, 29, 59));
  // Christmas Eve -> the 26th; Wednesday before Thanksgiving -> Thanksgiving
  // (open until 12:00); Friday 2020-07-03 (observed, early close) -> Monday.
  h = strategy::ComputeHorizon(zone, civil_day(2024, 12, 24), kSlot0730, strategy::TargetMode::kFixed, none, &Cme());
  EXPECT_EQ(h.expiry_ns, Chicago(2024, 12, 26, 7, 29, 59));
  h = strategy::ComputeHorizon(zone, civil_day(2024, 11, 27), kSlot0730, strategy::TargetMode::kFixed, none, &Cme());
  EXPECT_EQ(h.expiry_ns, Chicago(2024, 11, 28, 7, 29, 59));
  h = strategy::ComputeHorizon(zone, civil_day(2020, 7, 2), kSlot0730, strategy::TargetMode::kTime, none, &Cme());
  EXPECT_EQ(h.expiry_ns, Chicago(2020, 7, 3, 2, 0));  // time mode, S1: 02:00 of the next open day
  // Autumn DST Friday: the calendar's horizon is Monday (no KI-03 Sunday).
  h = strategy::ComputeHorizon(zone, civil_day(2024, 11, 1), kSlot0730, strategy::TargetMode::kFixed, none, &Cme());
  EXPECT_EQ(h.expiry_ns, Chicago(2024, 11, 4, 7, 29, 59));
}

TEST(ExchangeCalendar, EntryCutoffIsTheEarlyClose) {
  const TimeZone& zone = TimeZone::Chicago();
  EXPECT_EQ(strategy::EntryCutoff(zone, civil_day(2024, 11, 29), &Cme()), Chicago(2024, 11, 29, 12, 0));
  EXPECT_EQ(strategy::EntryCutoff(zone, civil_day(2024, 12, 24), &Cme()), Chicago(2024, 12, 24, 12, 0));
  EXPECT_EQ(strategy::EntryCutoff(zone, civil_day(2021, 7, 5), &Cme()), Chicago(2021, 7, 5, 12, 0));
  EXPECT_EQ(strategy::EntryCutoff(zone, civil_day(2024, 11, 29), nullptr), Chicago(2024, 11, 29, 16, 0));
  EXPECT_EQ(strategy::EntryCutoff(zone, civil_day(2024, 12, 23), &Cme()), Chicago(2024, 12, 23, 16, 0));
}

strategy::RangeContext Context(const ExchangeCalendar* cal) {
  strategy::RangeContext ctx;
  ctx.zone = &TimeZone::Chicago();
  ctx.instrument = *FindInstrument("ES");
  ctx.as_of_ns = Chicago(2030, 1, 1, 0, 0);
  ctx.exchange_calendar = cal;
  return ctx;
}

strategy::RunParams EsParams() {
  strategy::RunParams params;
  params.instrument = "ES";
  return params;
}

// Stray bars on Good Friday: no range with the calendar, one without.
TEST(ExchangeCalendar, NoRangeOnAClosedDay) {
  BarBuilder b;
  for (int m = 0; m < 330; m += 5) b.Add(Chicago(2024, 3, 29, 2, 0) + m * kNanosPerMinute, 5000, 5001, 4999, 5000);
  EXPECT_TRUE(strategy::AnalyzeRange(b.bars.view(), civil_day(2024, 3, 29), kSlot0730, EsParams(), Context(nullptr)).range_exists);
  EXPECT_FALSE(strategy::AnalyzeRange(b.bars.view(), civil_day(2024, 3, 29), kSlot0730, EsParams(), Context(&Cme())).range_exists);
}

// The day after Thanksgiving: a breakout at 12:30 is an entry without the
// calendar, and too late (after the 12:00 early close) with it.
TEST(ExchangeCalendar, BreakoutAfterTheEarlyCloseIsNoTrade) {
  BarBuilder b;
  const civil_day day(2024, 11, 29);
  for (int m = 0; m < 330; m += 5) b.Add(Chicago(2024, 11, 29, 2, 0) + m * kNanosPerMinute, 5000, 5001, 4999, 5000);
  b.Add(Chicago(2024, 11, 29, 12, 30), 5000, 5003, 5000, 5003);
  b.Add(Chicago(2024, 12, 2, 8, 0), 5003, 5004, 5002, 5003);
  const auto without = strategy::AnalyzeRange(b.bars.view(), day, kSlot0730, EsParams(), Context(nullptr));
  ASSERT_TRUE(without.row);
  EXPECT_EQ(without.row->result, strategy::Outcome::kTime);
  EXPECT_EQ(without.row->entry_time_ns, Chicago(2024, 11, 29, 12, 30));
  const auto with = strategy::AnalyzeRange(b.bars.view(), day, kSlot0730, EsParams(), Context(&Cme()));
  ASSERT_TRUE(with.row);
  EXPECT_EQ(with.row->result, strategy::Outcome::kNoTrade);
}

}  // namespace
}  // namespace orbit::calendar
