// src/engine/analyzer.h
//
// Analyze() runs the strategy over every trading day of one instrument's bars
// and returns the finished ResultTable.
//
// Parallelism: trading days are independent; they are cut into contiguous
// chunks that a pool of `threads` workers takes in any order. Each chunk's rows
// land in the chunk's own slot and are concatenated in chunk order, so the
// output is byte-identical for every thread count and chunk size.
// Errors: an Error raised while analysing a day is rethrown on the caller's
// thread (the one of the earliest chunk that failed).
#pragma once

#include <cstdint>
#include <functional>
#include <optional>

#include "engine/result_table.h"
#include "engine/stop_flag.h"
#include "core/bar_series.h"
#include "strategy/range_analysis.h"
#include "strategy/run_params.h"

namespace orbit::engine {

struct AnalyzeOptions {
  int threads = 0;          // 0 = all cores
  size_t chunk_days = 16;   // trading days per work item
  // Called with (days done, days total) from worker threads; may be empty.
  std::function<void(size_t, size_t)> on_progress;
  // Only trading dates in [first_day, last_day] are analysed (streaming
  // chunks); unset = every date of the series.
  std::optional<cctz::civil_day> first_day, last_day;
  // Polled before every chunk; a stop request ends the analysis with
  // orbit::Interrupted (no partial rows are returned). May be null.
  const StopFlag* stop = nullptr;
};

struct AnalyzeCounts {
  size_t trading_days = 0;
  size_t ranges_built = 0;
};

// Rows of all ranges of `bars` (unsorted, unrounded), plus counts.
std::vector<strategy::TradeRow> AnalyzeRows(const BarSeries& bars, const strategy::RunParams& params,
                                            const strategy::RangeContext& ctx, const AnalyzeOptions& options,
                                            AnalyzeCounts* counts);

// AnalyzeRows followed by FinalizeResults.
ResultTable Analyze(const BarSeries& bars, const strategy::RunParams& params,
                    const strategy::RangeContext& ctx, const AnalyzeOptions& options, AnalyzeCounts* counts = nullptr);

int ResolveThreads(int requested);

}  // namespace orbit::engine
