// apps/cli/run_command.cc -- `orbit run`: the analyzer over bar files.
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <ctime>
#include <filesystem>
#include <memory>

#include "commands.h"
#include "core/atomic_file.h"
#include "core/error.h"
#include "core/py_float.h"
#include "date_args.h"
#include "engine/analyzer.h"
#include "engine/progress.h"
#include "engine/resource_usage.h"
#include "source/bar_reader.h"
#include "sink/result_writer.h"
#include "report/run_report.h"
#include "pipeline/run_pipeline.h"
#include "report/json_writer.h"

namespace orbit::cli {
namespace {

struct RunArgs {
  std::vector<std::string> bars;
  std::string instrument;
  std::string sessions = "S1,S2";
  std::string slots;
  std::string trade_days = "0,1,2,3,4";
  std::string no_trade_rows = "on";
  std::string target_mode = "fixed";
  std::string as_of;
  std::string input_tz = "America/Chicago";
  std::string fix;
  std::string out;
  std::string start, end;
  std::string nan_prices = "error";
  std::string duplicates = "keep-all";
  int threads = 0;
  std::string mode = "auto";
  std::string memory_limit;
  std::string stats_json;
  std::string report;
  bool quiet = false;
};

// "200M", "1.5G", "512k", "1048576" -> bytes. Errors: Error(kUsage).
int64_t ParseSize(const std::string& text) {
  char* end = nullptr;
  const double v = std::strtod(text.c_str(), &end);
  double scale = 1;
  const std::string unit = UpperCase(end ? std::string(end) : "");
  if (unit == "K" || unit == "KB" || unit == "KIB") scale = 1024.0;
  else if (unit == "M" || unit == "MB" || unit == "MIB") scale = 1024.0 * 1024;
  else if (unit == "G" || unit == "GB" || unit == "GIB") scale = 1024.0 * 1024 * 1024;
  else if (!unit.empty()) ThrowUsage("--memory-limit: '" + text + "' is not a size such as 200M or 2G");
  if (end == text.c_str() || !(v > 0)) ThrowUsage("--memory-limit: '" + text + "' is not a positive size");
  return static_cast<int64_t>(v * scale);
}


std::string Today(const calendar::TimeZone& zone) {
  const auto now = std::chrono::system_clock::now().time_since_epoch();
  const cctz::civil_day day(zone.ToCivil(std::chrono::duration_cast<std::chrono::nanoseconds>(now).count()));
  char buf[16];
  std::snprintf(buf, sizeof buf, "%04d-%02d-%02d", static_cast<int>(day.year()), day.month(), day.day());
  return buf;
}

std::string Fmt0(double v) {  // "{:.0f}": half-even on the binary value, "-0" kept
  char buf[64];
  std::snprintf(buf, sizeof buf, "%.0f", v);
  return buf;
}

// The reference's default output path (§6.8), relative to the working folder.
std::string DefaultOutputPath(const engine::ResultTable& table, const engine::ResultSummary& s) {
  const calendar::TimeZone& zone = calendar::TimeZone::Chicago();
  const char* pipeline = std::getenv("PIPELINE_RUN");
  const std::string folder = std::string(pipeline && std::string(pipeline) == "1" ? "data/analyzer_temp/"
                                                                                   : "data/manual_analyzer_runs/") +
                             Today(zone) + "/";
  const std::string symbol(table.instrument.symbol);
  if (table.rows.empty()) {
    const auto now = std::chrono::system_clock::now().time_since_epoch();
    const cctz::civil_second t = zone.ToCivil(std::chrono::duration_cast<std::chrono::nanoseconds>(now).count());
    char stamp[32];
    std::snprintf(stamp, sizeof stamp, "%04d%02d%02d_%02d%02d%02d", static_cast<int>(t.year()), t.month(), t.day(),
                  t.hour(), t.minute(), t.second());
    return folder + "breakout_" + symbol + "_no_results_" + stamp + ".parquet";
  }
  auto date_text = [](const cctz::civil_day& d) {
    char buf[16];
    std::snprintf(buf, sizeof buf, "%04d-%02d-%02d", static_cast<int>(d.year()), d.month(), d.day());
    return std::string(buf);
  };
  return folder + "breakout_" + symbol + "_" + date_text(table.rows.front().date) + "_to_" +
         date_text(table.rows.back().date) + "_" + std::to_string(s.rows) + "trades_" + Fmt0(s.win_rate_pct) +
         "winrate_" + Fmt0(s.total_profit) + "profit.parquet";
}

strategy::RunParams BuildParams(const RunArgs& a, const strategy::Fixes& fixes, std::vector<std::string>& warnings) {
  strategy::RunParams p;
  p.enabled_sessions.clear();
  for (const std::string& s : SplitList(a.sessions)) {
    const auto id = calendar::ParseSessionName(UpperCase(s));
    if (!id) ThrowUsage("--sessions: unknown session '" + s + "' (S1, S2)");
    p.enabled_sessions.push_back(*id);
  }
  if (p.enabled_sessions.empty()) ThrowUsage("--sessions: no session given");
  if (!a.slots.empty()) {
    strategy::ApplyCliSlots(p, a.slots, fixes, &warnings);
  }
  p.trade_days = ParseTradeDays(a.trade_days, "--trade-days");
  if (a.no_trade_rows != "on" && a.no_trade_rows != "off") ThrowUsage("--no-trade-rows: expected on or off");
  p.write_no_trade_rows = a.no_trade_rows == "on";
  if (a.target_mode != "fixed" && a.target_mode != "time") ThrowUsage("--target-mode: expected fixed or time");
  p.target_mode = a.target_mode == "time" ? strategy::TargetMode::kTime : strategy::TargetMode::kFixed;
  return p;
}

double MiB(int64_t bytes) { return static_cast<double>(bytes) / (1024.0 * 1024.0); }

}  // namespace

std::function<int()> AddRunCommand(CLI::App& app) {
  auto a = std::make_shared<RunArgs>();
  CLI::App* sub = app.add_subcommand("run", "Run the breakout analyzer over bar files (CSV/Parquet, files or folders)");
  sub->add_option("--bars", a->bars, "Bar files or folders (CSV or Parquet)")->required();
  sub->add_option("--instrument", a->instrument, "Instrument: ES, or a list ES,NQ, or 'all' (every one in the data)")
      ->required();
  sub->add_option("--sessions", a->sessions, "Sessions to build, in order (default S1,S2)");
  sub->add_option("--slots", a->slots, "Slots as SESSION:HH:MM tokens, e.g. S1:07:30,S2:09:30 (default all)");
  sub->add_option("--trade-days", a->trade_days, "Weekdays of the trading date, Monday=0 (default 0,1,2,3,4)");
  sub->add_option("--no-trade-rows", a->no_trade_rows, "Emit NoTrade rows: on|off (default on)");
  sub->add_option("--target-mode", a->target_mode, "fixed|time (default fixed)");
  sub->add_option("--as-of", a->as_of, "Instant that decides OPEN vs TIME (ISO-8601; default now, read once)");
  sub->add_option("--input-tz", a->input_tz, "Zone of naive timestamps (default America/Chicago)");
  std::string fix_help = "Corrected behaviours, e.g. KI-01,KI-03 or all:";
  for (const auto& [id, text] : strategy::Fixes::Catalogue()) fix_help += "\n  " + id + "  " + text;
  sub->add_option("--fix", a->fix, fix_help);
  sub->add_option("--out", a->out,
                  "Output file .csv or .parquet; several instruments go into one combined table "
                  "(default: the reference's folder and name, one file per instrument)");
  sub->add_option("--start", a->start, "First trading date to keep, YYYY-MM-DD");
  sub->add_option("--end", a->end, "Last trading date to keep, YYYY-MM-DD");
  sub->add_option("--nan-prices", a->nan_prices, "error|accept: NaN/inf prices (default error; accept = KI-39)");
  sub->add_option("--duplicates", a->duplicates, "keep-all|keep-first|keep-last|error (default keep-all, reported)");
  sub->add_option("--threads", a->threads, "Worker threads (default: all cores)");
  sub->add_option("--mode", a->mode, "auto|memory|stream: load all bars, or analyse while reading (default auto)");
  sub->add_option("--memory-limit", a->memory_limit,
                  "Memory budget for bars, e.g. 200M; auto mode streams when the projected bars exceed it "
                  "(default: a quarter of available memory)");
  sub->add_option("--stats-json", a->stats_json, "Write phase timings, peak RSS and counts as JSON to this file");
  sub->add_option("--report", a->report, "Also write the HTML report of the results to this file");
  sub->add_flag("--quiet", a->quiet, "No progress and no summary");

  return [a]() {
    engine::Stopwatch total;
    const strategy::Fixes fixes = strategy::Fixes::Parse(a->fix);
    std::vector<std::string> warnings;
    strategy::RunParams params = BuildParams(*a, fixes, warnings);

    source::BarReadOptions read;
    read.paths = a->bars;
    const calendar::TimeZone input_zone = calendar::TimeZone::Load(a->input_tz);
    read.input_zone = &input_zone;
    if (a->nan_prices != "error" && a->nan_prices != "accept") ThrowUsage("--nan-prices: expected error or accept");
    read.nan_policy = a->nan_prices == "accept" ? source::NanPolicy::kAccept : source::NanPolicy::kError;
    if (a->duplicates == "keep-all") read.duplicate_policy = source::DuplicatePolicy::kKeepAll;
    else if (a->duplicates == "keep-first") read.duplicate_policy = source::DuplicatePolicy::kKeepFirst;
    else if (a->duplicates == "keep-last") read.duplicate_policy = source::DuplicatePolicy::kKeepLast;
    else if (a->duplicates == "error") read.duplicate_policy = source::DuplicatePolicy::kError;
    else ThrowUsage("--duplicates: expected keep-all, keep-first, keep-last or error");
    read.per_row_negative_prices = fixes.per_row_negative_prices;
    const bool both_bounds = !a->start.empty() && !a->end.empty();
    if (both_bounds || fixes.independent_date_bounds) {
      if (!a->start.empty()) read.start_date = ParseDate(a->start, "--start");
      if (!a->end.empty()) read.end_date = ParseDate(a->end, "--end");
    } else if (!a->start.empty() || !a->end.empty()) {
      warnings.push_back("--start/--end: a single bound is ignored, as the reference does (KI-21); add --fix KI-21 to apply it");
    }

    const bool all_instruments = UpperCase(a->instrument) == "ALL";
    std::vector<std::string> symbols;
    if (!all_instruments) {
      for (const std::string& s : SplitList(a->instrument)) {
        params.instrument = s;  // the model is case-sensitive (§2.1)
        strategy::ValidateRunParams(params, fixes);
        symbols.push_back(s);
      }
      if (symbols.empty()) ThrowUsage("--instrument: no instrument given");
      read.instruments = symbols;
      read.default_instrument = symbols.size() == 1 ? symbols[0] : "";
    } else {
      params.instrument = "ES";
      strategy::ValidateRunParams(params, fixes);  // sessions, days
    }

    pipeline::PipelineRequest request;
    request.read = read;
    request.params = params;
    request.fixes = fixes;
    request.as_of_ns = a->as_of.empty() ? std::chrono::duration_cast<std::chrono::nanoseconds>(
                                              std::chrono::system_clock::now().time_since_epoch())
                                              .count()
                                        : ParseInstant(a->as_of, "--as-of");
    if (a->threads < 0) ThrowUsage("--threads: expected 0 (all cores) or a positive count");
    request.threads = a->threads;
    if (a->mode == "auto") request.mode = pipeline::ExecutionMode::kAuto;
    else if (a->mode == "memory") request.mode = pipeline::ExecutionMode::kInMemory;
    else if (a->mode == "stream") request.mode = pipeline::ExecutionMode::kStreaming;
    else ThrowUsage("--mode: expected auto, memory or stream");
    if (!a->memory_limit.empty()) request.memory_limit_bytes = ParseSize(a->memory_limit);
    request.progress = !a->quiet;

    pipeline::PipelineResult result = pipeline::RunPipeline(request);
    for (const std::string& w : warnings) std::fprintf(stderr, "orbit: warning: %s\n", w.c_str());
    for (const std::string& w : result.warnings) std::fprintf(stderr, "orbit: warning: %s\n", w.c_str());
    if (result.tables.empty()) throw Error(ErrorKind::kBadInput, "no instrument found in the data");
    // A requested instrument without rows fails the run (exit 2) before any
    // output is written: a failed run leaves no file (the reference CLI exits too, §1.6).
    if (!all_instruments)
      for (size_t k = 0; k < result.tables.size(); ++k)
        if (result.instruments[k].bars == 0) {
          std::string found;
          for (const std::string& s : result.instruments_found) found += (found.empty() ? "" : ", ") + s;
          throw Error(ErrorKind::kBadInput, "no rows for instrument " + result.tables[k].first +
                                                " in the input (instruments found: " + (found.empty() ? "none" : found) + ")");
        }

    const calendar::TimeZone& chicago = calendar::TimeZone::Chicago();
    engine::Stopwatch write_watch;
    std::vector<engine::ResultTable> combined;
    int exit_code = 0;
    std::vector<std::pair<const pipeline::InstrumentStats*, engine::ResultSummary>> summaries;
    for (size_t k = 0; k < result.tables.size(); ++k) {
      const auto& [symbol, table] = result.tables[k];
      const pipeline::InstrumentStats& stats = result.instruments[k];
      if (stats.bars == 0) {
        std::fprintf(stderr, "orbit: no rows for instrument %s in the input\n", symbol.c_str());
        if (!all_instruments) exit_code = static_cast<int>(ErrorKind::kBadInput);
      }
      const engine::ResultSummary summary = engine::Summarize(table);
      std::string out_path = a->out;
      if (out_path.empty()) {
        out_path = DefaultOutputPath(table, summary);
        sink::WriteResultFile(table, out_path, chicago);
      } else if (result.tables.size() == 1) {
        sink::WriteResultFile(table, out_path, chicago);
      } else {
        combined.push_back(table);
      }
      if (!a->quiet) {
        std::printf("%s: %zu rows (Win %zu, BE %zu, Loss %zu, TIME %zu, OPEN %zu, NoTrade %zu), win rate %.1f%%, "
                    "total profit %s points -> %s\n",
                    symbol.c_str(), summary.rows, summary.win, summary.be, summary.loss, summary.time, summary.open,
                    summary.no_trade, summary.win_rate_pct, PyFloat(summary.total_profit).c_str(), out_path.c_str());
      }
      summaries.emplace_back(&stats, summary);
    }
    if (!combined.empty()) sink::WriteCombinedResultFile(std::move(combined), a->out, chicago);
    const double write_s = write_watch.Seconds();
    const double total_s = total.Seconds();
    const int64_t peak = engine::PeakRssBytes();
    if (!a->quiet) {
      std::fprintf(stderr,
                   "orbit: %s mode, %zu files, %zu rows; scan %.3f s, analyze %.3f s, write %.3f s, total %.3f s; "
                   "peak RSS %.1f MiB (projected bars %.1f MiB)\n",
                   result.streamed ? "streaming" : "in-memory", result.files, result.rows_read, result.scan_seconds,
                   result.analyze_seconds, write_s, total_s, MiB(peak), MiB(result.projected_bytes));
    }
    if (!a->stats_json.empty()) {
      report::JsonWriter json;
      json.BeginObject();
      json.Key("mode");
      json.String(result.streamed ? "streaming" : "in-memory");
      json.Key("threads");
      json.Integer(engine::ResolveThreads(a->threads));
      json.Key("files");
      json.Integer(static_cast<int64_t>(result.files));
      json.Key("rows_read");
      json.Integer(static_cast<int64_t>(result.rows_read));
      json.Key("row_groups_skipped");
      json.Integer(static_cast<int64_t>(result.row_groups_skipped));
      json.Key("seconds");
      json.BeginObject();
      for (const auto& [name, value] : {std::pair{"scan", result.scan_seconds}, std::pair{"analyze", result.analyze_seconds},
                                        std::pair{"write", write_s}, std::pair{"total", total_s}}) {
        json.Key(name);
        json.Number(value);
      }
      json.EndObject();
      json.Key("peak_rss_bytes");
      json.Integer(peak);
      json.Key("projected_bar_bytes");
      json.Integer(result.projected_bytes);
      json.Key("instruments");
      json.BeginArray();
      for (const auto& [stats, summary] : summaries) {
        json.BeginObject();
        json.Key("instrument");
        json.String(stats->symbol);
        for (const auto& [name, value] :
             {std::pair{"bars", stats->bars}, std::pair{"trading_days", stats->trading_days},
              std::pair{"ranges", stats->ranges}, std::pair{"rows", summary.rows}, std::pair{"Win", summary.win},
              std::pair{"BE", summary.be}, std::pair{"Loss", summary.loss}, std::pair{"TIME", summary.time},
              std::pair{"OPEN", summary.open}, std::pair{"NoTrade", summary.no_trade}}) {
          json.Key(name);
          json.Integer(static_cast<int64_t>(value));
        }
        json.Key("total_profit");
        json.Number(summary.total_profit);
        json.EndObject();
      }
      json.EndArray();
      json.EndObject();
      WriteFileAtomically(a->stats_json, json.text() + "\n");
    }
    std::vector<const engine::ResultTable*> tables;
    for (const auto& entry : result.tables) tables.push_back(&entry.second);
    report::ReportRun(tables, a->bars, a->report, a->quiet ? nullptr : stdout);
    return exit_code;
  };
}

}  // namespace orbit::cli
