// Trade executor conformance (spec §10.2) and the intra-bar rules of §5.4.
#include "strategy/trade.h"

#include <gtest/gtest.h>

#include "support/bar_builder.h"
#include "support/es_trade_setup.h"

namespace orbit::strategy {
namespace {

using orbit::testing::BarBuilder;
using orbit::testing::Chicago;

constexpr int64_t kMin = calendar::kNanosPerMinute;
const int64_t k0900 = Chicago(2025, 1, 2, 9, 0);

TradeSetup LongEs4000() { return orbit::testing::LongEs4000Setup(); }

const int64_t kAsOf = Chicago(2026, 1, 1, 0, 0);

TEST(Trade, WinAfterT1BarIgnoresBeTouch) {  // 10.2 #1
  BarBuilder b;
  b.Add(k0900, 4000, 4001, 3999, 4000.5).Add(k0900 + kMin, 4002, 4008, 3999.5, 4007);
  b.Add(k0900 + 2 * kMin, 4005, 4011, 4004, 4010);
  const TradeOutcome o = ExecuteTrade(b.bars.view(), LongEs4000(), kAsOf, {});
  EXPECT_EQ(o.result, Outcome::kWin);
  EXPECT_EQ(o.exit_price, 4010.0);
  EXPECT_EQ(o.exit_time_ns, k0900 + 2 * kMin);
  EXPECT_EQ(o.peak, 11.0);
  EXPECT_TRUE(o.t1_triggered);
}

TEST(Trade, WinAfterSeveralBars) {  // 10.2 #2
  BarBuilder b;
  b.Add(k0900, 4000, 4001, 3999.9, 4000.5).Add(k0900 + kMin, 4002, 4007, 4001, 4006);
  b.Add(k0900 + 2 * kMin, 4006, 4008, 4004, 4007).Add(k0900 + 3 * kMin, 4007, 4011, 4006, 4010);
  const TradeOutcome o = ExecuteTrade(b.bars.view(), LongEs4000(), kAsOf, {});
  EXPECT_EQ(o.result, Outcome::kWin);
  EXPECT_EQ(o.exit_price, 4010.0);
  EXPECT_EQ(o.exit_time_ns, k0900 + 3 * kMin);
  EXPECT_TRUE(o.t1_triggered);
}

TEST(Trade, TargetOnSecondBar) {  // 10.2 #3
  BarBuilder b;
  b.Add(k0900, 4000, 4001, 3999.9, 4000.5).Add(k0900 + kMin, 4001, 4011.5, 4000, 4010.5);
  const TradeOutcome o = ExecuteTrade(b.bars.view(), LongEs4000(), kAsOf, {});
  EXPECT_EQ(o.result, Outcome::kWin);
  EXPECT_EQ(o.exit_price, 4010.0);
  EXPECT_EQ(o.peak, 11.5);
}

TEST(Trade, LossBeforeT1ExcludesStopBarFromPeak) {
  BarBuilder b;
  b.Add(k0900, 4000, 4003, 3999.9, 4002).Add(k0900 + kMin, 4002, 4002, 3979, 3980);
  b.Add(k0900 + 2 * kMin, 3980, 4050, 3980, 4040);
  const TradeOutcome o = ExecuteTrade(b.bars.view(), LongEs4000(), kAsOf, {});
  EXPECT_EQ(o.result, Outcome::kLoss);
  EXPECT_EQ(o.exit_price, 3980.0);
  EXPECT_EQ(o.peak, 3.0);
}

TEST(Trade, OpenWhenExpiryAfterAsOf) {
  BarBuilder b;
  b.Add(k0900, 4000, 4003, 3999.9, 4002).Add(k0900 + kMin, 4002, 4004, 4001, 4003);
  const TradeOutcome o = ExecuteTrade(b.bars.view(), LongEs4000(), k0900 + 2 * kMin, {});
  EXPECT_EQ(o.result, Outcome::kOpen);
  EXPECT_EQ(o.exit_price, 4003.0);
  EXPECT_TRUE(o.has_open_as_of);
  EXPECT_EQ(o.open_as_of_ns, k0900 + kMin);
}

// Properties (§5.4 consequences) over random bar paths: Win and BE imply T1;
// a Loss never reached the T1 threshold before its stop bar, so its Peak is
// below it unless the stop bar is the entry bar (zero-peak fallback, KI-05).
TEST(Trade, PropertyPeakConsistentWithResult) {
  uint64_t state = 12345;
  auto rnd = [&]() {
    state = state * 6364136223846793005ull + 1442695040888963407ull;
    return static_cast<double>((state >> 33) % 41) - 20.0;  // -20..20
  };
  for (int trial = 0; trial < 2000; ++trial) {
    BarBuilder b;
    double p = 4000;
    for (int i = 0; i < 30; ++i) {
      const double o = p, c = p + rnd() * 0.25, h = std::max(o, c) + std::abs(rnd()) * 0.25,
                   l = std::min(o, c) - std::abs(rnd()) * 0.25;
      b.Add(k0900 + i * kMin, o, h, l, c);
      p = c;
    }
    const TradeOutcome o = ExecuteTrade(b.bars.view(), LongEs4000(), kAsOf, {});
    if (o.result == Outcome::kWin || o.result == Outcome::kBE) {
      EXPECT_TRUE(o.t1_triggered);
    }
    if (o.result == Outcome::kLoss) {
      EXPECT_FALSE(o.t1_triggered);
      if (o.exit_time_ns != k0900) {
        EXPECT_LT(o.peak, 6.5);
      }
    }
  }
}

}  // namespace
}  // namespace orbit::strategy
