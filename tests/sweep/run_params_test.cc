// The exit parameters, slot minutes and range starts of RunParams (issue 12):
// validation messages, slot order, the range window they select, and the
// Target/Profit typing of a non-default target.
#include <gtest/gtest.h>

#include <cmath>

#include "calendar/time_zone.h"
#include "core/error.h"
#include "engine/analyzer.h"
#include "gen/synthetic_bars.h"
#include "sink/result_writer.h"
#include "source/bar_columns.h"
#include "strategy/run_params.h"

namespace orbit::strategy {
namespace {

std::string UsageMessage(const RunParams& p, const Fixes& fixes = {}) {
  try {
    ValidateRunParams(p, fixes);
  } catch (const Error& e) {
    EXPECT_EQ(e.kind(), ErrorKind::kUsage);
    return e.what();
  }
  return "";
}

RunParams Es() {
  RunParams p;
  p.instrument = "ES";
  return p;
}

TEST(RunParamsExit, DefaultsAreTheReferenceConstants) {
  const RunParams p = Es();
  const InstrumentSpec spec = ValidateRunParams(p, {});
  const ExitRule rule = ResolveExitRule(p, spec);
  EXPECT_EQ(rule.target, 10.0);
  EXPECT_EQ(rule.stop_cap, 3.0);
  EXPECT_EQ(rule.t1_fraction, 0.65);
  EXPECT_EQ(rule.be_offset_ticks, 1);
  EXPECT_TRUE(HasDefaultStrategyParameters(p));
  EXPECT_TRUE(spec.target_is_int);
}

TEST(RunParamsExit, ValidationNamesTheParameter) {
  RunParams p = Es();
  p.target = 10.1;
  EXPECT_NE(UsageMessage(p).find("target 10.1 is not a multiple of the ES tick 0.25"), std::string::npos);
  p.target = -5;
  EXPECT_NE(UsageMessage(p).find("target -5.0 is not a positive"), std::string::npos);
  p = Es();
  p.t1_fraction = 1.0;
  EXPECT_NE(UsageMessage(p).find("T1 fraction 1.0"), std::string::npos);
  p = Es();
  p.stop_cap = 0;
  EXPECT_NE(UsageMessage(p).find("stop cap 0.0"), std::string::npos);
  p = Es();
  p.be_offset_ticks = -1;
  EXPECT_NE(UsageMessage(p).find("break-even offset -1"), std::string::npos);
  EXPECT_THROW(ParseT1FractionText("1"), Error);
  EXPECT_THROW(ParseTargetText("abc"), Error);
  EXPECT_THROW(ParseBeOffsetText("1.5"), Error);
  EXPECT_EQ(ParseT1FractionText("0.999999"), 0.999999);
}

TEST(RunParamsExit, NonDefaultValuesAreListed) {
  RunParams p = Es();
  p.target = 12.5;
  p.be_offset_ticks = 0;
  ApplyCliRangeStarts(p, "S1:06:00");
  const auto listed = NonDefaultStrategyParameters(p);
  ASSERT_EQ(listed.size(), 3u);
  EXPECT_EQ(listed[0], (std::pair<std::string, std::string>{"target", "12.5"}));
  EXPECT_EQ(listed[1], (std::pair<std::string, std::string>{"be_offset", "0"}));
  EXPECT_EQ(listed[2], (std::pair<std::string, std::string>{"range_start", "S1:06:00"}));
}

TEST(RunParamsSlots, AnyMinuteOfTheSessionInTimeOrder) {
  RunParams p = Es();
  ApplyCliSlots(p, "S1:08:15,S1:07:30,S2:10:05,S1:07:45", {}, nullptr);
  const std::vector<calendar::SlotSpec> slots = SelectSlots(p, {});
  std::vector<std::string> labels;
  for (const auto& s : slots) labels.emplace_back(s.label);
  EXPECT_EQ(labels, (std::vector<std::string>{"07:30", "07:45", "08:15", "10:05"}));
  EXPECT_NO_THROW(ValidateRunParams(p, {}));
  // Before the range start, or at/after the 16:00 cutoff: usage errors.
  RunParams early = Es();
  ApplyCliSlots(early, "S1:01:30", {}, nullptr);
  EXPECT_NE(UsageMessage(early).find("slot S1:01:30 does not end after its range start 02:00"), std::string::npos);
  RunParams late = Es();
  ApplyCliSlots(late, "S2:16:00", {}, nullptr);
  EXPECT_NE(UsageMessage(late).find("slot S2:16:00 is not before the 16:00 entry cutoff"), std::string::npos);
  RunParams moved = Es();
  ApplyCliSlots(moved, "S1:07:30", {}, nullptr);
  ApplyCliRangeStarts(moved, "S1:07:30");
  EXPECT_NE(UsageMessage(moved).find("S1:07:30 does not end after its range start 07:30"), std::string::npos);
  EXPECT_THROW(ApplyCliRangeStarts(moved, "S1:6:00"), Error);
  EXPECT_THROW(ApplyCliRangeStarts(moved, "S3:06:00"), Error);
  EXPECT_THROW(ApplyCliRangeStarts(moved, "S1:06:00,S1:05:00"), Error);
}

// The Range of a slot at 07:45 with the range starting at 06:00 is the
// high-low over exactly the bars of [06:00, 07:45).
TEST(RunParamsSlots, RangeWindowFollowsTheSlotMinuteAndRangeStart) {
  gen::GenOptions o;
  o.instrument = *FindInstrument("ES");
  o.start = cctz::civil_day(2024, 6, 3);
  o.end = cctz::civil_day(2024, 6, 7);
  orbit::source::BarColumns columns;
  gen::GenerateBars(o, [&](const gen::GeneratedBar& b) { columns.Append(b.ts_ns, b.open, b.high, b.low, b.close); });
  const BarSeries bars = columns.view();
  RunParams p = Es();
  p.enabled_sessions = {calendar::SessionId::kS1};
  ApplyCliSlots(p, "S1:07:45", {}, nullptr);
  ApplyCliRangeStarts(p, "S1:06:00");
  const calendar::TimeZone& zone = calendar::TimeZone::Chicago();
  RangeContext ctx{&zone, ValidateRunParams(p, {}), zone.ToInstant(cctz::civil_second(2024, 6, 10, 0, 0, 0)), {}};
  engine::AnalyzeOptions options;
  const engine::ResultTable table = engine::Analyze(bars, p, ctx, options);
  ASSERT_EQ(table.rows.size(), 5u);
  for (const TradeRow& row : table.rows) {
    EXPECT_EQ(row.slot.label, "07:45");
    const size_t begin = bars.LowerBound(zone.ToInstant(row.date, 6, 0, 0));
    const size_t end = bars.LowerBound(zone.ToInstant(row.date, 7, 45, 0));
    double high = -INFINITY, low = INFINITY;
    for (size_t i = begin; i < end; ++i) high = std::max(high, bars.high[i]), low = std::min(low, bars.low[i]);
    EXPECT_EQ(row.range, high - low);
  }
}

// A non-default target: the Target column carries it; an integral value keeps
// int64 for an integer-target instrument (§6.7), a fractional one is float64;
// a Win's profit is the target (scaled for micros).
TEST(RunParamsExit, TargetColumnAndWinProfit) {
  gen::GenOptions o;
  o.start = cctz::civil_day(2024, 6, 3);
  o.end = cctz::civil_day(2024, 6, 28);
  const calendar::TimeZone& zone = calendar::TimeZone::Chicago();
  for (auto [symbol, target, header_int] : std::vector<std::tuple<const char*, double, bool>>{
           {"ES", 12.0, true}, {"ES", 12.5, false}, {"MES", 12.0, true}, {"CL", 0.75, false}}) {
    o.instrument = *FindInstrument(symbol);
    orbit::source::BarColumns columns;
    gen::GenerateBars(o, [&](const gen::GeneratedBar& b) { columns.Append(b.ts_ns, b.open, b.high, b.low, b.close); });
    RunParams p;
    p.instrument = symbol;
    p.target = target;
    RangeContext ctx{&zone, ValidateRunParams(p, {}), zone.ToInstant(cctz::civil_second(2024, 7, 10, 0, 0, 0)), {}};
    const engine::ResultTable table = engine::Analyze(columns.view(), p, ctx, {});
    EXPECT_EQ(table.target_is_int, header_int) << symbol << " " << target;
    EXPECT_EQ(table.instrument.target, target);
    size_t wins = 0;
    for (const TradeRow& row : table.rows) {
      if (row.result != Outcome::kWin) continue;
      ++wins;
      const double want = o.instrument.micro ? target * 0.1 : target;
      EXPECT_NEAR(row.profit, want, 1e-12) << symbol;
      EXPECT_EQ(std::fabs(row.exit_price - row.entry_price), target) << symbol;
    }
    EXPECT_GT(wins, 0u) << symbol;
  }
}

}  // namespace
}  // namespace orbit::strategy
