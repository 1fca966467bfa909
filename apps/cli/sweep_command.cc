// apps/cli/sweep_command.cc -- `orbit sweep`: every combination of target,
// stop cap, T1 fraction and break-even offset in one pass over the bars.
// The run options are the catalogue's (AddRunOptions); --target, --stop-cap,
// --t1 and --be-offset take axes here (START:END:STEP or a list) instead of
// one value, and the rest goes through orbit::ParseRunOptions.
#include <fmt/format.h>

#include <cstdio>
#include <memory>
#include <set>

#include "commands.h"
#include "core/error.h"
#include "engine/resource_usage.h"
#include "orbit/run_options.h"
#include "run_options_cli.h"
#include "stop_signals.h"
#include "sweep/sweep_job.h"

namespace orbit::cli {
namespace {

struct SweepArgs {
  std::vector<std::string> bars;
  std::string out, trades_out, pnl_out;
  std::string by = "slot";
  size_t max_combos = 10'000'000;
  bool quiet = false;
  RunOptionValues options;
};

const std::set<std::string> kAxes = {"target", "stop-cap", "t1", "be-offset"};

int SweepAction(SweepArgs& a) {
  engine::Stopwatch total;
  sweep::SweepJob job;
  RunOptions run_options;
  for (auto& [name, text] : CollectRunOptions(a.options)) {
    if (!kAxes.count(name)) {
      run_options.emplace_back(name, text);
      continue;
    }
    if (text.find_first_not_of(" \t") == std::string::npos)
      ThrowUsage("--" + name + ": empty value (leave the option out for its default)");
    (name == "target" ? job.target : name == "stop-cap" ? job.stop_cap : name == "t1" ? job.t1 : job.be_offset) = text;
  }
  job.spec = ParseRunOptions(run_options);
  job.bars = a.bars;
  job.max_combos = a.max_combos;
  job.out = a.out;
  job.trades_out = a.trades_out;
  job.pnl_out = a.pnl_out;
  job.by = sweep::ParseSweepGrouping(a.by);
  job.progress = !a.quiet;
  job.stop = &StopRequest();
  job.log = a.quiet ? nullptr : stdout;
  const sweep::SweepJobResult r = sweep::RunSweepJob(job);
  for (const std::string& w : r.warnings) std::fprintf(stderr, "orbit: warning: %s\n", w.c_str());
  if (!a.quiet) {
    std::fprintf(stderr,
                 "orbit: sweep of %zu combinations x %zu instrument(s): scan %.3f s, prepare %.3f s, sweep %.3f s, "
                 "total %.3f s; %.3g effective bar evaluations/s; exits %zu fast, %zu walked; %s; peak RSS %.1f MiB\n",
                 r.combinations, r.instruments, r.scan_seconds, r.prepare_seconds, r.sweep_seconds, total.Seconds(),
                 r.sweep_seconds > 0 ? r.bar_evaluations / r.sweep_seconds : 0.0, r.fast_exits, r.walked_exits,
                 r.streamed ? fmt::format("statistics folded per exit, bars streamed in {} spans ({} pass{})", r.spans,
                                          r.passes, r.passes == 1 ? "" : "es")
                                  .c_str()
                 : r.folded ? "statistics folded per exit"
                            : "statistics from result tables",
                 static_cast<double>(engine::PeakRssBytes()) / (1024.0 * 1024.0));
    std::printf("%zu summary rows -> %s%s%s%s%s\n", r.summary_rows, a.out.c_str(),
                a.trades_out.empty() ? "" : ", trades -> ", a.trades_out.c_str(),
                a.pnl_out.empty() ? "" : ", daily P&L -> ", a.pnl_out.c_str());
  }
  return 0;
}

}  // namespace

std::function<int()> AddSweepCommand(CLI::App& app) {
  auto a = std::make_shared<SweepArgs>();
  CLI::App* sub =
      app.add_subcommand("sweep",
                         "Evaluate every combination of --target, --stop-cap, --t1 and --be-offset in one pass; each "
                         "combination's rows equal `orbit run` with those values");
  sub->add_option("--bars", a->bars, "Bar files or folders (CSV or Parquet)")->required();
  AddRunOptions(*sub, a->options);
  a->options.option["target"]->description(
      "Target axis in points: START:END:STEP (inclusive, exact decimal steps) or a list 5,10,15 "
      "(default: the instrument's target)");
  a->options.option["stop-cap"]->description("Stop-cap axis, multiples of the target (default 3.0)");
  a->options.option["t1"]->description("T1 fraction axis, 0 < FRACTION < 1 (default 0.65)");
  a->options.option["be-offset"]->description("Break-even offset axis in ticks (default 1)");
  sub->add_option("--out", a->out, "SUMMARY file, .csv or .parquet: one row per combination x group")->required();
  sub->add_option("--trades-out", a->trades_out,
                  "TRADES Parquet file: every result row of every combination, combo id and parameters appended");
  sub->add_option("--pnl-out", a->pnl_out,
                  "Daily P&L file, .parquet/.pq or .csv: one row per combination x SUMMARY group x trading date "
                  "with trades (instrument, group, stream, slot, combo, date, pnl_usd net of costs, trades)");
  sub->add_option("--by", a->by, "SUMMARY groups: slot|stream|year (default slot)");
  sub->add_option("--max-combos", a->max_combos, "Refuse grids larger than this (default 10000000)");
  sub->add_flag("--quiet", a->quiet, "No progress and no summary");
  return [a]() { return SweepAction(*a); };
}

}  // namespace orbit::cli
