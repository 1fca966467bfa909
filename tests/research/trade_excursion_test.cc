// TradeExcursion (MAE, MFE, their instants, BarsHeld) on hand-computed trades,
// and the promise that measuring it never changes the reference's outcome.
#include <gtest/gtest.h>

#include "strategy/trade.h"
#include "support/bar_builder.h"
#include "support/es_trade_setup.h"

namespace orbit::strategy {
namespace {

using orbit::testing::BarBuilder;
using orbit::testing::Chicago;

constexpr int64_t kMin = calendar::kNanosPerMinute;
const int64_t k0900 = Chicago(2025, 1, 2, 9, 0);
const int64_t kAsOf = Chicago(2026, 1, 1, 0, 0);

TradeSetup LongEs4000() {
  TradeSetup s = orbit::testing::LongEs4000Setup();
  s.measure_excursion = true;
  return s;
}

TradeSetup ShortEs4000() {
  TradeSetup s = LongEs4000();
  s.direction = Direction::kShort;
  s.target_level = 3990;
  s.stop0 = 4020;
  s.be_stop = 4000.25;
  return s;
}

TEST(TradeExcursion, WinMeasuresUpToTheExitBarOnly) {
  BarBuilder b;
  b.Add(k0900, 4000, 4002, 3997, 4001)             // adverse 3, fav 2
      .Add(k0900 + kMin, 4001, 4005, 3996, 4004)   // adverse 4 (MAE), fav 5
      .Add(k0900 + 2 * kMin, 4004, 4011, 4003, 4010)  // fav 11 (MFE), exit Win
      .Add(k0900 + 3 * kMin, 4010, 4030, 3990, 4020);  // after the exit: ignored
  const TradeOutcome o = ExecuteTrade(b.bars.view(), LongEs4000(), kAsOf, {});
  ASSERT_EQ(o.result, Outcome::kWin);
  EXPECT_EQ(o.excursion.mae, 4.0);
  EXPECT_EQ(o.excursion.mfe, 11.0);
  EXPECT_EQ(o.excursion.mae_time_ns, k0900 + kMin);
  EXPECT_EQ(o.excursion.mfe_time_ns, k0900 + 2 * kMin);
  EXPECT_EQ(o.excursion.bars_held, 3u);
  EXPECT_EQ(o.excursion.exit_bar_ns, k0900 + 2 * kMin);
  EXPECT_FALSE(o.ambiguous);
}

TEST(TradeExcursion, LossIncludesTheStopBar) {
  BarBuilder b;
  b.Add(k0900, 4000, 4003, 3999, 4002).Add(k0900 + kMin, 4002, 4002, 3975, 3976);
  const TradeOutcome o = ExecuteTrade(b.bars.view(), LongEs4000(), kAsOf, {});
  ASSERT_EQ(o.result, Outcome::kLoss);
  EXPECT_EQ(o.excursion.mae, 25.0);
  EXPECT_EQ(o.excursion.mfe, 3.0);
  EXPECT_EQ(o.excursion.mfe_time_ns, k0900);
  EXPECT_EQ(o.excursion.bars_held, 2u);
}

TEST(TradeExcursion, ShortMirrorsAndZeroExtremeIsReachedAtEntry) {
  BarBuilder b;  // a Short that only ever goes against: MFE 0 at the entry instant
  b.Add(k0900, 4000, 4004, 4000.5, 4003).Add(k0900 + kMin, 4003, 4021, 4002, 4021);
  const TradeOutcome o = ExecuteTrade(b.bars.view(), ShortEs4000(), kAsOf, {});
  ASSERT_EQ(o.result, Outcome::kLoss);
  EXPECT_EQ(o.excursion.mae, 21.0);
  EXPECT_EQ(o.excursion.mae_time_ns, k0900 + kMin);
  EXPECT_EQ(o.excursion.mfe, 0.0);
  EXPECT_EQ(o.excursion.mfe_time_ns, k0900);
}

TEST(TradeExcursion, TimeAndOpenCoverEveryBarOfTheWindow) {
  BarBuilder b;
  b.Add(k0900, 4000, 4003, 3998, 4001).Add(k0900 + 60 * kMin, 4001, 4004, 3995, 4000);
  b.Add(k0900 + 600 * kMin, 4000, 4006, 3999.5, 4002);
  const TradeOutcome time = ExecuteTrade(b.bars.view(), LongEs4000(), kAsOf, {});
  ASSERT_EQ(time.result, Outcome::kTime);
  EXPECT_EQ(time.excursion.mae, 5.0);
  EXPECT_EQ(time.excursion.mfe, 6.0);
  EXPECT_EQ(time.excursion.mae_time_ns, k0900 + 60 * kMin);
  EXPECT_EQ(time.excursion.mfe_time_ns, k0900 + 600 * kMin);
  EXPECT_EQ(time.excursion.bars_held, 3u);
  const TradeOutcome open = ExecuteTrade(b.bars.view(), LongEs4000(), k0900 + 700 * kMin, {});
  ASSERT_EQ(open.result, Outcome::kOpen);
  EXPECT_EQ(open.excursion.bars_held, 3u);
  EXPECT_EQ(open.excursion.mfe, 6.0);
}

TEST(TradeExcursion, BeScanExitStopsAtTheBarTheScanFound) {
  // T1 on bar 2, never a target; bar 1 touched be_stop before T1 (KI-01):
  // the settlement's BE-scan exits there, so the excursion ends at bar 1.
  BarBuilder b;
  b.Add(k0900, 4000, 4001, 3999.5, 4000)
      .Add(k0900 + kMin, 4000, 4002, 3998, 4001)
      .Add(k0900 + 2 * kMin, 4001, 4008, 4001, 4007)
      .Add(k0900 + 3 * kMin, 4007, 4009, 4001, 4002);
  const TradeOutcome o = ExecuteTrade(b.bars.view(), LongEs4000(), kAsOf, {});
  ASSERT_EQ(o.result, Outcome::kBE);
  EXPECT_EQ(o.exit_time_ns, k0900);  // the first bar touching be_stop (3999.5 <= 3999.75)
  EXPECT_EQ(o.excursion.bars_held, 1u);
  EXPECT_EQ(o.excursion.mae, 0.5);
  EXPECT_EQ(o.excursion.mfe, 1.0);
}

TEST(TradeExcursion, MeasuringDoesNotChangeTheReferenceOutcome) {
  BarBuilder b;
  b.Add(k0900, 4000, 4003, 3998, 4001).Add(k0900 + kMin, 4001, 4008, 3999, 4007);
  b.Add(k0900 + 2 * kMin, 4007, 4011, 3999, 4000);  // target and be_stop: close rule -> BE
  TradeSetup plain = LongEs4000();
  plain.measure_excursion = false;
  const TradeOutcome a = ExecuteTrade(b.bars.view(), plain, kAsOf, {});
  const TradeOutcome m = ExecuteTrade(b.bars.view(), LongEs4000(), kAsOf, {});
  EXPECT_EQ(a.result, m.result);
  EXPECT_EQ(a.exit_price, m.exit_price);
  EXPECT_EQ(a.exit_time_ns, m.exit_time_ns);
  EXPECT_EQ(a.peak, m.peak);
  EXPECT_EQ(a.excursion.bars_held, 0u);  // not measured
  EXPECT_EQ(m.excursion.bars_held, 3u);
}

// Issue 22, defect 12: the entry bar counts for MAE only after the fill
// (TradeExcursion in strategy/trade.h), the same under every policy.
TradeOutcome EntryBarTrade(double open, double high, double low, double close, IntrabarPolicy policy) {
  BarBuilder b;  // Long at 4000 filled inside the entry bar; bar 2 dips to 3998 (adverse 2)
  b.Add(k0900, open, high, low, close).Add(k0900 + kMin, close, 4005, 3998, 4004);
  TradeSetup s = LongEs4000();
  s.fill_inside_entry_bar = true;
  s.intrabar = policy;
  return ExecuteTrade(b.bars.view(), s, kAsOf, {});
}

TEST(TradeExcursion, EntryBarCountsOnlyAfterTheFill) {
  for (IntrabarPolicy policy : {IntrabarPolicy::kReference, IntrabarPolicy::kStopFirst, IntrabarPolicy::kTargetFirst}) {
    // Opened below the entry and closed above its open (O -> L -> H -> C):
    // the low 3990 came before the fill; only bar 2's dip counts.
    const TradeOutcome up = EntryBarTrade(3995, 4003, 3990, 4002, policy);
    EXPECT_EQ(up.excursion.mae, 2.0);
    EXPECT_EQ(up.excursion.mae_time_ns, k0900 + kMin);
    // Closed below its open (O -> H -> L -> C): the low followed the fill.
    const TradeOutcome down = EntryBarTrade(3996, 4003, 3990, 3991, policy);
    EXPECT_EQ(down.excursion.mae, 10.0);
    EXPECT_EQ(down.excursion.mae_time_ns, k0900);
    // Closed above its open but below the entry: the move to the close follows the fill.
    EXPECT_EQ(EntryBarTrade(3995, 4003, 3990, 3996.5, policy).excursion.mae, 3.5);
    // Opened at the entry: filled at the open, the whole bar follows.
    EXPECT_EQ(EntryBarTrade(4000, 4003, 3990, 4002, policy).excursion.mae, 10.0);
  }
  // An immediate entry (fill at the bar's start) keeps the whole bar.
  BarBuilder b;
  b.Add(k0900, 3995, 4003, 3990, 4002).Add(k0900 + kMin, 4002, 4005, 3998, 4004);
  EXPECT_EQ(ExecuteTrade(b.bars.view(), LongEs4000(), kAsOf, {}).excursion.mae, 10.0);
}

TEST(TradeExcursion, ShortEntryBarMirrors) {
  BarBuilder b;  // Short at 4000 filled inside the bar: opened 4005, closed 3998 below its open (O -> H -> L -> C)
  b.Add(k0900, 4005, 4010, 3997, 3998).Add(k0900 + kMin, 3998, 4001.5, 3995, 3996);
  TradeSetup s = ShortEs4000();
  s.fill_inside_entry_bar = true;
  EXPECT_EQ(ExecuteTrade(b.bars.view(), s, kAsOf, {}).excursion.mae, 1.5);  // the high 4010 was before the fill
  BarBuilder c;  // closed above its open (O -> L -> H -> C): the high followed the fill
  c.Add(k0900, 4003, 4010, 3997, 4006).Add(k0900 + kMin, 4006, 4007, 3995, 3996);
  EXPECT_EQ(ExecuteTrade(c.bars.view(), s, kAsOf, {}).excursion.mae, 10.0);
}

}  // namespace
}  // namespace orbit::strategy
