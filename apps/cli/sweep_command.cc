// apps/cli/sweep_command.cc -- `orbit sweep`: every combination of target,
// stop cap, T1 fraction and break-even offset in one pass over the bars.
#include <algorithm>
#include <chrono>
#include <filesystem>
#include <cstdio>
#include <memory>

#include "commands.h"
#include "core/error.h"
#include "date_args.h"
#include "engine/resource_usage.h"
#include "source/bar_reader.h"
#include "sweep/sweep_engine.h"
#include "sweep/sweep_output.h"

namespace orbit::cli {
namespace {

struct SweepArgs {
  std::vector<std::string> bars;
  std::string instrument;
  std::string target, stop_cap, t1, be_offset;
  std::string sessions = "S1,S2";
  std::string slots;
  std::string range_start;
  std::string trade_days = "0,1,2,3,4";
  std::string no_trade_rows = "on";
  std::string target_mode = "fixed";
  std::string as_of;
  std::string input_tz = "America/Chicago";
  std::string fix;
  std::string start, end;
  std::string out;
  std::string trades_out;
  std::string by = "slot";
  int threads = 0;
  size_t max_combos = 10'000'000;
  bool quiet = false;
};

strategy::RunParams BuildBaseParams(const SweepArgs& a, const strategy::Fixes& fixes,
                                    std::vector<std::string>& warnings) {
  strategy::RunParams p;
  p.enabled_sessions.clear();
  for (const std::string& s : SplitList(a.sessions)) {
    const auto id = calendar::ParseSessionName(UpperCase(s));
    if (!id) ThrowUsage("--sessions: unknown session '" + s + "' (S1, S2)");
    p.enabled_sessions.push_back(*id);
  }
  if (p.enabled_sessions.empty()) ThrowUsage("--sessions: no session given");
  if (!a.slots.empty()) strategy::ApplyCliSlots(p, a.slots, fixes, &warnings);
  if (!a.range_start.empty()) strategy::ApplyCliRangeStarts(p, a.range_start);
  p.trade_days = ParseTradeDays(a.trade_days, "--trade-days");
  if (a.no_trade_rows != "on" && a.no_trade_rows != "off") ThrowUsage("--no-trade-rows: expected on or off");
  p.write_no_trade_rows = a.no_trade_rows == "on";
  if (a.target_mode != "fixed" && a.target_mode != "time") ThrowUsage("--target-mode: expected fixed or time");
  p.target_mode = a.target_mode == "time" ? strategy::TargetMode::kTime : strategy::TargetMode::kFixed;
  return p;
}

// Every target value must suit every instrument (tick grid); the other axes
// were checked by ParseGrid. Errors: Error(kUsage) naming --target.
void ValidateGridFor(const sweep::SweepGrid& grid, strategy::RunParams params, const strategy::Fixes& fixes) {
  const sweep::Combination c = sweep::CombinationAt(grid, 0);
  params = sweep::ParamsFor(params, c);
  if (grid.targets.empty()) {
    strategy::ValidateRunParams(params, fixes);
    return;
  }
  for (const sweep::AxisValue& t : grid.targets) {
    params.target = t.value;
    try {
      strategy::ValidateRunParams(params, fixes);
    } catch (const Error& e) {
      ThrowUsage("--target: " + t.text + " does not suit " + params.instrument + ": " + e.what());
    }
  }
}

}  // namespace

std::function<int()> AddSweepCommand(CLI::App& app) {
  auto a = std::make_shared<SweepArgs>();
  CLI::App* sub = app.add_subcommand(
      "sweep", "Evaluate every combination of --target, --stop-cap, --t1 and --be-offset in one pass");
  sub->add_option("--bars", a->bars, "Bar files or folders (CSV or Parquet)")->required();
  sub->add_option("--instrument", a->instrument, "Instrument: ES, a list ES,NQ, or 'all'")->required();
  sub->add_option("--target", a->target, "Target axis in points: START:END:STEP (inclusive) or a list 5,10,15 "
                                         "(default: the instrument's target)");
  sub->add_option("--stop-cap", a->stop_cap, "Stop-cap axis (multiples of the target; default 3.0)");
  sub->add_option("--t1", a->t1, "T1 fraction axis, 0 < FRACTION < 1 (default 0.65)");
  sub->add_option("--be-offset", a->be_offset, "Break-even offset axis in ticks (default 1)");
  sub->add_option("--sessions", a->sessions, "Sessions to build, in order (default S1,S2)");
  sub->add_option("--slots", a->slots, "Slots as SESSION:HH:MM tokens, any minute of the session (default all)");
  sub->add_option("--range-start", a->range_start, "Range starts, e.g. S1:06:00,S2:08:30 (default the session start)");
  sub->add_option("--trade-days", a->trade_days, "Weekdays of the trading date, Monday=0 (default 0,1,2,3,4)");
  sub->add_option("--no-trade-rows", a->no_trade_rows, "Emit NoTrade rows: on|off (default on)");
  sub->add_option("--target-mode", a->target_mode, "fixed|time (default fixed)");
  sub->add_option("--as-of", a->as_of, "Instant that decides OPEN vs TIME (default now, read once)");
  sub->add_option("--input-tz", a->input_tz, "Zone of naive timestamps (default America/Chicago)");
  sub->add_option("--fix", a->fix, "Corrected behaviours, as for `orbit run`");
  sub->add_option("--start", a->start, "First trading date to keep, YYYY-MM-DD");
  sub->add_option("--end", a->end, "Last trading date to keep, YYYY-MM-DD");
  sub->add_option("--out", a->out, "SUMMARY file, .csv or .parquet")->required();
  sub->add_option("--trades-out", a->trades_out, "TRADES Parquet file: every row of every combination");
  sub->add_option("--by", a->by, "SUMMARY groups: slot|stream|year (default slot)");
  sub->add_option("--threads", a->threads, "Worker threads (default: all cores)");
  sub->add_option("--max-combos", a->max_combos, "Refuse grids larger than this (default 10000000)");
  sub->add_flag("--quiet", a->quiet, "No progress and no summary");

  return [a]() {
    engine::Stopwatch total;
    const strategy::Fixes fixes = strategy::Fixes::Parse(a->fix);
    std::vector<std::string> warnings;
    const strategy::RunParams base = BuildBaseParams(*a, fixes, warnings);
    const sweep::SweepGrid grid = sweep::ParseGrid(a->target, a->stop_cap, a->t1, a->be_offset, a->max_combos);
    report::Dimension by;
    if (a->by == "slot") by = report::Dimension::kSlot;
    else if (a->by == "stream") by = report::Dimension::kStream;
    else if (a->by == "year") by = report::Dimension::kYear;
    else ThrowUsage("--by: '" + a->by + "' is not slot, stream or year");
    if (a->threads < 0) ThrowUsage("--threads: expected 0 (all cores) or a positive count");
    if (!a->trades_out.empty() && std::filesystem::path(a->trades_out).extension() != ".parquet")
      ThrowUsage("--trades-out: '" + a->trades_out + "' is not a .parquet file");

    source::BarReadOptions read;
    read.paths = a->bars;
    const calendar::TimeZone input_zone = calendar::TimeZone::Load(a->input_tz);
    read.input_zone = &input_zone;
    read.per_row_negative_prices = fixes.per_row_negative_prices;
    if ((!a->start.empty() && !a->end.empty()) || fixes.independent_date_bounds) {
      if (!a->start.empty()) read.start_date = ParseDate(a->start, "--start");
      if (!a->end.empty()) read.end_date = ParseDate(a->end, "--end");
    } else if (!a->start.empty() || !a->end.empty()) {
      warnings.push_back("--start/--end: a single bound is ignored, as the reference does (KI-21); add --fix KI-21 to apply it");
    }
    const bool all_instruments = UpperCase(a->instrument) == "ALL";
    std::vector<std::string> symbols;
    if (!all_instruments) {
      for (const std::string& s : SplitList(a->instrument)) {
        strategy::RunParams p = base;
        p.instrument = s;
        ValidateGridFor(grid, p, fixes);
        symbols.push_back(s);
      }
      if (symbols.empty()) ThrowUsage("--instrument: no instrument given");
      read.instruments = symbols;
      read.default_instrument = symbols.size() == 1 ? symbols[0] : "";
    }
    const size_t combos = grid.Count();
    if (!a->quiet) std::printf("orbit sweep: %zu combinations\n", combos), std::fflush(stdout);
    const int64_t as_of = a->as_of.empty() ? std::chrono::duration_cast<std::chrono::nanoseconds>(
                                                 std::chrono::system_clock::now().time_since_epoch())
                                                 .count()
                                           : ParseInstant(a->as_of, "--as-of");

    engine::Stopwatch scan_watch;
    source::BarData data = source::ReadBars(read);
    const double scan_s = scan_watch.Seconds();
    for (const std::string& w : warnings) std::fprintf(stderr, "orbit: warning: %s\n", w.c_str());
    for (const std::string& w : data.warnings) std::fprintf(stderr, "orbit: warning: %s\n", w.c_str());
    if (all_instruments) {
      for (const auto& [symbol, columns] : data.by_instrument) {
        strategy::RunParams p = base;
        p.instrument = symbol;
        ValidateGridFor(grid, p, fixes);
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
    std::vector<std::unique_ptr<sweep::PreparedInstrument>> prepared;
    std::vector<const sweep::PreparedInstrument*> instruments;
    for (const std::string& s : symbols) {
      strategy::RunParams p = base;
      p.instrument = s;
      strategy::RangeContext ctx;
      ctx.zone = &chicago;
      ctx.instrument = strategy::ValidateRunParams(p, fixes);
      ctx.as_of_ns = as_of;
      ctx.fixes = fixes;
      prepared.push_back(std::make_unique<sweep::PreparedInstrument>(data.by_instrument[s].view(), p, ctx, a->threads));
      instruments.push_back(prepared.back().get());
    }
    const double prepare_s = prepare_watch.Seconds();

    engine::Stopwatch sweep_watch;
    sweep::SweepOptions options;
    options.threads = a->threads;
    options.block_combos = static_cast<size_t>(engine::ResolveThreads(a->threads)) * 8;
    options.progress = !a->quiet;
    struct Item {
      std::vector<sweep::SummaryRow> summary;
      std::shared_ptr<arrow::Table> trades;
    };
    const size_t n_inst = instruments.size();
    std::vector<Item> items(options.block_combos * n_inst);
    std::vector<sweep::SummaryRow> summary;
    std::unique_ptr<sweep::TradesWriter> trades;
    if (!a->trades_out.empty()) trades = std::make_unique<sweep::TradesWriter>(a->trades_out);
    const bool want_trades = trades != nullptr;
    sweep::RunSweep(
        grid, instruments, options,
        [&](const sweep::Combination& c, size_t inst, engine::ResultTable&& table) {
          Item& item = items[(c.id % options.block_combos) * n_inst + inst];
          item.summary = sweep::MakeSummaryRows(c, table, by);
          if (want_trades) item.trades = sweep::MakeTradesBatch(c, std::move(table), chicago);
        },
        [&](size_t begin, size_t end) {
          for (size_t k = 0; k < (end - begin) * n_inst; ++k) {
            Item& item = items[k];
            for (sweep::SummaryRow& r : item.summary) summary.push_back(std::move(r));
            item.summary.clear();
            if (want_trades) trades->Append(*item.trades);
            item.trades.reset();
          }
        });
    const double sweep_s = sweep_watch.Seconds();
    if (trades) trades->Commit();
    sweep::WriteSummary(summary, a->out);
    if (!a->quiet) {
      size_t trade_bars = 0, fast = 0, walked = 0;
      for (const sweep::PreparedInstrument* p : instruments) {
        trade_bars += p->trade_bars();
        fast += p->fast_exits();
        walked += p->walked_exits();
      }
      const double evals = static_cast<double>(trade_bars) * static_cast<double>(combos);
      std::fprintf(stderr,
                   "orbit: sweep of %zu combinations x %zu instrument(s): scan %.3f s, prepare %.3f s, sweep %.3f s, "
                   "total %.3f s; %.3g effective bar evaluations/s; exits %zu fast, %zu walked; peak RSS %.1f MiB\n",
                   combos, n_inst, scan_s, prepare_s, sweep_s, total.Seconds(), sweep_s > 0 ? evals / sweep_s : 0.0,
                   fast, walked, static_cast<double>(engine::PeakRssBytes()) / (1024.0 * 1024.0));
      std::printf("%zu summary rows -> %s%s%s\n", summary.size(), a->out.c_str(),
                  a->trades_out.empty() ? "" : ", trades -> ", a->trades_out.c_str());
    }
    return 0;
  };
}

}  // namespace orbit::cli
