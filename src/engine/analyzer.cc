#include "engine/analyzer.h"

#include <algorithm>
#include <atomic>
#include <exception>
#include <thread>

#include "engine/trading_days.h"

namespace orbit::engine {

int ResolveThreads(int requested) {
  if (requested > 0) return requested;
  const unsigned hw = std::thread::hardware_concurrency();
  return hw == 0 ? 1 : static_cast<int>(hw);
}

std::vector<strategy::TradeRow> AnalyzeRows(const BarSeries& bars, const strategy::RunParams& params,
                                            const strategy::RangeContext& ctx, const AnalyzeOptions& options,
                                            AnalyzeCounts* counts) {
  std::vector<TradingDay> days = ListTradingDays(bars, *ctx.zone, params.trade_days);
  if (options.first_day || options.last_day) {
    std::erase_if(days, [&](const TradingDay& d) {
      return (options.first_day && d.date < *options.first_day) || (options.last_day && d.date > *options.last_day);
    });
  }
  const std::vector<calendar::SlotSpec> slots = strategy::SelectSlots(params, ctx.fixes);
  const size_t chunk_days = std::max<size_t>(1, options.chunk_days);
  const size_t chunk_count = (days.size() + chunk_days - 1) / chunk_days;

  struct ChunkResult {
    std::vector<strategy::TradeRow> rows;
    size_t ranges_built = 0;
    std::exception_ptr error;
  };
  std::vector<ChunkResult> chunks(chunk_count);
  std::atomic<size_t> next_chunk{0};
  std::atomic<size_t> days_done{0};

  auto worker = [&]() {
    for (;;) {
      const size_t c = next_chunk.fetch_add(1);
      if (c >= chunk_count || StopRequested(options.stop)) return;
      ChunkResult& out = chunks[c];
      const size_t day_begin = c * chunk_days;
      const size_t day_end = std::min(days.size(), day_begin + chunk_days);
      try {
        for (size_t d = day_begin; d < day_end; ++d) {
          for (const calendar::SlotSpec& slot : slots) {
            strategy::RangeResult r = strategy::AnalyzeRange(bars, days[d].date, slot, ctx);
            if (r.range_exists) ++out.ranges_built;
            if (r.row) out.rows.push_back(*r.row);
          }
        }
      } catch (...) {
        out.error = std::current_exception();
      }
      const size_t done = days_done.fetch_add(day_end - day_begin) + (day_end - day_begin);
      if (options.on_progress) options.on_progress(done, days.size());
    }
  };

  const int threads = std::min<int>(ResolveThreads(options.threads), static_cast<int>(std::max<size_t>(1, chunk_count)));
  if (threads <= 1) {
    worker();
  } else {
    std::vector<std::thread> pool;
    pool.reserve(static_cast<size_t>(threads));
    for (int t = 0; t < threads; ++t) pool.emplace_back(worker);
    for (std::thread& t : pool) t.join();
  }

  ThrowIfStopped(options.stop);
  std::vector<strategy::TradeRow> rows;
  size_t ranges_built = 0;
  for (ChunkResult& chunk : chunks) {
    if (chunk.error) std::rethrow_exception(chunk.error);
    ranges_built += chunk.ranges_built;
    rows.insert(rows.end(), chunk.rows.begin(), chunk.rows.end());
  }
  if (counts) {
    counts->trading_days += days.size();
    counts->ranges_built += ranges_built;
  }
  return rows;
}

ResultTable Analyze(const BarSeries& bars, const strategy::RunParams& params,
                    const strategy::RangeContext& ctx, const AnalyzeOptions& options, AnalyzeCounts* counts) {
  AnalyzeCounts local;
  std::vector<strategy::TradeRow> rows = AnalyzeRows(bars, params, ctx, options, &local);
  if (counts) *counts = local;
  return FinalizeResults(ctx.instrument, std::move(rows), local.ranges_built, ctx.fixes);
}

}  // namespace orbit::engine
