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
#include "sweep/sweep_job.h"

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
    sweep::SweepJob job;
    job.fixes = strategy::Fixes::Parse(a->fix);
    std::vector<std::string> warnings;
    job.base = BuildBaseParams(*a, job.fixes, warnings);
    job.bars = a->bars;
    job.instrument = a->instrument;
    job.target = a->target;
    job.stop_cap = a->stop_cap;
    job.t1 = a->t1;
    job.be_offset = a->be_offset;
    job.max_combos = a->max_combos;
    job.input_tz = a->input_tz;
    if ((!a->start.empty() && !a->end.empty()) || job.fixes.independent_date_bounds) {
      if (!a->start.empty()) job.start = ParseDate(a->start, "--start");
      if (!a->end.empty()) job.end = ParseDate(a->end, "--end");
    } else if (!a->start.empty() || !a->end.empty()) {
      warnings.push_back("--start/--end: a single bound is ignored, as the reference does (KI-21); add --fix KI-21 to apply it");
    }
    job.as_of_ns = a->as_of.empty() ? std::chrono::duration_cast<std::chrono::nanoseconds>(
                                          std::chrono::system_clock::now().time_since_epoch())
                                          .count()
                                    : ParseInstant(a->as_of, "--as-of");
    job.out = a->out;
    job.trades_out = a->trades_out;
    job.by = sweep::ParseSweepGrouping(a->by);
    job.threads = a->threads;
    job.progress = !a->quiet;
    job.log = a->quiet ? nullptr : stdout;
    for (const std::string& w : warnings) std::fprintf(stderr, "orbit: warning: %s\n", w.c_str());
    engine::Stopwatch total;
    const sweep::SweepJobResult r = sweep::RunSweepJob(job);
    for (const std::string& w : r.warnings) std::fprintf(stderr, "orbit: warning: %s\n", w.c_str());
    if (!a->quiet) {
      std::fprintf(stderr,
                   "orbit: sweep of %zu combinations x %zu instrument(s): scan %.3f s, prepare %.3f s, sweep %.3f s, "
                   "total %.3f s; %.3g effective bar evaluations/s; exits %zu fast, %zu walked; peak RSS %.1f MiB\n",
                   r.combinations, r.instruments, r.scan_seconds, r.prepare_seconds, r.sweep_seconds, total.Seconds(),
                   r.sweep_seconds > 0 ? r.bar_evaluations / r.sweep_seconds : 0.0, r.fast_exits, r.walked_exits,
                   static_cast<double>(engine::PeakRssBytes()) / (1024.0 * 1024.0));
      std::printf("%zu summary rows -> %s%s%s\n", r.summary_rows, a->out.c_str(),
                  a->trades_out.empty() ? "" : ", trades -> ", a->trades_out.c_str());
    }
    return 0;
  };
}

}  // namespace orbit::cli
