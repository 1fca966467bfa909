// apps/cli/sweep_command.cc -- `orbit sweep`: every combination of target,
// stop cap, T1 fraction and break-even offset in one pass over the bars.
// The run options are the catalogue's (AddRunOptions); --target, --stop-cap,
// --t1 and --be-offset take axes here (START:END:STEP or a list) instead of
// one value, and the rest goes through orbit::ParseRunOptions.
#include <fmt/format.h>

#include <stdlib.h>

#include <cstdio>
#include <filesystem>
#include <memory>
#include <set>

#include "commands.h"
#include "core/error.h"
#include "engine/resource_usage.h"
#include "orbit/option_values.h"
#include "orbit/run_options.h"
#include "research/sweep_trust.h"
#include "run_options_cli.h"
#include "stop_signals.h"
#include "sweep/sweep_job.h"

namespace orbit::cli {
namespace {

struct SweepArgs {
  std::vector<std::string> bars;
  std::string out, trades_out, pnl_out;
  std::string by = "slot";
  std::string max_combos = "10000000";
  bool quiet = false;
  RunOptionValues options;
  research::SweepTrustOptions trust;  // --walk-forward, --overfit (research/sweep_trust.h)
};

// A private folder for the daily P&L that --walk-forward/--overfit read when
// --pnl-out is not given; removed with its contents on destruction.
class TrustScratch {
 public:
  TrustScratch() {
    std::string pattern = (std::filesystem::temp_directory_path() / "orbit-sweep-trust-XXXXXX").string();
    if (!mkdtemp(pattern.data())) ThrowIo("cannot create a temporary folder for the sweep's daily P&L");
    dir_ = pattern;
  }
  ~TrustScratch() {
    std::error_code ec;
    std::filesystem::remove_all(dir_, ec);
  }
  TrustScratch(const TrustScratch&) = delete;
  TrustScratch& operator=(const TrustScratch&) = delete;
  std::string Pnl() const { return (dir_ / "pnl.parquet").string(); }

 private:
  std::filesystem::path dir_;
};

constexpr int64_t kMaxCombosLimit = int64_t{1} << 53;

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
  // A whole number >= 1, never wrapped: "-1" or "1e30" would disable the guard.
  job.max_combos = static_cast<size_t>(ParseInteger(a.max_combos, "--max-combos", 1, kMaxCombosLimit));
  job.out = a.out;
  job.trades_out = a.trades_out;
  job.pnl_out = a.pnl_out;
  std::unique_ptr<TrustScratch> scratch;
  research::CheckSweepTrust(a.trust);
  if (a.trust.Any()) {
    if (job.pnl_out.empty()) {
      scratch = std::make_unique<TrustScratch>();
      job.pnl_out = scratch->Pnl();
    }
  }
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
  if (a.trust.Any()) {
    const std::string text = research::RunSweepTrust(a.trust, job.pnl_out, a.out);
    if (!a.quiet) std::fputs(text.c_str(), stdout);
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
  sub->add_option("--max-combos", a->max_combos, "Refuse grids larger than this, a whole number 1..2^53 (default 10000000)");
  sub->add_option("--walk-forward", a->trust.walk_forward,
                  "TRAIN:TEST[:anchored] in whole calendar months (e.g. 24:3): walk-forward selection per group on "
                  "the sweep's daily P&L (as `orbit overfit PNL --walk-forward`); prints windows, IS/OOS net and "
                  "walk-forward efficiency per group");
  sub->add_option("--objective", a->trust.objective,
                  "Walk-forward train objective: net_usd|profit_factor|sharpe|expectancy (default net_usd)");
  sub->add_option("--min-trades", a->trust.min_trades,
                  "Walk-forward: only combinations with at least N closed trades in the train window (default 20)");
  sub->add_option("--wf-out", a->trust.wf_out,
                  "Walk-forward windows table, .csv or .parquet (columns of `orbit overfit --wf-out`)");
  sub->add_flag("--overfit", a->trust.overfit,
                "Print PBO (CSCV), the best combination's daily Sharpe, DSR and PSR per group (as `orbit overfit`)");
  sub->add_option("--splits", a->trust.splits, "--overfit: CSCV blocks S, even, 2-20 (default 16)");
  sub->add_flag("--quiet", a->quiet, "No progress and no summary");
  return [a]() { return SweepAction(*a); };
}

}  // namespace orbit::cli
