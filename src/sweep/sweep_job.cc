#include "sweep/sweep_job.h"

#include <fmt/format.h>

#include <algorithm>
#include <cctype>
#include <filesystem>
#include <memory>
#include <set>

#include "core/error.h"
#include "core/output_set.h"
#include "core/tokens.h"
#include "engine/resource_usage.h"
#include "orbit/run.h"
#include "pipeline/run_pipeline.h"
#include "source/bar_reader.h"
#include "source/file_discovery.h"
#include "sweep/pnl_output.h"
#include "sweep/streamed_sweep.h"
#include "sweep/sweep_engine.h"
#include "sweep/sweep_output.h"

namespace orbit::sweep {
namespace {

// Combinations folded together per trade (FoldSweep): the trade's records and
// bars stay in cache across them (64: 1.4x less CPU than 32 on 20 years,
// no gain at 128); statistics are ~130 bytes per group.
constexpr size_t kFoldChunk = 64;

// Every target value must suit the instrument (tick grid); the other axes were
// checked by ParseGrid. Errors: Error(kUsage) naming --target.
void ValidateGridFor(const SweepGrid& grid, strategy::RunParams params, const strategy::Fixes& fixes) {
  params = ParamsFor(params, CombinationAt(grid, 0));
  if (grid.targets.empty()) {
    strategy::ValidateRunParams(params, fixes);
    return;
  }
  for (const AxisValue& t : grid.targets) {
    params.target = t.value;
    try {
      strategy::ValidateRunParams(params, fixes);
    } catch (const Error& e) {
      ThrowUsage("--target: " + t.text + " does not suit " + params.instrument + ": " + e.what());
    }
  }
}

// The spec's notes as they apply to a sweep: costs are in SUMMARY's net
// figures whatever the columns, so the run's "only shows in the extended
// columns" note about --commission/--slippage does not apply.
std::vector<std::string> SweepNotes(const RunSpec& spec) {
  std::vector<std::string> notes;
  for (const std::string& note : spec.notes)
    if (note.find(" only shows in the extended columns") == std::string::npos) notes.push_back(note);
  return notes;
}

// A SUMMARY-only sweep over bars streamed within the memory limit
// (streamed_sweep.h): same files as the in-memory sweep, byte for byte.
void StreamSweep(const SweepJob& job, const SweepGrid& grid, const pipeline::PipelineRequest& request,
                 source::BarReadOptions read, int64_t memory_limit, int64_t bar_bytes, bool csv, bool pnl_csv,
                 OutputSet& outputs, std::vector<std::string> symbols, SweepJobResult& result) {
  const RunSpec& spec = job.spec;
  const bool with_costs = spec.costs.commission_usd_per_side > 0 || spec.costs.slippage_ticks_per_side > 0;
  SummaryWriter summary(outputs.Stage(job.out), csv, with_costs);
  std::unique_ptr<PnlWriter> pnl;
  if (!job.pnl_out.empty()) pnl = std::make_unique<PnlWriter>(outputs.Stage(job.pnl_out), pnl_csv);
  SweepOptions options;
  options.threads = spec.threads;
  options.stop = job.stop;
  const std::set<std::string> asked(symbols.begin(), symbols.end());
  auto validate = [&](const std::string& symbol) {
    if (!asked.empty() && !asked.count(symbol)) return;
    strategy::RunParams p = spec.params;
    p.instrument = symbol;
    ValidateGridFor(grid, p, spec.fixes);
  };
  // A chunk is an eighth of the limit (the run pipeline's rule), at 48 bytes a
  // bar with the break-even chains.
  const size_t chunk_bars = static_cast<size_t>(std::max<int64_t>(64 * 1024, memory_limit / 8 / 48));
  // Statistics are kept for every (group, combination) of a pass: a pass
  // takes as many combinations as fit a quarter of the limit (groups
  // estimated from the slots, or the years of the data for --by year, at
  // most 64 a combination and instrument), and reads the bars once.
  const size_t instruments = std::max<size_t>(1, symbols.size());
  const size_t groups_per_combo = job.by == report::Dimension::kYear ? 64 : 16;
  const size_t per_combo = instruments * groups_per_combo * sizeof(StatsFold);
  const size_t total = grid.Count();
  const size_t per_pass =
      std::clamp<size_t>(static_cast<size_t>(memory_limit / 4) / per_combo, size_t{64}, std::max<size_t>(total, 64));
  // Progress: bars read over all passes (projected from the inputs).
  engine::Progress progress("orbit sweep bars", job.progress, job.progress_sink);
  const uint64_t passes = (total + per_pass - 1) / per_pass;
  const uint64_t projected = static_cast<uint64_t>(std::max<int64_t>(1, bar_bytes / 48));
  std::vector<std::pair<std::string, std::string>> order;
  for (size_t first = 0; first < total; first += per_pass) {
    const size_t end = std::min(total, first + per_pass);
    StreamedFold fold(grid, first, end, request, job.by, spec.costs, pnl.get(), options, chunk_bars, validate);
    const uint64_t done_before = first / per_pass * projected;
    read.expected_rows = 0;
    read.on_batch = [&](source::BarData& data) {
      const uint64_t done = done_before + std::min<uint64_t>(data.rows_read, projected);
      progress.Update(done, std::max(done, passes * projected));
      fold.OnBatch(data);
    };
    engine::Stopwatch watch;
    source::BarData data = source::ReadBars(read);
    fold.Finish(data);
    result.sweep_seconds += watch.Seconds();
    if (first == 0) {
      result.warnings = SweepNotes(spec);
      result.warnings.insert(result.warnings.end(), data.warnings.begin(), data.warnings.end());
      if (symbols.empty()) {  // "all": every instrument found
        for (const auto& [symbol, columns] : data.by_instrument) symbols.push_back(symbol);
        if (symbols.empty()) throw Error(ErrorKind::kBadInput, "no instrument found in the data");
      }
      std::sort(symbols.begin(), symbols.end());
    }
    fold.Emit(symbols, [&](std::vector<SummaryRow>&& rows) {
      result.summary_rows += rows.size();
      summary.Append(std::move(rows));
    });
    if (first == 0) order = fold.GroupOrder(symbols);
    result.fast_exits += fold.fast_exits();
    result.walked_exits += fold.walked_exits();
    result.spans += fold.spans();
    ++result.passes;
  }
  progress.Finish();
  engine::ThrowIfStopped(job.stop);
  summary.Close();
  if (pnl) pnl->Close(&order);
  outputs.Commit();
  result.instruments = symbols.size();
  result.folded = true;
  result.streamed = true;
}

}  // namespace

SweepJobResult RunSweepJobWithArrow(const SweepJob& job) {
  SweepJobResult result;
  const RunSpec& spec = job.spec;
  const SweepGrid grid = ParseGrid(job.target, job.stop_cap, job.t1, job.be_offset, job.max_combos);
  OutputSet outputs;
  outputs.Declare(job.out, "--out", job.bars);
  const std::string ext = std::filesystem::path(job.out).extension().string();
  if (ext != ".csv" && ext != ".parquet") ThrowUsage("--out: '" + job.out + "' is not a .csv or .parquet file");
  if (!job.trades_out.empty()) {
    outputs.Declare(job.trades_out, "--trades-out", job.bars);
    if (std::filesystem::path(job.trades_out).extension() != ".parquet")
      ThrowUsage("--trades-out: '" + job.trades_out + "' is not a .parquet file");
  }

  // The run's own binding (orbit::PipelineRequestFor): reader options, the
  // intra-bar policy, calendar, extended columns and costs, as `orbit run`.
  bool pnl_csv = false;
  if (!job.pnl_out.empty()) {
    outputs.Declare(job.pnl_out, "--pnl-out", job.bars);
    const std::string pnl_ext = std::filesystem::path(job.pnl_out).extension().string();
    if (pnl_ext != ".csv" && pnl_ext != ".parquet" && pnl_ext != ".pq")
      ThrowUsage("--pnl-out: '" + job.pnl_out + "' is not a .csv, .parquet or .pq file");
    pnl_csv = pnl_ext == ".csv";
  }

  const calendar::TimeZone input_zone = calendar::TimeZone::Load(spec.input_tz);
  const int64_t as_of_ns = AsOfNs(spec);  // read once per sweep
  const pipeline::PipelineRequest request =
      PipelineRequestFor(spec, BarSource::Files(job.bars), RunControl{}, &input_zone, as_of_ns);
  source::BarReadOptions read = request.read;
  read.on_batch = [&job](source::BarData&) { engine::ThrowIfStopped(job.stop); };
  std::vector<std::string> symbols = spec.instruments;
  for (const std::string& s : symbols) {
    strategy::RunParams p = spec.params;
    p.instrument = s;
    ValidateGridFor(grid, p, spec.fixes);
  }
  result.combinations = grid.Count();
  if (job.log) {
    std::fprintf(job.log, "orbit sweep: %zu combinations\n", result.combinations);
    std::fflush(job.log);
  }

  // Memory: a sweep holds every requested instrument's bars (40 bytes a bar)
  // and their break-even chains (8 more) for its whole run, plus one block of
  // combinations' result tables (sized below). A SUMMARY-only sweep whose
  // bars alone would exceed the limit (where sweeps used to refuse), or with
  // --mode stream, streams them instead (streamed_sweep.h; needs time-ordered
  // files, so sweeps that fit keep the in-memory path they always had); with
  // TRADES it refuses such inputs instead of exceeding the limit.
  read.files = source::DiscoverInputFiles(read.paths, read.instruments);
  const int64_t memory_limit = pipeline::MemoryLimitBytes(spec.memory_limit_bytes);
  const int64_t bar_bytes = pipeline::ProjectedBarBytes(read.files) / 40 * 48;
  const bool stream =
      job.trades_out.empty() && job.fold_summaries &&
      (spec.mode == ExecutionMode::kStreaming || (spec.mode == ExecutionMode::kAuto && bar_bytes > memory_limit));
  if (stream) {
    StreamSweep(job, grid, request, read, memory_limit, bar_bytes, ext == ".csv", pnl_csv, outputs, symbols, result);
    return result;
  }
  if (bar_bytes > memory_limit)
    ThrowUsage(
        fmt::format("--memory-limit: a sweep holds the bars in memory, about {} MiB for these inputs, more "
                    "than the limit of {} MiB; raise --memory-limit or narrow --start/--end",
                    bar_bytes >> 20, memory_limit >> 20));

  engine::Stopwatch scan_watch;
  source::BarData data = source::ReadBars(read);
  result.scan_seconds = scan_watch.Seconds();
  result.warnings = SweepNotes(spec);
  result.warnings.insert(result.warnings.end(), data.warnings.begin(), data.warnings.end());
  if (symbols.empty()) {  // "all": every instrument found
    for (const auto& [symbol, columns] : data.by_instrument) {
      strategy::RunParams p = spec.params;
      p.instrument = symbol;
      ValidateGridFor(grid, p, spec.fixes);
      symbols.push_back(symbol);
    }
    if (symbols.empty()) throw Error(ErrorKind::kBadInput, "no instrument found in the data");
  }
  std::sort(symbols.begin(), symbols.end());
  for (const std::string& s : symbols)
    if (!data.by_instrument.count(s) || data.by_instrument[s].size() == 0)
      throw Error(ErrorKind::kBadInput, "no rows for instrument " + s + " in the input");

  engine::Stopwatch prepare_watch;
  const calendar::TimeZone& chicago = calendar::TimeZone::Chicago();
  std::vector<std::unique_ptr<PreparedInstrument>> prepared;
  std::vector<const PreparedInstrument*> instruments;
  for (const std::string& s : symbols) {
    strategy::RunParams p = spec.params;
    p.instrument = s;
    const strategy::RangeContext ctx = pipeline::RangeContextFor(request, strategy::ValidateRunParams(p, spec.fixes));
    prepared.push_back(std::make_unique<PreparedInstrument>(data.by_instrument[s].view(), p, ctx, spec.threads,
                                                            request.extended, job.stop));
    instruments.push_back(prepared.back().get());
  }
  result.prepare_seconds = prepare_watch.Seconds();
  result.instruments = instruments.size();

  engine::Stopwatch sweep_watch;
  SweepOptions options;
  options.threads = spec.threads;
  // A block holds one result table per (combination, instrument) at a time
  // (and their TRADES batches): 8 combinations per thread, fewer when that
  // would not fit in what the limit leaves beside the bars.
  const size_t threads = static_cast<size_t>(engine::ResolveThreads(spec.threads));
  size_t rows_per_combination = 0;
  for (const PreparedInstrument* p : instruments) rows_per_combination += p->entries();
  const int64_t row_bytes = static_cast<int64_t>(sizeof(strategy::TradeRow)) + (job.trades_out.empty() ? 0 : 160);
  const int64_t block_budget = (memory_limit - bar_bytes) / 2;
  const int64_t fitting = block_budget / std::max<int64_t>(1, static_cast<int64_t>(rows_per_combination) * row_bytes);
  options.block_combos = std::clamp<size_t>(static_cast<size_t>(std::max<int64_t>(fitting, 1)), threads, threads * 8);
  result.block_combos = options.block_combos;
  options.stop = job.stop;
  options.progress = job.progress;
  options.progress_sink = job.progress_sink;
  struct Item {
    std::vector<SummaryRow> summary;
    std::shared_ptr<arrow::Table> trades;
  };
  const size_t n_inst = instruments.size();
  std::vector<Item> items(options.block_combos * n_inst);
  // Costs (--commission, --slippage): SUMMARY's usd and the figures built on
  // it are net, gross_usd keeps the gross beside them.
  const bool with_costs = spec.costs.commission_usd_per_side > 0 || spec.costs.slippage_ticks_per_side > 0;
  std::vector<SummaryBuilder> builders;  // one per (worker, instrument)
  for (size_t w = 0; w < threads; ++w)
    for (const PreparedInstrument* p : instruments)
      builders.emplace_back(job.by, CostStatsOptions(spec.costs, p->instrument()), !job.pnl_out.empty());
  SummaryWriter summary(outputs.Stage(job.out), ext == ".csv", with_costs);
  std::unique_ptr<PnlWriter> pnl;
  if (!job.pnl_out.empty()) pnl = std::make_unique<PnlWriter>(outputs.Stage(job.pnl_out), pnl_csv);
  std::unique_ptr<TradesWriter> trades;
  if (!job.trades_out.empty()) trades = std::make_unique<TradesWriter>(outputs.Stage(job.trades_out));
  // SUMMARY (and P&L) only: fold the statistics as exits are found, a chunk
  // of combinations per trade, no result tables (summary_fold.h); TRADES, or
  // rows whose order could depend on the exits, take the tables.
  std::vector<SummaryPlan> plans;
  bool fold = job.trades_out.empty() && job.fold_summaries;
  for (const PreparedInstrument* p : instruments) {
    if (!fold) break;
    plans.push_back(p->PlanSummary(job.by));
    fold = plans.back().eligible;
  }
  result.folded = fold;
  if (fold) {
    std::vector<report::StatsOptions> stats_options;
    for (const PreparedInstrument* p : instruments)
      stats_options.push_back(CostStatsOptions(spec.costs, p->instrument()));
    FoldSweep(grid, instruments, plans, stats_options, pnl != nullptr, options, kFoldChunk,
              [&](std::vector<SummaryRow>&& rows) {
                result.summary_rows += rows.size();
                if (pnl) pnl->Append(rows);
                summary.Append(std::move(rows));
              });
  } else {
    RunSweep(
        grid, instruments, options,
        [&](const Combination& c, size_t inst, size_t worker, engine::ResultTable&& table) {
          Item& item = items[(c.id % options.block_combos) * n_inst + inst];
          item.summary = builders[worker * n_inst + inst].Rows(c, table);
          if (trades) item.trades = MakeTradesBatch(c, std::move(table), chicago);
        },
        [&](size_t begin, size_t end) {
          for (size_t k = 0; k < (end - begin) * n_inst; ++k) {
            Item& item = items[k];
            result.summary_rows += item.summary.size();
            if (pnl) pnl->Append(item.summary);
            summary.Append(std::move(item.summary));
            item.summary.clear();
            if (trades) trades->Append(*item.trades);
            item.trades.reset();
          }
        });
  }
  result.sweep_seconds = sweep_watch.Seconds();
  if (trades) trades->Close();
  engine::ThrowIfStopped(job.stop);
  summary.Close();
  if (pnl) pnl->Close();
  outputs.Commit();
  size_t trade_bars = 0;
  for (const PreparedInstrument* p : instruments) {
    trade_bars += p->trade_bars();
    result.fast_exits += p->fast_exits();
    result.walked_exits += p->walked_exits();
  }
  result.bar_evaluations = static_cast<double>(trade_bars) * static_cast<double>(result.combinations);
  return result;
}

}  // namespace orbit::sweep
