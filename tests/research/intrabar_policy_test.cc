// --intrabar: how a bar touching both the target and a stop is resolved, and
// the property that every non-ambiguous trade is identical under all policies.
#include <gtest/gtest.h>

#include <cmath>
#include <random>

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
constexpr IntrabarPolicy kPolicies[] = {IntrabarPolicy::kReference, IntrabarPolicy::kStopFirst,
                                        IntrabarPolicy::kTargetFirst};

TradeSetup LongEs4000(IntrabarPolicy policy, TargetMode mode = TargetMode::kFixed) {
  TradeSetup s = orbit::testing::LongEs4000Setup();
  s.mode = mode;
  s.intrabar = policy;
  return s;
}

TradeOutcome Walk(const BarBuilder& b, IntrabarPolicy policy, TargetMode mode = TargetMode::kFixed) {
  return ExecuteTrade(b.bars.view(), LongEs4000(policy, mode), kAsOf, {});
}

// After T1, one bar reaches the target and the break-even stop; its close is
// nearer the stop, so the reference says BE.
TEST(IntrabarPolicy, BarAfterT1TouchingTargetAndBreakEven) {
  BarBuilder b;
  b.Add(k0900, 4000, 4007, 4000, 4006).Add(k0900 + kMin, 4006, 4011, 3999, 4000);
  const TradeOutcome ref = Walk(b, IntrabarPolicy::kReference);
  const TradeOutcome stop = Walk(b, IntrabarPolicy::kStopFirst);
  const TradeOutcome target = Walk(b, IntrabarPolicy::kTargetFirst);
  EXPECT_TRUE(ref.ambiguous && stop.ambiguous && target.ambiguous);
  EXPECT_EQ(ref.result, Outcome::kBE);
  EXPECT_EQ(stop.result, Outcome::kBE);
  EXPECT_EQ(stop.exit_price, 3999.75);
  EXPECT_EQ(target.result, Outcome::kWin);
  EXPECT_EQ(target.exit_price, 4010.0);
  EXPECT_EQ(target.exit_time_ns, k0900 + kMin);
}

// The T1 bar goes through stop0 and the target: the reference ignores the
// stop (KI-14) and says Win; stop-first says the initial stop came first.
TEST(IntrabarPolicy, T1BarThroughInitialStopAndTarget) {
  BarBuilder b;
  b.Add(k0900, 4000, 4011, 3979, 4005);
  const TradeOutcome ref = Walk(b, IntrabarPolicy::kReference);
  const TradeOutcome stop = Walk(b, IntrabarPolicy::kStopFirst);
  const TradeOutcome target = Walk(b, IntrabarPolicy::kTargetFirst);
  EXPECT_TRUE(ref.ambiguous);
  EXPECT_EQ(ref.result, Outcome::kWin);
  EXPECT_EQ(target.result, Outcome::kWin);
  EXPECT_EQ(stop.result, Outcome::kLoss);
  EXPECT_EQ(stop.exit_price, 3980.0);
  EXPECT_EQ(stop.peak, ref.peak);  // Peak does not depend on the policy
}

// The T1 bar touches break-even only (not stop0) and the target.
TEST(IntrabarPolicy, T1BarThroughBreakEvenAndTarget) {
  BarBuilder b;
  b.Add(k0900, 4000, 4011, 3999, 4005);
  EXPECT_EQ(Walk(b, IntrabarPolicy::kReference).result, Outcome::kWin);
  EXPECT_EQ(Walk(b, IntrabarPolicy::kStopFirst).result, Outcome::kBE);
  EXPECT_TRUE(Walk(b, IntrabarPolicy::kStopFirst).ambiguous);
}

// A T1 bar touching a stop but not the target is not ambiguous: the
// reference's KI-14 rule holds under every policy.
TEST(IntrabarPolicy, T1BarWithoutTargetIsNotAmbiguous) {
  BarBuilder b;
  b.Add(k0900, 4000, 4008, 3979, 4005).Add(k0900 + kMin, 4005, 4011, 4004, 4010);
  for (IntrabarPolicy p : kPolicies) {
    const TradeOutcome o = Walk(b, p);
    EXPECT_FALSE(o.ambiguous);
    EXPECT_EQ(o.result, Outcome::kWin);
    EXPECT_EQ(o.exit_time_ns, k0900 + kMin);
  }
}

// Time mode ignores a TARGET outcome: under target-first an ambiguous bar
// does not stop the trade (it stays OPEN here), under stop-first it does.
TEST(IntrabarPolicy, TimeModeAmbiguousBar) {
  BarBuilder b;
  b.Add(k0900, 4000, 4007, 4000, 4006).Add(k0900 + kMin, 4006, 4011, 3999, 4010.5);
  b.Add(k0900 + 2 * kMin, 4010, 4012, 4005, 4008);
  const int64_t as_of = k0900 + 10 * kMin;  // before the expiry: OPEN if nothing exits
  auto run = [&](IntrabarPolicy p) {
    return ExecuteTrade(b.bars.view(), LongEs4000(p, TargetMode::kTime), as_of, {});
  };
  const TradeOutcome ref = run(IntrabarPolicy::kReference);
  EXPECT_TRUE(ref.ambiguous);
  EXPECT_EQ(ref.result, Outcome::kOpen);  // close nearer the target: ignored, goes on
  EXPECT_EQ(run(IntrabarPolicy::kTargetFirst).result, Outcome::kOpen);
  const TradeOutcome stop = run(IntrabarPolicy::kStopFirst);
  EXPECT_EQ(stop.result, Outcome::kBE);
  EXPECT_EQ(stop.exit_time_ns, k0900 + kMin);
}

// Property over generated random walks: the ambiguous flag is the same under
// all policies, and a trade that met no ambiguous bar is identical under all
// three (result, exit, Peak); measuring excursions changes nothing either.
TEST(IntrabarPolicy, NonAmbiguousTradesAreIdenticalUnderEveryPolicy) {
  std::mt19937_64 rng(13);
  std::uniform_real_distribution<double> step(-3.0, 3.0), wick(0.0, 9.0);
  size_t ambiguous = 0, total = 0, differing = 0;
  for (int trial = 0; trial < 4000; ++trial) {
    BarBuilder b;
    double price = 4000.0;
    const int n = 5 + trial % 40;
    for (int i = 0; i < n; ++i) {
      const double open = price;
      price += step(rng);
      const double close = std::round(price * 4) / 4;
      const double high = std::round((std::max(open, close) + wick(rng)) * 4) / 4;
      const double low = std::round((std::min(open, close) - wick(rng)) * 4) / 4;
      b.Add(k0900 + i * kMin, open, high, low, close);
      price = close;
    }
    const TargetMode mode = trial % 3 == 0 ? TargetMode::kTime : TargetMode::kFixed;
    const bool is_long = trial % 2 == 0;
    TradeSetup base = LongEs4000(IntrabarPolicy::kReference, mode);
    if (!is_long) {
      base.direction = Direction::kShort;
      base.target_level = 3990;
      base.stop0 = 4000 + 2.0 + (trial % 7);
      base.be_stop = 4000.25;
    } else {
      base.stop0 = 4000 - 2.0 - (trial % 7);
    }
    TradeOutcome outcomes[3];
    for (int p = 0; p < 3; ++p) {
      TradeSetup s = base;
      s.intrabar = kPolicies[p];
      s.measure_excursion = p == 1;
      outcomes[p] = ExecuteTrade(b.bars.view(), s, kAsOf, {});
    }
    ++total;
    EXPECT_EQ(outcomes[0].ambiguous, outcomes[1].ambiguous);
    EXPECT_EQ(outcomes[0].ambiguous, outcomes[2].ambiguous);
    for (const TradeOutcome& o : outcomes) EXPECT_EQ(o.peak, outcomes[0].peak);
    if (outcomes[0].ambiguous) {
      ++ambiguous;
      if (outcomes[1].result != outcomes[2].result || outcomes[1].exit_price != outcomes[2].exit_price) ++differing;
      continue;
    }
    for (int p = 1; p < 3; ++p) {
      EXPECT_EQ(outcomes[p].result, outcomes[0].result) << "trial " << trial;
      EXPECT_EQ(outcomes[p].exit_price, outcomes[0].exit_price) << "trial " << trial;
      EXPECT_EQ(outcomes[p].exit_time_ns, outcomes[0].exit_time_ns) << "trial " << trial;
    }
  }
  // The generator must actually produce both kinds, or the property is empty.
  EXPECT_GT(ambiguous, total / 50);
  EXPECT_LT(ambiguous, total);
  EXPECT_GT(differing, 0u);
}

}  // namespace
}  // namespace orbit::strategy
