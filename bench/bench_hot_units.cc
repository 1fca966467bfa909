// Google Benchmark for the strategy's hot units on one year of synthetic ES
// bars (orbit gen, seed 7). Each benchmark reports bars/s and `vs_scan`: its
// time divided by the time of a plain pass summing the highs of the same bars,
// the floor for any code that must look at every bar once.
#include <benchmark/benchmark.h>

#include <chrono>

#include "engine/analyzer.h"
#include "engine/trading_days.h"
#include "gen/synthetic_bars.h"
#include "source/bar_columns.h"
#include "strategy/entry.h"
#include "strategy/range_analysis.h"
#include "strategy/range_window.h"
#include "strategy/trade.h"

namespace {

using namespace orbit;

const source::BarColumns& YearOfBars() {
  static const source::BarColumns bars = [] {
    source::BarColumns b;
    gen::GenOptions o;
    o.instrument = *FindInstrument("ES");
    o.start = cctz::civil_day(2024, 1, 1);
    o.end = cctz::civil_day(2024, 12, 31);
    o.seed = 7;
    gen::GenerateBars(o, [&](const gen::GeneratedBar& g) { b.Append(g.ts_ns, g.open, g.high, g.low, g.close); });
    return b;
  }();
  return bars;
}

strategy::RangeContext Context() {
  strategy::RangeContext ctx;
  ctx.zone = &calendar::TimeZone::Chicago();
  ctx.instrument = *FindInstrument("ES");
  ctx.as_of_ns = INT64_MAX;
  return ctx;
}

double ScanSecondsPerBar() {
  static const double per_bar = [] {
    const source::BarColumns& b = YearOfBars();
    double best = 1e9;
    for (int rep = 0; rep < 20; ++rep) {
      const auto t0 = std::chrono::steady_clock::now();
      double sum = 0;
      for (double h : b.high) sum += h;
      benchmark::DoNotOptimize(sum);
      best = std::min(best, std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count());
    }
    return best / static_cast<double>(b.size());
  }();
  return per_bar;
}

using Clock = std::chrono::steady_clock;

// bars/s, plus x_scan = (wall time per bar) / (plain scan time per bar).
void Report(benchmark::State& state, size_t bars_per_iteration, Clock::time_point started) {
  const double seconds = std::chrono::duration<double>(Clock::now() - started).count();
  const double bars = static_cast<double>(state.iterations()) * static_cast<double>(bars_per_iteration);
  state.SetItemsProcessed(static_cast<int64_t>(bars));
  state.counters["x_scan"] = (seconds / bars) / ScanSecondsPerBar();
}

// Trading-day listing: one tz conversion and one binary search per day.
void BM_ListTradingDays(benchmark::State& state) {
  const BarSeries bars = YearOfBars().view();
  const auto started = Clock::now();
  for (auto _ : state)
    benchmark::DoNotOptimize(engine::ListTradingDays(bars, calendar::TimeZone::Chicago(), {0, 1, 2, 3, 4}));
  Report(state, bars.size(), started);
}
BENCHMARK(BM_ListTradingDays)->Unit(benchmark::kMillisecond);

// Breakout search for the 07:30 slot of every day (levels from a fixed range).
void BM_BreakoutSearch(benchmark::State& state) {
  const BarSeries bars = YearOfBars().view();
  const auto days = engine::ListTradingDays(bars, calendar::TimeZone::Chicago(), {0, 1, 2, 3, 4});
  const calendar::TimeZone& z = calendar::TimeZone::Chicago();
  const auto started = Clock::now();
  for (auto _ : state) {
    for (const auto& d : days) {
      const int64_t end = z.ToInstant(d.date, 7, 30, 0);
      const size_t first = bars.LowerBound(end);
      if (first >= bars.size()) continue;
      const double mid = bars.close[first];
      benchmark::DoNotOptimize(strategy::DetectEntry(bars, end, z.ToInstant(d.date, 16, 0, 0),
                                                     {mid + 5.0, mid - 5.0}, mid));
    }
  }
  Report(state, bars.size(), started);
}
BENCHMARK(BM_BreakoutSearch)->Unit(benchmark::kMillisecond);

// Range building: the 7 slot windows of every day (binary searches + high/low).
void BM_RangeWindows(benchmark::State& state) {
  const BarSeries bars = YearOfBars().view();
  const auto days = engine::ListTradingDays(bars, calendar::TimeZone::Chicago(), {0, 1, 2, 3, 4});
  const calendar::TimeZone& z = calendar::TimeZone::Chicago();
  strategy::RunParams params;
  const auto slots = strategy::SelectSlots(params, {});
  const auto started = Clock::now();
  for (auto _ : state) {
    for (const auto& d : days) {
      for (const auto& slot : slots) {
        const auto start = calendar::Session(slot.session).start;
        const size_t begin = bars.LowerBound(z.ToInstant(d.date, start.hour, start.minute, 0));
        const size_t end = bars.LowerBoundFrom(begin, z.ToInstant(d.date, slot.end.hour, slot.end.minute, 0));
        if (begin < end) benchmark::DoNotOptimize(strategy::MeasureRange(bars, begin, end));
      }
    }
  }
  Report(state, bars.size(), started);
}
BENCHMARK(BM_RangeWindows)->Unit(benchmark::kMillisecond);

// Trade walk + Peak: a long entered at every day's 07:30 bar, walked to the
// next day's 07:30 (the longest horizon a fixed-mode trade has on weekdays).
std::vector<strategy::TradeSetup> DailyTradeSetups(const BarSeries& bars, bool measure_excursion) {
  const auto days = engine::ListTradingDays(bars, calendar::TimeZone::Chicago(), {0, 1, 2, 3, 4});
  const calendar::TimeZone& z = calendar::TimeZone::Chicago();
  std::vector<strategy::TradeSetup> setups;
  for (const auto& d : days) {
    const size_t first = bars.LowerBound(z.ToInstant(d.date, 7, 30, 0));
    if (first >= bars.size()) continue;
    strategy::TradeSetup s;
    s.direction = strategy::Direction::kLong;
    s.entry = bars.close[first];
    s.entry_time_ns = bars.ts_ns[first];
    s.target_level = s.entry + 10;
    s.stop0 = s.entry - 30;
    s.be_stop = s.entry - 0.25;
    s.t1_threshold = 10 * 0.65;
    s.mfe_end_ns = z.ToInstant(d.date + 1, 7, 30, 0);
    s.expiry_ns = s.mfe_end_ns - calendar::kNanosPerSecond;
    s.mode = strategy::TargetMode::kFixed;
    s.measure_excursion = measure_excursion;
    setups.push_back(s);
  }
  return setups;
}

void RunDailyTrades(benchmark::State& state, bool measure_excursion) {
  const BarSeries bars = YearOfBars().view();
  const std::vector<strategy::TradeSetup> setups = DailyTradeSetups(bars, measure_excursion);
  const auto started = Clock::now();
  for (auto _ : state)
    for (const auto& s : setups) benchmark::DoNotOptimize(strategy::ExecuteTrade(bars, s, INT64_MAX, {}));
  Report(state, bars.size(), started);
}

void BM_TradeWalkAndPeak(benchmark::State& state) { RunDailyTrades(state, false); }
BENCHMARK(BM_TradeWalkAndPeak)->Unit(benchmark::kMillisecond);

// The same walks measuring MAE/MFE/BarsHeld too (--columns extended).
void BM_TradeWalkExtended(benchmark::State& state) { RunDailyTrades(state, true); }
BENCHMARK(BM_TradeWalkExtended)->Unit(benchmark::kMillisecond);

// One (date, slot) end to end: window, entry, trade walk and Peak, all 7 slots.
void BM_AnalyzeAllRanges(benchmark::State& state) {
  const BarSeries bars = YearOfBars().view();
  strategy::RunParams params;
  params.instrument = "ES";
  const strategy::RangeContext ctx = Context();
  engine::AnalyzeOptions options;
  options.threads = static_cast<int>(state.range(0));
  const auto started = Clock::now();
  for (auto _ : state) benchmark::DoNotOptimize(engine::AnalyzeRows(bars, params, ctx, options, nullptr));
  Report(state, bars.size(), started);
}
BENCHMARK(BM_AnalyzeAllRanges)->Arg(1)->Arg(2)->Unit(benchmark::kMillisecond)->UseRealTime();

}  // namespace

BENCHMARK_MAIN();
