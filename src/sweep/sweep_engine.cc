#include "sweep/sweep_engine.h"

#include <algorithm>
#include <exception>
#include <thread>

#include "strategy/trade.h"

namespace orbit::sweep {

PreparedInstrument::PreparedInstrument(const BarSeries& bars, strategy::RunParams params, strategy::RangeContext ctx,
                                       int threads)
    : bars_(bars), params_(std::move(params)), ctx_(std::move(ctx)) {
  engine::AnalyzeOptions options;
  options.threads = threads;
  entries_ = engine::BuildRangeEntries(bars_, params_, ctx_, options, &counts_);
  chains_ = BuildBarChains(bars_);
  const strategy::ExitRule any_rule = strategy::ResolveExitRule(params_, ctx_.instrument);
  fast_.resize(entries_.size());
  for (size_t i = 0; i < entries_.size(); ++i) {
    const strategy::RangeEntry& e = entries_[i];
    if (e.entry.direction == strategy::Direction::kNone) continue;
    fast_[i] = BuildFastExitIndex(bars_, strategy::MakeTradeSetup(e, any_rule, ctx_));
    trade_bars_ += fast_[i].last - fast_[i].first;
  }
}

engine::ResultTable PreparedInstrument::Evaluate(const Combination& c) const {
  const strategy::RunParams params = ParamsFor(params_, c);
  strategy::RangeContext ctx = ctx_;
  ctx.instrument = strategy::ValidateRunParams(params, ctx_.fixes);
  const strategy::ExitRule rule = strategy::ResolveExitRule(params, ctx.instrument);
  std::vector<strategy::TradeRow> rows;
  rows.reserve(entries_.size());
  size_t fast = 0, walked = 0;
  for (size_t i = 0; i < entries_.size(); ++i) {
    const strategy::RangeEntry& e = entries_[i];
    if (e.entry.direction == strategy::Direction::kNone) {
      if (params.write_no_trade_rows) rows.push_back(e.no_trade_row);
      continue;
    }
    const strategy::TradeSetup setup = strategy::MakeTradeSetup(e, rule, ctx);
    strategy::TradeOutcome trade;
    // The fast evaluator proves the reference intra-bar rule and the 17
    // reference columns; another policy or the extended columns walk the trade.
    const bool fast_path_applies = setup.intrabar == strategy::IntrabarPolicy::kReference && !setup.measure_excursion;
    if (fast_path_applies && FastExecuteTrade(bars_, chains_, fast_[i], setup, ctx.as_of_ns, ctx.fixes, &trade)) {
      ++fast;
    } else {
      trade = strategy::ExecuteTrade(bars_, setup, ctx.as_of_ns, ctx.fixes);
      ++walked;
    }
    rows.push_back(strategy::TradeRowOf(e, setup, trade, rule, ctx));
  }
  fast_exits_ += fast;
  walked_exits_ += walked;
  return engine::FinalizeResults(ctx.instrument, std::move(rows), counts_.ranges_built, ctx.fixes);
}

void RunSweep(const SweepGrid& grid, const std::vector<const PreparedInstrument*>& instruments,
              const SweepOptions& options,
              const std::function<void(const Combination&, size_t, size_t, engine::ResultTable&&)>& work,
              const std::function<void(size_t, size_t)>& flush) {
  const size_t total = grid.Count();
  const size_t n_inst = instruments.size();
  const int threads = engine::ResolveThreads(options.threads);
  const size_t block = options.block_combos > 0 ? options.block_combos : static_cast<size_t>(threads) * 8;
  engine::Progress progress("orbit sweep combinations", options.progress, options.progress_sink);
  for (size_t begin = 0; begin < total; begin += block) {
    engine::ThrowIfStopped(options.stop);
    const size_t end = std::min(total, begin + block);
    const size_t items = (end - begin) * n_inst;
    std::vector<std::exception_ptr> errors(items);
    std::atomic<size_t> next{0};
    auto worker = [&](size_t worker_index) {
      for (;;) {
        const size_t item = next.fetch_add(1);
        if (item >= items) return;
        const Combination c = CombinationAt(grid, begin + item / n_inst);
        const size_t inst = item % n_inst;
        try {
          work(c, inst, worker_index, instruments[inst]->Evaluate(c));
        } catch (...) {
          errors[item] = std::current_exception();
        }
      }
    };
    const int pool_size = std::min<int>(threads, static_cast<int>(std::max<size_t>(1, items)));
    if (pool_size <= 1) {
      worker(0);
    } else {
      std::vector<std::thread> pool;
      for (int t = 0; t < pool_size; ++t) pool.emplace_back(worker, static_cast<size_t>(t));
      for (std::thread& t : pool) t.join();
    }
    for (const std::exception_ptr& e : errors)
      if (e) std::rethrow_exception(e);
    flush(begin, end);
    progress.Update(end, total);
  }
  progress.Finish();
}

}  // namespace orbit::sweep
