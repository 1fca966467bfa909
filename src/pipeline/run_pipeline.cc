#include "pipeline/run_pipeline.h"

#include <algorithm>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <map>

#include "core/error.h"
#include "engine/analyzer.h"
#include "engine/progress.h"
#include "engine/resource_usage.h"
#include "engine/trading_days.h"
#include "source/csv_scanner.h"
#include "source/file_discovery.h"
#include "module/arrow_module.h"
#include "source/bar_reader.h"

namespace orbit::pipeline {
namespace {

constexpr int64_t kBytesPerBar = 40;
constexpr int kLookAheadDays = 4;  // > the 3-day Friday horizon plus the slot time

int64_t MemAvailableBytes() {
  std::FILE* f = std::fopen("/proc/meminfo", "r");
  if (!f) return int64_t{4} << 30;
  char line[256];
  int64_t kb = -1;
  while (std::fgets(line, sizeof line, f))
    if (std::strncmp(line, "MemAvailable:", 13) == 0) kb = std::atoll(line + 13);
  std::fclose(f);
  return kb > 0 ? kb * 1024 : int64_t{4} << 30;
}

InstrumentRun Bind(const PipelineRequest& r, const std::string& symbol) {
  if (!r.bind) ThrowInternal("pipeline: no instrument binding in the request");
  return r.bind(symbol);
}

// Narrows options.first_day/last_day to the request's analysed span (a
// first_day after last_day analyses nothing).
void ClampToAnalyzedSpan(const PipelineRequest& r, engine::AnalyzeOptions& options) {
  if (r.analyze_from && (!options.first_day || *options.first_day < *r.analyze_from))
    options.first_day = r.analyze_from;
  if (r.analyze_to && (!options.last_day || *options.last_day > *r.analyze_to)) options.last_day = r.analyze_to;
}

// Analyses whole trading days as soon as their look-ahead has been read and
// drops the bars no later day needs.
class StreamingAnalyzer {
 public:
  StreamingAnalyzer(const PipelineRequest& request, size_t chunk_bars)
      : request_(request), chunk_bars_(chunk_bars) {}

  void OnBatch(source::BarData& data) {
    for (auto& [symbol, columns] : data.by_instrument)
      if (columns.size() >= chunk_bars_) Process(symbol, columns, data.warnings, false);
  }

  void Finish(source::BarData& data) {
    for (auto& [symbol, columns] : data.by_instrument) Process(symbol, columns, data.warnings, true);
  }

  std::map<std::string, std::vector<strategy::TradeRow>>& rows() { return rows_; }
  std::map<std::string, engine::AnalyzeCounts>& counts() { return counts_; }
  std::map<std::string, size_t>& bars_seen() { return bars_seen_; }
  double analyze_seconds() const { return analyze_seconds_; }

 private:
  struct Progress {
    std::optional<cctz::civil_day> done_through;  // last date analysed
    int64_t boundary_ns = INT64_MIN;              // no later bar may be earlier
  };

  void Process(const std::string& symbol, source::BarColumns& columns, std::vector<std::string>& warnings, bool final) {
    if (columns.size() == 0) return;
    engine::Stopwatch watch;
    const calendar::TimeZone& zone = calendar::TimeZone::Chicago();
    Progress& state = state_[symbol];
    columns.SortByTime();
    if (columns.ts_ns.front() < state.boundary_ns)
      ThrowBadInput(symbol + ": bars are not in time order across files/batches (a bar of an already analysed "
                             "day arrived late), so they cannot be streamed; rerun in memory (--mode memory)");
    // Last date whose look-ahead is complete: local(D + look-ahead, 00:00) <= newest bar.
    std::optional<cctz::civil_day> ready;
    if (final) {
      ready = cctz::civil_day(zone.ToCivil(columns.ts_ns.back()));
    } else {
      const cctz::civil_day d = LastDayWithLookAhead(columns.ts_ns.back(), request_.look_ahead_days);
      if (!state.done_through || d > *state.done_through) ready = d;
    }
    if (!ready) return;
    source::ApplyDuplicatePolicy(columns, request_.read.duplicate_policy, symbol, warnings);
    const InstrumentRun run = Bind(request_, symbol);
    engine::AnalyzeOptions options;
    options.threads = request_.threads;
    options.stop = request_.stop;
    if (state.done_through) options.first_day = *state.done_through + 1;
    options.last_day = *ready;
    ClampToAnalyzedSpan(request_, options);
    engine::AnalyzeCounts& counts = counts_[symbol];
    std::vector<strategy::TradeRow> rows =
        engine::AnalyzeRows(columns.view(), run.params, run.context, options, &counts);
    auto& out = rows_[symbol];
    out.insert(out.end(), rows.begin(), rows.end());
    state.done_through = *ready;
    // Drop every bar before the next date: no later range or trade reads them.
    state.boundary_ns = zone.ToInstant(*ready + 1, 0, 0, 0);
    const size_t keep_from = columns.view().LowerBound(state.boundary_ns);
    bars_seen_[symbol] += keep_from;
    auto drop = [keep_from](auto& v) { v.erase(v.begin(), v.begin() + static_cast<std::ptrdiff_t>(keep_from)); };
    drop(columns.ts_ns);
    drop(columns.open);
    drop(columns.high);
    drop(columns.low);
    drop(columns.close);
    if (final) bars_seen_[symbol] += columns.size();
    analyze_seconds_ += watch.Seconds();
  }

  const PipelineRequest& request_;
  size_t chunk_bars_;
  std::map<std::string, Progress> state_;
  std::map<std::string, std::vector<strategy::TradeRow>> rows_;
  std::map<std::string, engine::AnalyzeCounts> counts_;
  std::map<std::string, size_t> bars_seen_;
  double analyze_seconds_ = 0;
};

}  // namespace

cctz::civil_day LastDayWithLookAhead(int64_t newest_ns, int look_ahead_days) {
  const calendar::TimeZone& zone = calendar::TimeZone::Chicago();
  cctz::civil_day d = cctz::civil_day(zone.ToCivil(newest_ns)) - look_ahead_days;
  while (zone.ToInstant(d + look_ahead_days, 0, 0, 0) > newest_ns) d -= 1;
  return d;
}

int64_t ProjectedBarBytes(const std::vector<source::InputFile>& files) {
  int64_t rows = 0;
  for (const source::InputFile& f : files) {
    if (f.format == source::FileFormat::kCsv) {
      // ~50 bytes of text per bar; compressed text ~5x smaller (gzip of bar
      // CSV: 4.9x), so estimate high rather than load a huge file in memory.
      const bool compressed = source::CompressionFromName(f.path) != source::Compression::kNone;
      const int64_t size = source::InputFileSize(f);  // -1: unknown
      rows += size < 0 ? 0 : size / 50 * (compressed ? 6 : 1);
      continue;
    }
    rows += ArrowModule::Get().parquet_row_count(f);
  }
  return rows * kBytesPerBar;
}

int64_t MemoryLimitBytes(int64_t requested) { return requested > 0 ? requested : MemAvailableBytes() / 4; }

PipelineResult RunPipeline(const PipelineRequest& request) {
  PipelineResult result;
  const int64_t limit = MemoryLimitBytes(request.memory_limit_bytes);
  source::BarReadOptions read = request.read;
  if (request.analyze_from || request.analyze_to) {
    // Read the span and its look-ahead only (row-group pruning does the rest).
    if (request.analyze_from && (!read.start_date || *read.start_date < *request.analyze_from))
      read.start_date = request.analyze_from;
    const int look_ahead = std::max(kLookAheadDays, request.look_ahead_days);
    if (request.analyze_to && (!read.end_date || *read.end_date > *request.analyze_to + look_ahead))
      read.end_date = *request.analyze_to + look_ahead;
    read.allow_empty = true;
  }
  if (read.threads == 0) read.threads = request.threads;  // CSV parser threads
  if (read.files.empty() && !request.stream)
    read.files = source::DiscoverInputFiles(read.paths, read.instruments);  // once per run
  result.projected_bytes = ProjectedBarBytes(read.files);
  result.streamed = request.mode == ExecutionMode::kStreaming ||
                    (request.mode == ExecutionMode::kAuto && result.projected_bytes > limit);

  read.expected_rows = result.streamed ? 0 : static_cast<size_t>(result.projected_bytes / kBytesPerBar);
  // A chunk is an eighth of the budget, so the buffer, the decoded Arrow batch
  // and the rows stay well inside it.
  const size_t chunk_bars = request.stream_chunk_bars > 0
                                ? request.stream_chunk_bars
                                : static_cast<size_t>(std::max<int64_t>(64 * 1024, limit / 8 / kBytesPerBar));
  StreamingAnalyzer streaming(request, chunk_bars);
  engine::Progress scan_progress(result.streamed ? "orbit bars" : "orbit scan", request.progress,
                                 request.progress_sink);
  const uint64_t projected_rows = static_cast<uint64_t>(result.projected_bytes / kBytesPerBar);
  read.on_batch = [&](source::BarData& data) {
    engine::ThrowIfStopped(request.stop);
    scan_progress.Update(data.rows_read, std::max<uint64_t>(projected_rows, data.rows_read));
    // The projection is an estimate where the format has no row count
    // (compressed CSV, Arrow streams): under --mode auto, once more bars than
    // projected have been read and they pass the limit, the run streams from
    // here on instead of exceeding it (the bars read so far are the first
    // chunk; output is the same in both modes).
    if (!result.streamed && request.mode == ExecutionMode::kAuto && data.rows_read > projected_rows &&
        static_cast<int64_t>(data.rows_read) * kBytesPerBar > limit)
      result.streamed = true;
    if (result.streamed) streaming.OnBatch(data);
  };

  engine::Stopwatch scan_watch;
  source::BarData data = request.stream ? ArrowModule::Get().read_bars_from_stream(*request.stream, read, request.stream_name)
                                        : source::ReadBars(read);
  if (result.streamed) streaming.Finish(data);
  scan_progress.Finish();
  result.scan_seconds = scan_watch.Seconds() - streaming.analyze_seconds();
  result.files = data.files_read;
  result.rows_read = data.rows_read;
  result.row_groups_skipped = data.row_groups_skipped;
  result.warnings = data.warnings;
  result.instruments_found = data.instruments_found;

  std::vector<std::string> symbols = request.read.instruments;
  if (symbols.empty())
    for (const auto& [symbol, columns] : data.by_instrument) symbols.push_back(symbol);
  std::sort(symbols.begin(), symbols.end());

  engine::Stopwatch analyze_watch;
  for (const std::string& symbol : symbols) {
    const InstrumentRun run = Bind(request, symbol);
    const InstrumentSpec& spec = run.context.instrument;
    InstrumentStats stats;
    stats.symbol = symbol;
    engine::ResultTable table;
    if (result.streamed) {
      const engine::AnalyzeCounts counts = streaming.counts()[symbol];
      stats.bars = streaming.bars_seen()[symbol];
      stats.trading_days = counts.trading_days;
      stats.ranges = counts.ranges_built;
      table = engine::FinalizeResults(spec, std::move(streaming.rows()[symbol]), counts.ranges_built,
                                      run.context.fixes);
    } else {
      static const source::BarColumns kNoBars;
      const auto it = data.by_instrument.find(symbol);
      const source::BarColumns& columns = it == data.by_instrument.end() ? kNoBars : it->second;
      engine::Progress progress("orbit " + symbol + " days", request.progress, request.progress_sink);
      engine::AnalyzeOptions options;
      options.threads = request.threads;
      options.stop = request.stop;
      options.on_progress = [&progress](size_t done, size_t total) { progress.Update(done, total); };
      ClampToAnalyzedSpan(request, options);
      engine::AnalyzeCounts counts;
      table = engine::Analyze(columns.view(), run.params, run.context, options, &counts);
      progress.Finish();
      stats.bars = columns.size();
      stats.trading_days = counts.trading_days;
      stats.ranges = counts.ranges_built;
    }
    table.extended = request.extended;
    result.instruments.push_back(stats);
    result.tables.emplace_back(symbol, std::move(table));
  }
  result.analyze_seconds = analyze_watch.Seconds() + (result.streamed ? streaming.analyze_seconds() : 0.0);
  return result;
}

}  // namespace orbit::pipeline
