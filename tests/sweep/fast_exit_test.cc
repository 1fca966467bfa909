// Property test: the sweep's fast exit evaluator equals strategy::ExecuteTrade
// on random trades (both directions, extreme levels, every fix that touches
// the walk, OPEN and settled trades) over generated bars.
#include <gtest/gtest.h>

#include <cmath>
#include <cstring>
#include <random>

#include "gen/synthetic_bars.h"
#include "source/bar_columns.h"
#include "strategy/trade.h"
#include "sweep/fast_exit.h"

namespace orbit::sweep {
namespace {

bool SameDouble(double a, double b) { return std::memcmp(&a, &b, sizeof a) == 0; }

source::BarColumns Generate(const char* symbol, uint64_t seed) {
  gen::GenOptions o;
  o.instrument = *FindInstrument(symbol);
  o.start = cctz::civil_day(2024, 2, 1);
  o.end = cctz::civil_day(2024, 3, 31);
  o.seed = seed;
  source::BarColumns bars;
  gen::GenerateBars(o, [&](const gen::GeneratedBar& b) { bars.Append(b.ts_ns, b.open, b.high, b.low, b.close); });
  return bars;
}

TEST(FastExit, EqualsExecuteTradeOnRandomTrades) {
  size_t fast_cases = 0, checked = 0;
  for (const char* symbol : {"ES", "CL", "NG", "YM"}) {
    const source::BarColumns columns = Generate(symbol, 11);
    const BarSeries bars = columns.view();
    const BarChains chains = BuildBarChains(bars);
    const double tick = FindInstrument(symbol)->tick;
    const double base = FindInstrument(symbol)->target;
    std::mt19937_64 rng(std::hash<std::string>{}(symbol));
    auto uniform = [&](double lo, double hi) { return std::uniform_real_distribution<double>(lo, hi)(rng); };
    for (int n = 0; n < 1500; ++n) {
      const size_t at = std::uniform_int_distribution<size_t>(0, bars.size() - 2000)(rng);
      strategy::TradeSetup s;
      s.direction = rng() % 2 ? strategy::Direction::kLong : strategy::Direction::kShort;
      const bool is_long = s.direction == strategy::Direction::kLong;
      s.entry = std::nearbyint(bars.close[at] / tick) * tick;
      s.entry_time_ns = bars.ts_ns[at] + (rng() % 4 == 0 ? 30'000'000'000LL : 0);  // sometimes between bars
      const int k = static_cast<int>(rng() % 6);
      const double target = k == 0 ? tick : std::nearbyint(uniform(0.2, 4.0) * base / tick) * tick;
      const double cap = (rng() % 3 == 0 ? 0.05 : uniform(0.1, 5.0)) * target;
      const double range = std::nearbyint(uniform(0, 3) * base / tick) * tick;
      const double sl = cap < range ? cap : range;
      const double be = static_cast<double>(rng() % 4) * tick;
      const double t1 = k == 1 ? 0.999999 : uniform(0.01, 0.99);
      s.target_level = is_long ? s.entry + target : s.entry - target;
      s.stop0 = is_long ? s.entry - sl : s.entry + sl;
      s.be_stop = is_long ? s.entry - be : s.entry + be;
      s.t1_threshold = target * t1;
      s.mfe_end_ns = s.entry_time_ns + static_cast<int64_t>(rng() % 3 + 1) * 86'400'000'000'000LL;
      s.expiry_ns = s.mfe_end_ns - (rng() % 5 == 0 ? 0 : 1'000'000'000LL);
      s.mode = strategy::TargetMode::kFixed;
      const int64_t as_of = rng() % 4 == 0 ? s.expiry_ns + 1 : s.expiry_ns - 1;
      strategy::Fixes fixes;
      fixes.be_scan_post_t1_only = rng() % 2;
      fixes.be_scan_local_time = rng() % 2;
      fixes.no_zero_peak_fallback = rng() % 3 == 0;
      fixes.uniform_peak_rule = rng() % 2;
      fixes.expiry_checked_first = rng() % 2;
      const FastExitIndex index = BuildFastExitIndex(bars, s);
      const strategy::TradeOutcome want = strategy::ExecuteTrade(bars, s, as_of, fixes);
      strategy::TradeOutcome got;
      if (!FastExecuteTrade(bars, chains, index, s, as_of, fixes, &got)) continue;
      ++fast_cases;
      ++checked;
      const std::string where = std::string(symbol) + " case " + std::to_string(n);
      ASSERT_EQ(static_cast<int>(got.result), static_cast<int>(want.result)) << where;
      EXPECT_TRUE(SameDouble(got.exit_price, want.exit_price)) << where << " " << got.exit_price << " " << want.exit_price;
      EXPECT_EQ(got.exit_time_ns, want.exit_time_ns) << where;
      EXPECT_EQ(static_cast<int>(got.exit_clock), static_cast<int>(want.exit_clock)) << where;
      EXPECT_TRUE(SameDouble(got.peak, want.peak)) << where << " " << got.peak << " " << want.peak;
      EXPECT_EQ(got.has_open_as_of, want.has_open_as_of) << where;
      EXPECT_EQ(got.open_as_of_ns, want.open_as_of_ns) << where;
      EXPECT_EQ(got.bars_walked, want.bars_walked) << where;
    }
  }
  // Most random trades are inside what the fast path proves (minute bars,
  // fixed mode); the test must not pass by falling back everywhere.
  EXPECT_GT(fast_cases, 3000u);
  EXPECT_GT(checked, 0u);
}

// One cache per trade across a grid of levels in the sweep's order (target
// slowest, BE offset fastest): the cached answers equal ExecuteTrade's.
TEST(FastExit, CachedLevelSearchesEqualExecuteTradeAcrossAGrid) {
  const source::BarColumns columns = Generate("ES", 13);
  const BarSeries bars = columns.view();
  const BarChains chains = BuildBarChains(bars);
  std::mt19937_64 rng(21);
  size_t checked = 0, changed = 0;
  for (int n = 0; n < 300; ++n) {
    const size_t at = std::uniform_int_distribution<size_t>(0, bars.size() - 2000)(rng);
    strategy::TradeSetup s;
    s.direction = rng() % 2 ? strategy::Direction::kLong : strategy::Direction::kShort;
    const bool is_long = s.direction == strategy::Direction::kLong;
    s.entry = std::nearbyint(bars.close[at] / 0.25) * 0.25;
    s.entry_time_ns = bars.ts_ns[at];
    s.mfe_end_ns = s.entry_time_ns + 86'400'000'000'000LL;
    s.expiry_ns = s.mfe_end_ns - 1'000'000'000LL;
    s.mode = strategy::TargetMode::kFixed;
    const double range = std::nearbyint(std::uniform_real_distribution<double>(0, 20)(rng) / 0.25) * 0.25;
    const FastExitIndex index = BuildFastExitIndex(bars, s);
    FirstTouchCache cache;
    std::string previous;
    for (double target : {2.0, 5.0, 9.75})
      for (double cap : {0.5, 3.0})
        for (double t1 : {0.3, 0.65})
          for (int be : {0, 1, 3}) {
            const double sl = cap * target < range ? cap * target : range;
            s.target_level = is_long ? s.entry + target : s.entry - target;
            s.stop0 = is_long ? s.entry - sl : s.entry + sl;
            s.be_stop = is_long ? s.entry - be * 0.25 : s.entry + be * 0.25;
            s.t1_threshold = target * t1;
            const strategy::TradeOutcome want = strategy::ExecuteTrade(bars, s, s.expiry_ns + 1, {});
            strategy::TradeOutcome got;
            if (!FastExecuteTrade(bars, chains, index, s, s.expiry_ns + 1, {}, &got, &cache)) continue;
            ++checked;
            const std::string where = "case " + std::to_string(n) + " target " + std::to_string(target);
            ASSERT_EQ(static_cast<int>(got.result), static_cast<int>(want.result)) << where;
            EXPECT_TRUE(SameDouble(got.exit_price, want.exit_price)) << where;
            EXPECT_EQ(got.exit_time_ns, want.exit_time_ns) << where;
            EXPECT_TRUE(SameDouble(got.peak, want.peak)) << where;
            const std::string outcome = std::to_string(static_cast<int>(got.result)) + std::to_string(got.exit_price);
            changed += !previous.empty() && outcome != previous;
            previous = outcome;
          }
  }
  EXPECT_GT(checked, 5000u);
  EXPECT_GT(changed, 500u);  // the grid's levels do change outcomes
}

TEST(FastExit, FallsBackOutsideItsProof) {
  const source::BarColumns columns = Generate("ES", 5);
  const BarSeries bars = columns.view();
  const BarChains chains = BuildBarChains(bars);
  strategy::TradeSetup s;
  s.direction = strategy::Direction::kLong;
  s.entry = bars.close[100];
  s.entry_time_ns = bars.ts_ns[100];
  s.target_level = s.entry + 10;
  s.stop0 = s.entry - 10;
  s.be_stop = s.entry - 0.25;
  s.t1_threshold = 6.5;
  s.mfe_end_ns = s.entry_time_ns + 86'400'000'000'000LL;
  s.expiry_ns = s.mfe_end_ns - 1'000'000'000LL;
  s.mode = strategy::TargetMode::kTime;
  strategy::TradeOutcome out;
  EXPECT_FALSE(FastExecuteTrade(bars, chains, BuildFastExitIndex(bars, s), s, 0, {}, &out));  // time mode
  s.mode = strategy::TargetMode::kFixed;
  s.expiry_ns = s.entry_time_ns + 60'000'000'000LL;  // bars of A at/after the expiry
  EXPECT_FALSE(FastExecuteTrade(bars, chains, BuildFastExitIndex(bars, s), s, 0, {}, &out));
}

}  // namespace
}  // namespace orbit::sweep
