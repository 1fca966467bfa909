#include "sweep/sweep_job.h"

#include <algorithm>
#include <cctype>
#include <filesystem>
#include <memory>

#include <fmt/format.h>

#include "core/error.h"
#include "core/output_set.h"
#include "core/tokens.h"
#include "engine/resource_usage.h"
#include "orbit/run.h"
#include "pipeline/run_pipeline.h"
#include "source/bar_reader.h"
#include "source/file_discovery.h"
#include "sweep/sweep_engine.h"
#include "sweep/sweep_output.h"

namespace orbit::sweep {
namespace {

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

  const calendar::TimeZone input_zone = calendar::TimeZone::Load(spec.input_tz);
  source::BarReadOptions read = BarReadOptionsFor(spec, BarSource::Files(job.bars), &input_zone);
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
  // combinations' result tables (sized below). It refuses inputs whose bars
  // alone exceed the limit instead of exceeding it.
  read.files = source::DiscoverInputFiles(read.paths, read.instruments);
  const int64_t memory_limit = pipeline::MemoryLimitBytes(spec.memory_limit_bytes);
  const int64_t bar_bytes = pipeline::ProjectedBarBytes(read.files) / 40 * 48;
  if (bar_bytes > memory_limit)
    ThrowUsage(fmt::format("--memory-limit: a sweep holds the bars in memory, about {} MiB for these inputs, more "
                           "than the limit of {} MiB; raise --memory-limit or narrow --start/--end",
                           bar_bytes >> 20, memory_limit >> 20));

  engine::Stopwatch scan_watch;
  source::BarData data = source::ReadBars(read);
  result.scan_seconds = scan_watch.Seconds();
  result.warnings = spec.notes;
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
  const int64_t as_of_ns = AsOfNs(spec);  // read once per sweep

  engine::Stopwatch prepare_watch;
  const calendar::TimeZone& chicago = calendar::TimeZone::Chicago();
  std::vector<std::unique_ptr<PreparedInstrument>> prepared;
  std::vector<const PreparedInstrument*> instruments;
  for (const std::string& s : symbols) {
    strategy::RunParams p = spec.params;
    p.instrument = s;
    strategy::RangeContext ctx;
    ctx.zone = &chicago;
    ctx.instrument = strategy::ValidateRunParams(p, spec.fixes);
    ctx.as_of_ns = as_of_ns;
    ctx.fixes = spec.fixes;
    prepared.push_back(std::make_unique<PreparedInstrument>(data.by_instrument[s].view(), p, ctx, spec.threads));
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
  std::vector<SummaryRow> summary;
  std::vector<SummaryBuilder> builders(threads * n_inst, SummaryBuilder(job.by));  // one per (worker, instrument)
  std::unique_ptr<TradesWriter> trades;
  if (!job.trades_out.empty()) trades = std::make_unique<TradesWriter>(outputs.Stage(job.trades_out));
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
          for (SummaryRow& r : item.summary) summary.push_back(std::move(r));
          item.summary.clear();
          if (trades) trades->Append(*item.trades);
          item.trades.reset();
        }
      });
  result.sweep_seconds = sweep_watch.Seconds();
  if (trades) trades->Close();
  WriteSummary(summary, ext == ".csv", outputs.Stage(job.out));
  engine::ThrowIfStopped(job.stop);
  outputs.Commit();
  result.summary_rows = summary.size();
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
