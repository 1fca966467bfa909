#include "sweep/sweep_engine.h"

#include <algorithm>
#include <exception>
#include <thread>

#include "core/rounding.h"
#include "core/parallel_for.h"
#include "report/money.h"
#include "strategy/trade.h"

namespace orbit::sweep {

PreparedInstrument::PreparedInstrument(const BarSeries& bars, strategy::RunParams params, strategy::RangeContext ctx,
                                       int threads, std::optional<engine::ExtendedColumns> extended,
                                       const engine::StopFlag* stop, std::optional<cctz::civil_day> first_day,
                                       std::optional<cctz::civil_day> last_day)
    : bars_(bars), params_(std::move(params)), ctx_(std::move(ctx)), extended_(std::move(extended)) {
  engine::AnalyzeOptions options;
  options.threads = threads;
  options.stop = stop;
  options.first_day = first_day;
  options.last_day = last_day;
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
  engine::ResultTable table = engine::FinalizeResults(ctx.instrument, std::move(rows), counts_.ranges_built, ctx.fixes);
  table.extended = extended_;
  return table;
}

SummaryPlan PreparedInstrument::PlanSummary(report::Dimension by) const {
  std::vector<std::pair<size_t, const strategy::TradeRow*>> rows;
  for (size_t i = 0; i < entries_.size(); ++i) {
    const strategy::RangeEntry& e = entries_[i];
    if (e.entry.direction == strategy::Direction::kNone && !params_.write_no_trade_rows) continue;
    rows.emplace_back(i, &e.no_trade_row);
  }
  return MakeSummaryPlan(params_.instrument, rows, by);
}

namespace {

struct ComboState {
  strategy::RangeContext ctx;
  strategy::ExitRule rule;
};

}  // namespace

void PreparedInstrument::FoldRows(const std::vector<Combination>& combos, const SummaryPlan& plan,
                                  const std::vector<size_t>& group_index, size_t stride,
                                  const report::StatsOptions& options, StatsFold* folds,
                                  std::vector<PnlDay>* pnl) const {
  const size_t n = combos.size(), n_groups = plan.groups.size();
  std::vector<ComboState> states;
  states.reserve(n);
  for (const Combination& c : combos) {
    const strategy::RunParams params = ParamsFor(params_, c);
    ComboState st{ctx_, {}};
    st.ctx.instrument = strategy::ValidateRunParams(params, ctx_.fixes);
    st.ctx.extended_columns = false;  // excursions decide no SUMMARY figure
    st.rule = strategy::ResolveExitRule(params, st.ctx.instrument);
    states.push_back(std::move(st));
  }
  const InstrumentSpec& report_spec = report::SpecFor(params_.instrument);
  const double point_value = PointValueUsd(report_spec.symbol);
  const int decimals = ctx_.instrument.decimals;
  const int profit_decimals = ctx_.fixes.micro_profit_decimals && ctx_.instrument.micro ? decimals + 1 : decimals;
  const double cost = 2.0 * options.commission_per_side_usd;
  report::TradeRecord record;  // ProfitPoints reads its result and profit
  record.instrument = params_.instrument;
  size_t fast = 0, walked = 0;
  // Both evaluators overwrite the whole outcome: declared once, not zeroed
  // per combination (that zeroing was 9 % of a 20-year sweep's cycles).
  strategy::TradeOutcome trade;
  for (const SummaryPlan::Row& row : plan.rows) {
    const strategy::RangeEntry& e = entries_[row.entry];
    const size_t slot = group_index[row.group];
    if (e.entry.direction == strategy::Direction::kNone) {
      for (size_t k = 0; k < n; ++k) folds[k * stride + slot].Add(row.date, strategy::Outcome::kNoTrade, 0.0, 0.0);
      continue;
    }
    const FastExitIndex& index = fast_[row.entry];
    FirstTouchCache cache;  // this trade's level searches, shared by the combinations
    for (size_t k = 0; k < n; ++k) {
      const ComboState& st = states[k];
      const strategy::TradeSetup setup = strategy::MakeTradeSetup(e, st.rule, st.ctx);
      const bool fast_path_applies = setup.intrabar == strategy::IntrabarPolicy::kReference && !setup.measure_excursion;
      if (fast_path_applies &&
          FastExecuteTrade(bars_, chains_, index, setup, st.ctx.as_of_ns, st.ctx.fixes, &trade, &cache)) {
        ++fast;
      } else {
        trade = strategy::ExecuteTrade(bars_, setup, st.ctx.as_of_ns, st.ctx.fixes);
        ++walked;
      }
      if (trade.bars_walked == 0) (void)strategy::TradeRowOf(e, setup, trade, st.rule, st.ctx);  // raises, as Evaluate
      record.result = trade.result;
      record.profit = RoundDecimals(strategy::ProfitOf(st.ctx.instrument, st.rule, e.entry.direction, trade.result,
                                                       e.entry.price, trade.exit_price, st.ctx.fixes),
                                    profit_decimals);
      const double points = report::ProfitPoints(record, report_spec);
      const double gross = points * point_value;
      folds[k * stride + slot].Add(row.date, trade.result, points, gross);
      if (pnl) {
        std::vector<PnlDay>& days = pnl[k * n_groups + row.group];
        if (days.empty() || days.back().day != row.day) days.push_back({row.day, 0, 0.0});
        ++days.back().trades;
        days.back().pnl_usd += gross - cost;
      }
    }
  }
  fast_exits_ += fast;
  walked_exits_ += walked;
}

SummaryRow FoldedRow(const Combination& c, const std::string& symbol, double target, const SummaryPlan::Group& group,
                     const StatsFold& fold) {
  SummaryRow r;
  r.combo = c.id;
  r.instrument = symbol;
  r.group = group.key;
  r.stream = group.stream;
  r.slot = group.slot;
  r.target = target;
  r.stop_cap = c.stop_cap->value;
  r.t1 = c.t1->value;
  r.be_offset = static_cast<int>(c.be_offset->value);
  r.stats = fold.Finish(group.key);
  return r;
}

std::vector<std::vector<SummaryRow>> PreparedInstrument::FoldSummaries(const std::vector<Combination>& combos,
                                                                       const SummaryPlan& plan,
                                                                       const report::StatsOptions& options,
                                                                       bool daily_pnl) const {
  const size_t n = combos.size(), n_groups = plan.groups.size();
  std::vector<size_t> group_index(n_groups);
  for (size_t g = 0; g < n_groups; ++g) group_index[g] = g;
  std::vector<StatsFold> folds(n * n_groups, StatsFold(options.commission_per_side_usd));
  std::vector<std::vector<PnlDay>> pnl(daily_pnl ? n * n_groups : 0);
  FoldRows(combos, plan, group_index, n_groups, options, folds.data(), daily_pnl ? pnl.data() : nullptr);
  std::vector<std::vector<SummaryRow>> out(n);
  for (size_t k = 0; k < n; ++k) {
    const double target = strategy::ValidateRunParams(ParamsFor(params_, combos[k]), ctx_.fixes).target;
    out[k].reserve(n_groups);
    for (size_t g = 0; g < n_groups; ++g) {
      out[k].push_back(FoldedRow(combos[k], params_.instrument, target, plan.groups[g], folds[k * n_groups + g]));
      if (daily_pnl) out[k].back().pnl = std::move(pnl[k * n_groups + g]);
    }
  }
  return out;
}

void FoldSweep(const SweepGrid& grid, const std::vector<const PreparedInstrument*>& instruments,
               const std::vector<SummaryPlan>& plans, const std::vector<report::StatsOptions>& stats_options,
               bool daily_pnl, const SweepOptions& options, size_t chunk,
               const std::function<void(std::vector<SummaryRow>&&)>& emit) {
  const size_t total = grid.Count();
  const size_t n_inst = instruments.size();
  const int threads = engine::ResolveThreads(options.threads);
  chunk = std::max<size_t>(1, chunk);
  const size_t block = chunk * static_cast<size_t>(threads);
  engine::Progress progress("orbit sweep combinations", options.progress, options.progress_sink);
  for (size_t begin = 0; begin < total; begin += block) {
    engine::ThrowIfStopped(options.stop);
    const size_t end = std::min(total, begin + block);
    const size_t chunks = (end - begin + chunk - 1) / chunk;
    const size_t items = chunks * n_inst;
    std::vector<std::vector<std::vector<SummaryRow>>> results(items);  // [chunk * n_inst + inst][combo in chunk]
    ParallelFor(items, threads, [&](size_t item, size_t) {
      const size_t first = begin + (item / n_inst) * chunk, last = std::min(end, first + chunk);
      const size_t inst = item % n_inst;
      std::vector<Combination> combos;
      for (size_t id = first; id < last; ++id) combos.push_back(CombinationAt(grid, id));
      results[item] = instruments[inst]->FoldSummaries(combos, plans[inst], stats_options[inst], daily_pnl);
    });
    for (size_t c = 0; c < chunks; ++c) {
      const size_t count = std::min(end, begin + (c + 1) * chunk) - (begin + c * chunk);
      for (size_t k = 0; k < count; ++k)
        for (size_t inst = 0; inst < n_inst; ++inst) emit(std::move(results[c * n_inst + inst][k]));
    }
    progress.Update(end, total);
  }
  progress.Finish();
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
    ParallelFor(items, threads, [&](size_t item, size_t worker_index) {
      const Combination c = CombinationAt(grid, begin + item / n_inst);
      const size_t inst = item % n_inst;
      work(c, inst, worker_index, instruments[inst]->Evaluate(c));
    });
    flush(begin, end);
    progress.Update(end, total);
  }
  progress.Finish();
}

}  // namespace orbit::sweep
