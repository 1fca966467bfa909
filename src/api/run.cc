// src/api/run.cc -- orbit::Run, the sources and the sinks.
#include "orbit/run.h"

#include <fmt/format.h>
#include <fmt/printf.h>

#include <algorithm>
#include <chrono>
#include <filesystem>
#include <map>
#include <cstdlib>

#include "orbit/option_values.h"
#include "calendar/time_zone.h"
#include "core/error.h"
#include "core/py_float.h"
#include "engine/analyzer.h"
#include "engine/resource_usage.h"
#include "module/arrow_module.h"
#include "sink/result_writer.h"

namespace orbit {
namespace {

int64_t NowNs() {
  return std::chrono::duration_cast<std::chrono::nanoseconds>(std::chrono::system_clock::now().time_since_epoch())
      .count();
}

std::string Joined(const std::vector<std::string>& items) {
  std::string out;
  for (const std::string& item : items) out += (out.empty() ? "" : ", ") + item;
  return out;
}

// "--out DIR/" or an existing folder: the reference's file names inside it.
bool IsFolderPath(const std::string& path) {
  std::error_code ec;
  return !path.empty() && (path.back() == '/' || std::filesystem::is_directory(path, ec));
}

std::string AsFolder(const std::string& path) { return path.back() == '/' ? path : path + "/"; }

}  // namespace

pipeline::PipelineRequest PipelineRequestFor(const RunSpec& spec, const BarSource& source, const RunControl& control,
                                             const calendar::TimeZone* input_zone, int64_t as_of_ns) {
  pipeline::PipelineRequest request;
  request.read = BarReadOptionsFor(spec, source, input_zone);
  request.stream = source.stream();
  request.stream_name = source.stream_name();
  request.params = spec.params;
  request.fixes = spec.fixes;
  request.as_of_ns = as_of_ns;
  request.threads = spec.threads;
  request.mode = spec.mode;
  request.memory_limit_bytes = spec.memory_limit_bytes;
  request.analyze_from = spec.analyze_from;
  request.analyze_to = spec.analyze_to;
  request.progress = control.progress;
  request.progress_sink = control.progress_sink;
  request.stop = control.stop;
  request.intrabar = spec.intrabar;
  request.exchange_calendar = spec.exchange_calendar.get();
  if (spec.extended_columns) {
    engine::ExtendedColumns extended;
    extended.costs = spec.costs;
    extended.output_zone = std::make_shared<const calendar::TimeZone>(calendar::TimeZone::Load(spec.output_tz));
    request.extended = extended;
  }
  return request;
}

BarSource BarSource::Files(std::vector<std::string> paths) {
  if (paths.empty()) ThrowUsage("--bars: no input file or folder given");
  for (const std::string& p : paths) {
    if (p.empty()) ThrowUsage("--bars: empty path");
    if (p.find('\0') != std::string::npos) ThrowUsage("--bars: a path contains a NUL character");
  }
  BarSource s;
  s.paths_ = std::move(paths);
  return s;
}

BarSource BarSource::ArrowStream(std::shared_ptr<arrow::RecordBatchReader> reader, std::string name) {
  BarSource s;
  s.stream_ = std::move(reader);
  s.stream_name_ = std::move(name);
  return s;
}

ResultSink ResultSink::File(std::string path, OutputSet* outputs) {
  if (path.find('\0') != std::string::npos) ThrowUsage("--out: the path contains a NUL character");
  ResultSink s;
  s.kind_ = Kind::kFile;
  s.path_ = std::move(path);
  s.outputs_ = outputs;
  if (!outputs) s.owned_outputs_ = std::make_shared<OutputSet>();
  return s;
}

ResultSink ResultSink::Arrow(std::function<void(const InstrumentResult&, std::shared_ptr<arrow::Table>)> consumer) {
  ResultSink s;
  s.kind_ = Kind::kArrow;
  s.arrow_ = std::move(consumer);
  return s;
}

ResultSink ResultSink::Callback(std::function<void(const InstrumentResult&)> consumer) {
  ResultSink s;
  s.kind_ = Kind::kCallback;
  s.callback_ = std::move(consumer);
  return s;
}

void ResultSink::Prepare(const RunSpec&, const BarSource& source) const {
  if (kind_ != Kind::kFile || path_.empty() || IsFolderPath(path_)) return;
  sink::ResultFormatFor(path_, "--out");
  OutputSet& outputs = outputs_ ? *outputs_ : *owned_outputs_;
  outputs.Declare(path_, "--out", source.paths());
}

void ResultSink::Deliver(RunResult& result) const {
  const calendar::TimeZone& chicago = calendar::TimeZone::Chicago();
  switch (kind_) {
    case Kind::kCallback:
      for (const InstrumentResult& r : result.instruments) callback_(r);
      return;
    case Kind::kArrow:
      for (const InstrumentResult& r : result.instruments)
        arrow_(r, ArrowModule::Get().result_to_arrow(r.table, chicago, sink::DateColumn::kString));
      return;
    case Kind::kFile:
      break;
  }
  OutputSet& outputs = outputs_ ? *outputs_ : *owned_outputs_;
  if (!path_.empty() && !IsFolderPath(path_)) {
    std::vector<engine::ResultTable> tables;
    for (const InstrumentResult& r : result.instruments) tables.push_back(r.table);
    sink::WriteResults(std::move(tables), sink::ResultFormatFor(path_, "--out"), outputs.Stage(path_), path_, chicago);
    result.outputs.push_back(path_);
  } else {
    for (const InstrumentResult& r : result.instruments) {
      const std::string path = DefaultResultPath(r.table, r.summary, path_.empty() ? path_ : AsFolder(path_));
      outputs.Declare(path, "--out");
      sink::WriteResults({r.table}, sink::ResultFormat::kParquet, outputs.Stage(path), path, chicago);
      result.outputs.push_back(path);
    }
  }
  if (!outputs_) outputs.Commit();
}

std::string DefaultResultPath(const engine::ResultTable& table, const engine::ResultSummary& summary,
                              const std::string& folder) {
  const calendar::TimeZone& zone = calendar::TimeZone::Chicago();
  const cctz::civil_second now = zone.ToCivil(NowNs());
  std::string dir = folder;
  if (dir.empty()) {
    const char* pipeline_run = std::getenv("PIPELINE_RUN");
    dir = std::string(pipeline_run && std::string(pipeline_run) == "1" ? "data/analyzer_temp/"
                                                                         : "data/manual_analyzer_runs/") +
          FormatDate(cctz::civil_day(now)) + "/";
  }
  const std::string symbol(table.instrument.symbol);
  if (table.rows.empty())
    return dir + fmt::format("breakout_{}_no_results_{:04d}{:02d}{:02d}_{:02d}{:02d}{:02d}.parquet", symbol,
                             static_cast<int>(now.year()), now.month(), now.day(), now.hour(), now.minute(),
                             now.second());
  // "{:.0f}" of Python: half-even on the binary value, "-0" kept (printf's %.0f does the same).
  return dir + fmt::format("breakout_{}_{}_to_{}_{}trades_{}winrate_{}profit.parquet", symbol,
                           FormatDate(table.rows.front().date), FormatDate(table.rows.back().date),
                           summary.rows, fmt::sprintf("%.0f", summary.win_rate_pct),
                           fmt::sprintf("%.0f", summary.total_profit));
}

int64_t AsOfNs(const RunSpec& spec) { return spec.as_of_ns ? *spec.as_of_ns : NowNs(); }

source::BarReadOptions BarReadOptionsFor(const RunSpec& spec, const BarSource& source,
                                         const calendar::TimeZone* input_zone) {
  source::BarReadOptions read;
  read.paths = source.paths();
  read.instruments = spec.instruments;
  // Files without an instrument column hold the one instrument asked for; a
  // frame must have the column, as the reference's run_strategy requires (§1.2).
  read.default_instrument = !source.is_stream() && spec.instruments.size() == 1 ? spec.instruments[0] : "";
  read.input_zone = input_zone;
  read.nan_policy = spec.nan_policy;
  read.duplicate_policy = spec.duplicate_policy;
  read.per_row_negative_prices = spec.fixes.per_row_negative_prices;
  read.start_date = spec.start_date;
  read.end_date = spec.end_date;
  read.csv_format = spec.csv_format;
  return read;
}

namespace {

// Counts the known issues that decided rows of the result (once per KI, over
// all instruments) and announces each among the warnings.
void AnnounceKnownIssues(const RunSpec& spec, RunResult& result) {
  std::map<std::string, size_t> rows;  // by id: the order of the announcements
  for (const InstrumentResult& r : result.instruments)
    for (const engine::KnownIssueCount& c : engine::CountKnownIssues(r.table, spec.fixes, spec.exchange_calendar.get()))
      rows[c.id] += c.rows;
  for (const auto& [id, n] : rows) {
    result.known_issues.push_back({id, n});
    result.warnings.push_back(engine::KnownIssueMessage(result.known_issues.back()));
  }
}

}  // namespace

RunResult Run(const RunSpec& spec, const BarSource& source, const ResultSink& sink, const RunControl& control) {
  sink.Prepare(spec, source);
  RunResult result;
  result.as_of_ns = AsOfNs(spec);  // read once per run
  result.threads = engine::ResolveThreads(spec.threads);
  result.warnings = spec.notes;
  const calendar::TimeZone input_zone = calendar::TimeZone::Load(spec.input_tz);
  pipeline::PipelineRequest request = PipelineRequestFor(spec, source, control, &input_zone, result.as_of_ns);
  pipeline::PipelineResult piped;
  try {
    piped = pipeline::RunPipeline(request);
  } catch (const std::filesystem::filesystem_error& e) {  // any file-system failure on an input: exit 3
    ThrowIo(e.path1().empty() ? std::string(e.what()) : e.path1().string() + ": " + e.code().message());
  }
  if (spec.strict && !piped.warnings.empty())
    ThrowBadInput("--strict: " + piped.warnings.front() +
                  (piped.warnings.size() > 1 ? " (and " + std::to_string(piped.warnings.size() - 1) + " more)" : ""));
  result.warnings.insert(result.warnings.end(), piped.warnings.begin(), piped.warnings.end());
  result.streamed = piped.streamed;
  result.projected_bytes = piped.projected_bytes;
  result.files = piped.files;
  result.rows_read = piped.rows_read;
  result.row_groups_skipped = piped.row_groups_skipped;
  result.scan_seconds = piped.scan_seconds;
  result.analyze_seconds = piped.analyze_seconds;

  if (piped.tables.empty()) ThrowBadInput("no instrument found in the data");
  std::vector<std::string> missing;
  for (size_t k = 0; k < piped.tables.size(); ++k)
    if (piped.instruments[k].bars == 0) missing.push_back(piped.tables[k].first);
  if (!missing.empty()) {
    const std::string text = "no rows for instrument " + Joined(missing) + " in the input (instruments found: " +
                             (piped.instruments_found.empty() ? std::string("none") : Joined(piped.instruments_found)) +
                             ")";
    // A partition's window may hold no bars of an instrument (orbit.dask).
    if (!source.is_stream() && !spec.analyze_from && !spec.analyze_to) ThrowBadInput(text);
    result.warnings.push_back(text);
  }
  for (size_t k = 0; k < piped.tables.size(); ++k) {
    InstrumentResult r;
    r.symbol = piped.tables[k].first;
    r.table = std::move(piped.tables[k].second);
    r.summary = engine::Summarize(r.table);
    r.stats = piped.instruments[k];
    result.instruments.push_back(std::move(r));
  }
  AnnounceKnownIssues(spec, result);
  engine::ThrowIfStopped(control.stop);
  engine::Stopwatch write_watch;
  sink.Deliver(result);
  result.write_seconds = write_watch.Seconds();
  return result;
}

}  // namespace orbit
