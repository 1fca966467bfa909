#include "sweep/streamed_sweep.h"

#include <algorithm>
#include <atomic>
#include <exception>
#include <thread>

#include "core/error.h"
#include "engine/progress.h"
#include "core/parallel_for.h"
#include "sweep/sweep_output.h"

namespace orbit::sweep {
namespace {

// Combinations folded together per trade (as FoldSweep).
constexpr size_t kChunk = 64;

}  // namespace

StreamedFold::StreamedFold(const SweepGrid& grid, size_t first_combo, size_t end_combo,
                           const pipeline::PipelineRequest& request, report::Dimension by,
                           const engine::CostModel& costs, PnlWriter* pnl, const SweepOptions& options,
                           size_t chunk_bars, std::function<void(const std::string&)> validate)
    : grid_(grid),
      first_combo_(first_combo),
      end_combo_(end_combo),
      request_(request),
      by_(by),
      costs_(costs),
      pnl_(pnl),
      options_(options),
      chunk_bars_(chunk_bars),
      validate_(std::move(validate)) {}

void StreamedFold::OnBatch(source::BarData& data) {
  engine::ThrowIfStopped(options_.stop);
  for (auto& [symbol, columns] : data.by_instrument)
    if (columns.size() >= chunk_bars_) Process(symbol, columns, data.warnings, false);
}

void StreamedFold::Finish(source::BarData& data) {
  for (auto& [symbol, columns] : data.by_instrument) Process(symbol, columns, data.warnings, true);
}

void StreamedFold::Process(const std::string& symbol, source::BarColumns& columns, std::vector<std::string>& warnings,
                           bool final) {
  if (columns.size() == 0) return;
  const calendar::TimeZone& zone = calendar::TimeZone::Chicago();
  auto found = instruments_.find(symbol);
  if (found == instruments_.end()) {
    validate_(symbol);
    Instrument inst;
    inst.stats = CostStatsOptions(costs_, request_.bind(symbol).context.instrument);
    found = instruments_.emplace(symbol, std::move(inst)).first;
  }
  Instrument& inst = found->second;
  columns.SortByTime();
  if (columns.ts_ns.front() < inst.boundary_ns)
    ThrowBadInput(symbol +
                  ": bars are not in time order across files, so a sweep cannot stream them within "
                  "--memory-limit; raise --memory-limit so the bars fit in memory");
  // Last date whose look-ahead is complete (the run pipeline's rule).
  std::optional<cctz::civil_day> ready;
  if (final) {
    ready = cctz::civil_day(zone.ToCivil(columns.ts_ns.back()));
  } else {
    const cctz::civil_day d = pipeline::LastDayWithLookAhead(columns.ts_ns.back(), request_.look_ahead_days);
    if (!inst.done_through || d > *inst.done_through) ready = d;
  }
  if (!ready) return;
  source::ApplyDuplicatePolicy(columns, request_.read.duplicate_policy, symbol, warnings);
  const pipeline::InstrumentRun run = request_.bind(symbol);
  // This span's dates, within the run's analysed span (--analyze-from/-to).
  std::optional<cctz::civil_day> first_day = request_.analyze_from;
  if (inst.done_through && (!first_day || *first_day <= *inst.done_through)) first_day = *inst.done_through + 1;
  cctz::civil_day last_day = *ready;
  if (request_.analyze_to && *request_.analyze_to < last_day) last_day = *request_.analyze_to;
  {
    const PreparedInstrument prepared(columns.view(), run.params, run.context, options_.threads, std::nullopt, options_.stop,
                                      first_day, last_day);
    FoldSpan(symbol, inst, prepared);
    fast_exits_ += prepared.fast_exits();
    walked_exits_ += prepared.walked_exits();
  }
  ++spans_;
  inst.done_through = *ready;
  // Drop every bar before the next date: no later range or trade reads them.
  inst.boundary_ns = zone.ToInstant(*ready + 1, 0, 0, 0);
  const size_t keep_from = columns.view().LowerBound(inst.boundary_ns);
  auto drop = [keep_from](auto& v) {
    v.erase(v.begin(), v.begin() + static_cast<std::ptrdiff_t>(keep_from));
    v.shrink_to_fit();
  };
  drop(columns.ts_ns);
  drop(columns.open);
  drop(columns.high);
  drop(columns.low);
  drop(columns.close);
}

void StreamedFold::FoldSpan(const std::string& symbol, Instrument& inst, const PreparedInstrument& prepared) {
  const SummaryPlan plan = prepared.PlanSummary(by_);
  if (!plan.eligible)
    ThrowUsage("--memory-limit: " + symbol +
               " has rows sharing a date, slot and session, so this sweep cannot "
               "stream its bars; raise --memory-limit so the bars fit in memory");
  const size_t total = end_combo_ - first_combo_;  // statistics: folds[group * total + combo - first_combo_]
  std::vector<size_t> global(plan.groups.size());
  for (size_t g = 0; g < plan.groups.size(); ++g) {
    auto it = inst.group_of.find(plan.groups[g].key);
    if (it == inst.group_of.end()) {
      it = inst.group_of.emplace(plan.groups[g].key, inst.groups.size()).first;
      inst.groups.push_back(plan.groups[g]);
      inst.folds.resize(inst.groups.size() * total, StatsFold(inst.stats.commission_per_side_usd));
    }
    global[g] = it->second;
  }
  inst.rows += plan.rows.size();
  if (plan.rows.empty()) return;
  if (pnl_) pnl_->BeginSegment();
  const int threads = engine::ResolveThreads(options_.threads);
  const size_t block = kChunk * static_cast<size_t>(threads);
  const size_t n_groups = plan.groups.size();
  for (size_t begin = first_combo_; begin < end_combo_; begin += block) {
    engine::ThrowIfStopped(options_.stop);
    const size_t end = std::min(end_combo_, begin + block);
    const size_t chunks = (end - begin + kChunk - 1) / kChunk;
    // Days of this block: [combo - begin][plan group].
    std::vector<std::vector<PnlDay>> days(pnl_ ? (end - begin) * n_groups : 0);
    ParallelFor(chunks, threads, [&](size_t c, size_t) {
      const size_t first = begin + c * kChunk, last = std::min(end, first + kChunk);
      std::vector<Combination> combos;
      for (size_t id = first; id < last; ++id) combos.push_back(CombinationAt(grid_, id));
      // Statistics: folds[global group * total + combo]; days: [combo - begin][plan group].
      std::vector<size_t> index(n_groups);
      for (size_t g = 0; g < n_groups; ++g) index[g] = global[g] * total + (first - first_combo_);
      prepared.FoldRows(combos, plan, index, 1, inst.stats, inst.folds.data(),
                        pnl_ ? days.data() + (first - begin) * n_groups : nullptr);
    });
    if (pnl_)
      for (size_t k = 0; k < end - begin; ++k)
        for (size_t g = 0; g < n_groups; ++g) {
          const SummaryPlan::Group& group = plan.groups[g];
          if (!days[k * n_groups + g].empty())
            pnl_->AppendDays(symbol, group.key, group.stream, group.slot, begin + k, days[k * n_groups + g]);
        }
  }
}

std::vector<std::pair<std::string, std::string>> StreamedFold::GroupOrder(
    const std::vector<std::string>& symbols) const {
  std::vector<std::pair<std::string, std::string>> out;
  for (const std::string& symbol : symbols) {
    const auto it = instruments_.find(symbol);
    if (it == instruments_.end()) continue;
    // GroupRecords' order for slot, stream and year: ascending key text.
    for (const auto& [key, index] : it->second.group_of) out.emplace_back(symbol, key);
  }
  return out;
}

void StreamedFold::Emit(const std::vector<std::string>& symbols,
                        const std::function<void(std::vector<SummaryRow>&&)>& emit) {
  for (const std::string& symbol : symbols) {
    const auto it = instruments_.find(symbol);
    if (it == instruments_.end())
      throw Error(ErrorKind::kBadInput, "no rows for instrument " + symbol + " in the input");
  }
  const size_t total = end_combo_ - first_combo_;
  std::vector<pipeline::InstrumentRun> runs;  // the run's binding, per symbol
  for (const std::string& symbol : symbols) runs.push_back(request_.bind(symbol));
  for (size_t id = first_combo_; id < end_combo_; ++id) {
    const Combination c = CombinationAt(grid_, id);
    for (size_t k = 0; k < symbols.size(); ++k) {
      const std::string& symbol = symbols[k];
      const Instrument& inst = instruments_.at(symbol);
      const double target = strategy::ValidateRunParams(ParamsFor(runs[k].params, c), runs[k].context.fixes).target;
      std::vector<SummaryRow> rows;
      rows.reserve(inst.groups.size());
      for (const auto& [key, g] : inst.group_of)
        rows.push_back(FoldedRow(c, symbol, target, inst.groups[g], inst.folds[g * total + (id - first_combo_)]));
      emit(std::move(rows));
    }
  }
}

}  // namespace orbit::sweep
