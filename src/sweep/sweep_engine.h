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

#include <atomic>
#include <cstddef>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "core/bar_series.h"
#include "engine/analyzer.h"
#include "engine/progress.h"
#include "engine/result_table.h"
#include "engine/stop_flag.h"
#include "strategy/range_analysis.h"
#include "strategy/run_params.h"
#include "sweep/fast_exit.h"
#include "sweep/summary_fold.h"
#include "sweep/sweep_grid.h"

namespace orbit::sweep {

class PreparedInstrument {
 public:
  // `params` holds the instrument and every non-swept run option (its exit
  // parameters are replaced per combination); `ctx` is the plain run's
  // context. `bars` must outlive the object. Builds the entries with
  // `threads` workers over day chunks.
  // `stop` is polled while the entries are built; only trading dates in
  // [first_day, last_day] get entries (a streamed sweep's span; unset = all). `extended`: the run's extended columns (--columns extended with its
  // costs), set on every table as the run's pipeline does.
  // Errors: whatever BuildRangeEntry raises.
  PreparedInstrument(const BarSeries& bars, strategy::RunParams params, strategy::RangeContext ctx, int threads,
                     std::optional<engine::ExtendedColumns> extended = std::nullopt,
                     const engine::StopFlag* stop = nullptr,
                     std::optional<cctz::civil_day> first_day = std::nullopt,
                     std::optional<cctz::civil_day> last_day = std::nullopt);

  // The finished result table of combination `c`: what `orbit run` with
  // ParamsFor(params, c) returns for this instrument.
  // Errors: Error(kUsage) for parameters the instrument rejects (a target off
  // its tick grid), Error(kBadInput) as ExitTrade.
  engine::ResultTable Evaluate(const Combination& c) const;

  // How this instrument's rows fall into the SUMMARY groups of `by`
  // (summary_fold.h); `eligible` false when the rows' order or dedupe could
  // depend on the exits.
  SummaryPlan PlanSummary(report::Dimension by) const;

  // SUMMARY rows of the combinations `combos` without result tables: rows
  // per combination (in `combos` order), each in `plan`'s group order, equal
  // to SummaryBuilder's rows of Evaluate()'s tables; `pnl` of each row filled
  // when `daily_pnl`. REQUIRES: plan == PlanSummary(by) and plan.eligible.
  // Errors: as Evaluate().
  std::vector<std::vector<SummaryRow>> FoldSummaries(const std::vector<Combination>& combos, const SummaryPlan& plan,
                                                     const report::StatsOptions& options, bool daily_pnl) const;

  // The fold itself, into state the caller keeps (streamed sweeps carry it
  // from one span of dates to the next): row r of `plan` in group g goes to
  // folds[k * stride + group_index[g]] for combination k of `combos` (and
  // its day to pnl[k * plan.groups.size() + g] when `pnl` is not null).
  // `folds` start as StatsFold(options.commission_per_side_usd).
  void FoldRows(const std::vector<Combination>& combos, const SummaryPlan& plan,
                const std::vector<size_t>& group_index, size_t stride, const report::StatsOptions& options,
                StatsFold* folds, std::vector<PnlDay>* pnl) const;

  const std::string& symbol() const { return params_.instrument; }
  const InstrumentSpec& instrument() const { return ctx_.instrument; }
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
  std::optional<engine::ExtendedColumns> extended_;
  engine::AnalyzeCounts counts_;
  std::vector<strategy::RangeEntry> entries_;
  BarChains chains_;
  std::vector<FastExitIndex> fast_;  // one per entry (empty index for NoTrade entries)
  size_t trade_bars_ = 0;
  mutable std::atomic<size_t> fast_exits_{0}, walked_exits_{0};
};

struct SweepOptions {
  int threads = 0;          // 0 = all cores
  size_t block_combos = 0;  // combinations per block; 0 = 8 per thread
  bool progress = false;    // progress on stderr (combinations done, rate, ETA)
  engine::ProgressSink progress_sink;
  const engine::StopFlag* stop = nullptr;  // polled between blocks (Error kInterrupted via ThrowIfStopped)
};

// SUMMARY of every combination of `grid` on every instrument through
// FoldSummaries, `chunk` combinations per work item (sharing each trade's
// entry and bars). `emit` runs on the calling thread with the rows of each
// combination, in combination order, instruments in order; polls options.stop
// between blocks. REQUIRES: plans[i] eligible for instruments[i].
// The SUMMARY row of combination `c`, instrument `symbol`, one group.
SummaryRow FoldedRow(const Combination& c, const std::string& symbol, double target, const SummaryPlan::Group& group,
                     const StatsFold& fold);

void FoldSweep(const SweepGrid& grid, const std::vector<const PreparedInstrument*>& instruments,
               const std::vector<SummaryPlan>& plans, const std::vector<report::StatsOptions>& stats_options,
               bool daily_pnl, const SweepOptions& options, size_t chunk,
               const std::function<void(std::vector<SummaryRow>&&)>& emit);

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
void RunSweep(
    const SweepGrid& grid, const std::vector<const PreparedInstrument*>& instruments, const SweepOptions& options,
    const std::function<void(const Combination&, size_t instrument, size_t worker, engine::ResultTable&&)>& work,
    const std::function<void(size_t begin, size_t end)>& flush);

}  // namespace orbit::sweep
