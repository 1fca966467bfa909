// apps/cli/run_command.cc -- `orbit run`: the analyzer over bar files.
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <ctime>
#include <filesystem>
#include <memory>

#include "commands.h"
#include "core/error.h"
#include "core/py_float.h"
#include "date_args.h"
#include "engine/analyzer.h"
#include "engine/progress.h"
#include "engine/resource_usage.h"
#include "io/bar_reader.h"
#include "io/result_writer.h"

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
  bool quiet = false;
};

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
    p.enabled_slots = strategy::ParseCliSlots(a.slots, fixes, &warnings);
    if (fixes.strict_cli_slots) {
      std::vector<calendar::SessionId> kept;
      for (calendar::SessionId s : p.enabled_sessions)
        if (!p.enabled_slots[static_cast<size_t>(s)]->empty()) kept.push_back(s);
      p.enabled_sessions = kept;
    }
  }
  p.trade_days.clear();
  for (const std::string& d : SplitList(a.trade_days)) {
    char* end = nullptr;
    const long v = std::strtol(d.c_str(), &end, 10);
    if (end == d.c_str() || *end != '\0') ThrowUsage("--trade-days: '" + d + "' is not a weekday number 0..4");
    p.trade_days.push_back(static_cast<int>(v));
  }
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
  sub->add_option("--out", a->out, "Output file .csv or .parquet (default: the reference's folder and name)");
  sub->add_option("--start", a->start, "First trading date to keep, YYYY-MM-DD");
  sub->add_option("--end", a->end, "Last trading date to keep, YYYY-MM-DD");
  sub->add_option("--nan-prices", a->nan_prices, "error|accept: NaN/inf prices (default error; accept = KI-39)");
  sub->add_option("--duplicates", a->duplicates, "keep-all|keep-first|keep-last|error (default keep-all, reported)");
  sub->add_option("--threads", a->threads, "Worker threads (default: all cores)");
  sub->add_flag("--quiet", a->quiet, "No progress and no summary");

  return [a]() {
    engine::Stopwatch total;
    const strategy::Fixes fixes = strategy::Fixes::Parse(a->fix);
    std::vector<std::string> warnings;
    strategy::RunParams params = BuildParams(*a, fixes, warnings);

    io::BarReadOptions read;
    read.paths = a->bars;
    const calendar::TimeZone input_zone = calendar::TimeZone::Load(a->input_tz);
    read.input_zone = &input_zone;
    if (a->nan_prices != "error" && a->nan_prices != "accept") ThrowUsage("--nan-prices: expected error or accept");
    read.nan_policy = a->nan_prices == "accept" ? io::NanPolicy::kAccept : io::NanPolicy::kError;
    if (a->duplicates == "keep-all") read.duplicate_policy = io::DuplicatePolicy::kKeepAll;
    else if (a->duplicates == "keep-first") read.duplicate_policy = io::DuplicatePolicy::kKeepFirst;
    else if (a->duplicates == "keep-last") read.duplicate_policy = io::DuplicatePolicy::kKeepLast;
    else if (a->duplicates == "error") read.duplicate_policy = io::DuplicatePolicy::kError;
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

    const int64_t as_of = a->as_of.empty()
                              ? std::chrono::duration_cast<std::chrono::nanoseconds>(
                                    std::chrono::system_clock::now().time_since_epoch())
                                    .count()
                              : ParseInstant(a->as_of, "--as-of");

    engine::Stopwatch scan_watch;
    io::BarData data = io::ReadBars(read);
    const double scan_s = scan_watch.Seconds();
    for (const std::string& w : warnings) std::fprintf(stderr, "orbit: warning: %s\n", w.c_str());
    for (const std::string& w : data.warnings) std::fprintf(stderr, "orbit: warning: %s\n", w.c_str());
    if (all_instruments)
      for (const auto& [symbol, columns] : data.by_instrument) symbols.push_back(symbol);
    if (symbols.empty()) throw Error(ErrorKind::kBadInput, "no instrument found in the data");

    const calendar::TimeZone& chicago = calendar::TimeZone::Chicago();
    std::string combined_csv;
    int exit_code = 0;
    for (const std::string& symbol : symbols) {
      params.instrument = symbol;
      const strategy::InstrumentSpec spec = strategy::ValidateRunParams(params, fixes);
      strategy::RangeContext ctx;
      ctx.zone = &chicago;
      ctx.instrument = spec;
      ctx.mode = params.target_mode;
      ctx.write_no_trade_rows = params.write_no_trade_rows;
      ctx.as_of_ns = as_of;
      ctx.fixes = fixes;
      const auto it = data.by_instrument.find(symbol);
      io::BarColumns empty;
      const io::BarColumns& columns = it == data.by_instrument.end() ? empty : it->second;
      if (columns.size() == 0) {
        std::fprintf(stderr, "orbit: no rows for instrument %s in the input\n", symbol.c_str());
        exit_code = all_instruments ? exit_code : static_cast<int>(ErrorKind::kBadInput);
      }

      engine::Stopwatch analyze_watch;
      engine::Progress progress("orbit " + symbol + " days", !a->quiet);
      engine::AnalyzeOptions options;
      options.threads = a->threads;
      options.on_progress = [&progress](size_t done, size_t total_days) { progress.Update(done, total_days); };
      engine::AnalyzeCounts counts;
      const engine::ResultTable table = engine::Analyze(columns.view(), params, ctx, options, &counts);
      progress.Finish();
      const double analyze_s = analyze_watch.Seconds();

      engine::Stopwatch write_watch;
      const engine::ResultSummary summary = engine::Summarize(table);
      std::string out_path = a->out;
      if (out_path.empty()) {
        out_path = DefaultOutputPath(table, summary);
        io::WriteResultFile(table, out_path, chicago);
      } else if (symbols.size() == 1) {
        io::WriteResultFile(table, out_path, chicago);
      } else {
        std::string text = io::ResultCsvText(table, chicago);
        if (!combined_csv.empty()) text.erase(0, text.find('\n') + 1);
        combined_csv += text;
      }
      const double write_s = write_watch.Seconds();
      if (!a->quiet) {
        std::printf("%s: %zu rows (Win %zu, BE %zu, Loss %zu, TIME %zu, OPEN %zu, NoTrade %zu), win rate %.1f%%, "
                    "total profit %s points -> %s\n",
                    symbol.c_str(), summary.rows, summary.win, summary.be, summary.loss, summary.time, summary.open,
                    summary.no_trade, summary.win_rate_pct, PyFloat(summary.total_profit).c_str(),
                    symbols.size() > 1 && !a->out.empty() ? a->out.c_str() : out_path.c_str());
        std::fprintf(stderr, "orbit: %s: %zu bars, %zu trading days, %zu ranges; analyze %.3f s, write %.3f s\n",
                     symbol.c_str(), columns.size(), counts.trading_days, counts.ranges_built, analyze_s, write_s);
      }
    }
    if (symbols.size() > 1 && !a->out.empty()) {
      const std::string ext = std::filesystem::path(a->out).extension().string();
      if (ext != ".csv") ThrowUsage("--out with several instruments supports .csv only (one table per instrument otherwise)");
      io::WriteFileAtomically(a->out, combined_csv);
    }
    if (!a->quiet)
      std::fprintf(stderr, "orbit: %zu files, %zu rows read in %.3f s (%zu row groups skipped); total %.3f s, peak RSS %.1f MiB\n",
                   data.files_read, data.rows_read, scan_s, data.row_groups_skipped, total.Seconds(),
                   MiB(engine::PeakRssBytes()));
    return exit_code;
  };
}

}  // namespace orbit::cli
