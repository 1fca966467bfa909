// src/sweep/sweep_engine.h
//
// The sweep engine: everything that does not depend on the swept exit
// parameters (the bars, trading days, ranges, entries and horizons) is built
// once per instrument (PreparedInstrument); per combination only the exits are
// evaluated, through the same strategy code a plain run uses
// (strategy::ExitTrade semantics, FinalizeResults), so that a combination's
// table equals `orbit run` with those parameter values, row for row.
//
// Thread safety: a PreparedInstrument is immutable after construction;
// Evaluate() may run concurrently. RunSweep() parallelises over (combination,
// instrument) items in blocks and hands each block's results over in
// combination order, so the output is the same for every thread count.
#pragma once

#include <cstddef>
#include <atomic>
#include <functional>
#include <string>
#include <vector>

#include "core/bar_series.h"
#include "engine/analyzer.h"
#include "engine/progress.h"
#include "engine/stop_flag.h"
#include "engine/result_table.h"
#include "strategy/range_analysis.h"
#include "strategy/run_params.h"
#include "sweep/fast_exit.h"
#include "sweep/sweep_grid.h"

namespace orbit::sweep {

class PreparedInstrument {
 public:
  // `params` holds the instrument and every non-swept run option (its exit
  // parameters are replaced per combination); `ctx` is the plain run's
  // context. `bars` must outlive the object. Builds the entries with
  // `threads` workers over day chunks.
  // Errors: whatever BuildRangeEntry raises.
  PreparedInstrument(const BarSeries& bars, strategy::RunParams params, strategy::RangeContext ctx, int threads);

  // The finished result table of combination `c`: what `orbit run` with
  // ParamsFor(params, c) returns for this instrument.
  // Errors: Error(kUsage) for parameters the instrument rejects (a target off
  // its tick grid), Error(kBadInput) as ExitTrade.
  engine::ResultTable Evaluate(const Combination& c) const;

  const std::string& symbol() const { return params_.instrument; }
  size_t trading_days() const { return counts_.trading_days; }
  size_t ranges_built() const { return counts_.ranges_built; }
  size_t entries() const { return entries_.size(); }
  // Bars the plain run's trade walks visit (sum of |A| over the trades): the
  // unit of the "bar evaluations per second" figure.
  size_t trade_bars() const { return trade_bars_; }
  // Trades evaluated by the fast path / by ExecuteTrade so far (statistics).
  size_t fast_exits() const { return fast_exits_; }
  size_t walked_exits() const { return walked_exits_; }

 private:
  BarSeries bars_;
  strategy::RunParams params_;
  strategy::RangeContext ctx_;
  engine::AnalyzeCounts counts_;
  std::vector<strategy::RangeEntry> entries_;
  BarChains chains_;
  std::vector<FastExitIndex> fast_;  // one per entry (empty index for NoTrade entries)
  size_t trade_bars_ = 0;
  mutable std::atomic<size_t> fast_exits_{0}, walked_exits_{0};
};

struct SweepOptions {
  int threads = 0;             // 0 = all cores
  size_t block_combos = 0;     // combinations per block; 0 = 8 per thread
  bool progress = false;       // progress on stderr (combinations done, rate, ETA)
  engine::ProgressSink progress_sink;
  const engine::StopFlag* stop = nullptr;  // polled between blocks (Error kInterrupted via ThrowIfStopped)
};

// Evaluates every combination of `grid` on every instrument. `work` runs on
// worker threads, once per (combination, instrument index), with that table
// and the index of the worker running it (< engine::ResolveThreads(
// options.threads); one worker never runs two items at once, so per-worker
// state needs no lock);
// `flush(begin, end)` runs on the calling thread after all items of
// combinations [begin, end) are done, in increasing order. Memory: one block.
// Errors: the first (in combination order) error raised by `work` or
// Evaluate() is rethrown after the block's workers stop; `flush` is not called
// for that block.
void RunSweep(const SweepGrid& grid, const std::vector<const PreparedInstrument*>& instruments,
              const SweepOptions& options,
              const std::function<void(const Combination&, size_t instrument, size_t worker, engine::ResultTable&&)>& work,
              const std::function<void(size_t begin, size_t end)>& flush);

}  // namespace orbit::sweep
