// Property test of the sweep's contract: for random combinations (extremes
// included: a target of one tick, a stop cap below the range, T1 just below 1,
// break-even offset 0) over generated datasets of several instruments, both
// target modes and with and without every fix, a combination's table from
// PreparedInstrument::Evaluate equals the plain run's engine::Analyze with the
// same parameter values, byte for byte as CSV. Plus: the default combination
// reproduces the worked examples' reference rows.
#include <gtest/gtest.h>

#include <cmath>
#include <random>

#include "calendar/time_zone.h"
#include "engine/analyzer.h"
#include "gen/synthetic_bars.h"
#include "sink/result_writer.h"
#include "support/example_case.h"
#include "sweep/sweep_engine.h"

namespace orbit::sweep {
namespace {

const calendar::TimeZone& Chicago() { return calendar::TimeZone::Chicago(); }

struct Dataset {
  const char* symbol;
  uint64_t seed;
};

source::BarColumns Generate(const Dataset& d) {
  gen::GenOptions o;
  o.instrument = *FindInstrument(d.symbol);
  o.start = cctz::civil_day(2024, 10, 1);
  o.end = cctz::civil_day(2024, 11, 30);  // spans the autumn DST change
  o.seed = d.seed;
  source::BarColumns bars;
  gen::GenerateBars(o, [&](const gen::GeneratedBar& b) { bars.Append(b.ts_ns, b.open, b.high, b.low, b.close); });
  return bars;
}

std::string RunCsv(const BarSeries& bars, const strategy::RunParams& params, const strategy::RangeContext& base) {
  strategy::RangeContext ctx = base;
  ctx.instrument = strategy::ValidateRunParams(params, ctx.fixes);  // what the run resolves
  engine::AnalyzeOptions options;
  options.threads = 2;
  return sink::ResultCsvText(engine::Analyze(bars, params, ctx, options), Chicago());
}

TEST(SweepEqualsRun, RandomCombinations) {
  size_t combinations = 0, fast = 0, walked = 0;
  std::mt19937_64 rng(2024);
  for (const Dataset& d : {Dataset{"ES", 1}, Dataset{"CL", 2}, Dataset{"MES", 3}, Dataset{"NG", 4}, Dataset{"GC", 5}}) {
    const source::BarColumns columns = Generate(d);
    const BarSeries bars = columns.view();
    const InstrumentSpec spec = *FindInstrument(d.symbol);
    for (strategy::TargetMode mode : {strategy::TargetMode::kFixed, strategy::TargetMode::kTime}) {
      for (bool all_fixes : {false, true}) {
        strategy::RunParams params;
        params.instrument = d.symbol;
        params.target_mode = mode;
        if (rng() % 2) params.write_no_trade_rows = false;
        strategy::RangeContext ctx;
        ctx.zone = &Chicago();
        ctx.fixes = all_fixes ? strategy::Fixes::All() : strategy::Fixes{};
        ctx.instrument = strategy::ValidateRunParams(params, ctx.fixes);
        ctx.as_of_ns = Chicago().ToInstant(cctz::civil_second(2024, 11, 27, 9, 0, 0));  // OPEN rows at the end
        const PreparedInstrument prepared(bars, params, ctx, 2);

        // A small random grid per configuration; axis values include the extremes.
        auto pick = [&](std::vector<std::string> pool, size_t n) {
          std::shuffle(pool.begin(), pool.end(), rng);
          pool.resize(n);
          std::string text;
          for (const std::string& v : pool) text += (text.empty() ? "" : ",") + v;
          return text;
        };
        const double tick = spec.tick;
        auto ticks_text = [&](double ticks) {
          char buf[64];
          std::snprintf(buf, sizeof buf, "%.*f", spec.decimals + 1, ticks * tick);
          return std::string(buf);
        };
        const double base_ticks = std::nearbyint(spec.target / tick);
        std::vector<std::string> targets{ticks_text(1), ticks_text(base_ticks),
                                         ticks_text(std::nearbyint(base_ticks * 0.5)),
                                         ticks_text(std::nearbyint(base_ticks * 2.5)),
                                         ticks_text(1 + static_cast<double>(rng() % static_cast<uint64_t>(base_ticks * 3)))};
        const SweepGrid grid = ParseGrid(pick(targets, 2), pick({"0.01", "0.3", "1", "3.0", "7.5"}, 2),
                                         pick({"0.999999", "0.01", "0.65", "0.5", "0.9"}, 2), pick({"0", "1", "3"}, 2),
                                         1000);
        for (size_t id = 0; id < grid.Count(); ++id) {
          const Combination c = CombinationAt(grid, id);
          const std::string got = sink::ResultCsvText(prepared.Evaluate(c), Chicago());
          const std::string want = RunCsv(bars, ParamsFor(params, c), ctx);
          ASSERT_EQ(got, want) << d.symbol << " mode " << static_cast<int>(mode) << " fixes " << all_fixes
                               << " target " << (c.target ? c.target->text : "T") << " stop_cap "
                               << c.stop_cap->text << " t1 " << c.t1->text << " be " << c.be_offset->text;
          ++combinations;
        }
        fast += prepared.fast_exits();
        walked += prepared.walked_exits();
      }
    }
  }
  EXPECT_GE(combinations, 200u);
  EXPECT_GT(fast, 0u);    // the fast path was exercised...
  EXPECT_GT(walked, 0u);  // ...and so was the fallback (time mode)
}

TEST(SweepEqualsRun, DefaultCombinationReproducesTheWorkedExamples) {
  const SweepGrid defaults = ParseGrid("", "", "", "", 1);
  for (const testing::ExampleCase& c : testing::AllExamples()) {
    const testing::ExampleInputs in = testing::MakeExampleInputs(c);
    const PreparedInstrument prepared(in.bars.view(), in.params, in.ctx, 1);
    const std::string got = sink::ResultCsvText(prepared.Evaluate(CombinationAt(defaults, 0)), Chicago());
    EXPECT_EQ(got, testing::CsvHeader() + c.expected) << c.name;
    EXPECT_EQ(got, testing::RunExample(c)) << c.name;
  }
}

// Same output for any thread count and block size.
TEST(SweepEqualsRun, DeterministicForAnyThreadCount) {
  const source::BarColumns columns = Generate({"ES", 9});
  strategy::RunParams params;
  params.instrument = "ES";
  strategy::RangeContext ctx;
  ctx.zone = &Chicago();
  ctx.instrument = strategy::ValidateRunParams(params, {});
  ctx.as_of_ns = Chicago().ToInstant(cctz::civil_second(2025, 1, 1, 0, 0, 0));
  const SweepGrid grid = ParseGrid("5,10", "1,3", "0.5,0.65", "1", 100);
  std::string baseline;
  for (int threads : {1, 2, 3}) {
    for (size_t block : {1, 3, 64}) {
      const PreparedInstrument prepared(columns.view(), params, ctx, threads);
      std::vector<std::string> out(grid.Count());
      std::string order;
      SweepOptions options;
      options.threads = threads;
      options.block_combos = block;
      RunSweep(
          grid, {&prepared}, options,
          [&](const Combination& c, size_t, size_t, engine::ResultTable&& t) { out[c.id] = sink::ResultCsvText(t, Chicago()); },
          [&](size_t begin, size_t end) {
            for (size_t id = begin; id < end; ++id) order += out[id];
          });
      if (baseline.empty()) baseline = order;
      EXPECT_EQ(order, baseline) << threads << " threads, block " << block;
    }
  }
}

}  // namespace
}  // namespace orbit::sweep
