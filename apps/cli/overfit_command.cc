// apps/cli/overfit_command.cc -- `orbit overfit PNL`: overfitting statistics
// (PBO by CSCV, Deflated and Probabilistic Sharpe Ratios) per group of a
// sweep's daily P&L file (research/overfit_report.h), and walk-forward
// selection with --walk-forward (research/walk_forward.h).
#include <cstdio>
#include <memory>

#include "commands.h"
#include "core/atomic_file.h"
#include "core/error.h"
#include "engine/resource_usage.h"
#include "report/sweep_summary.h"
#include "research/overfit_report.h"
#include "research/pnl_table.h"
#include "research/walk_forward.h"

namespace orbit::cli {
namespace {

struct OverfitArgs {
  std::string pnl, json;
  int splits = 16;
  int threads = 0;
  std::string walk_forward, objective = "net_usd", wf_out, wf_equity, summary;
  int64_t min_trades = 20;
  bool quiet = false;
};

// The parameter columns of every (instrument, combo) of a sweep SUMMARY.
research::ComboParameters ReadParameters(const std::string& summary) {
  research::ComboParameters p;
  if (summary.empty()) return p;
  p.names = {"target", "stop_cap", "t1", "be_offset"};
  for (const report::SweepSummaryRow& r : report::ReadSweepSummary(summary))
    p.values[{r.instrument, r.combo}] = {r.target, r.stop_cap, r.t1, static_cast<double>(r.be_offset)};
  return p;
}

int OverfitAction(const OverfitArgs& a) {
  engine::Stopwatch watch;
  const bool wf = !a.walk_forward.empty();
  if (!wf) {
    for (const auto& [value, name] : {std::pair{&a.wf_out, "--wf-out"}, {&a.wf_equity, "--wf-equity"},
                                      {&a.summary, "--summary"}})
      if (!value->empty()) ThrowUsage(std::string(name) + " needs --walk-forward TRAIN:TEST");
  }
  research::WalkForwardSpec spec;
  if (wf) spec = research::ParseWalkForwardSpec(a.walk_forward, a.objective, a.min_trades);
  const research::PnlTable table = research::ReadPnlFile(a.pnl);
  if (table.rows() == 0) ThrowBadInput(a.pnl + ": P&L file has no rows");
  const std::vector<research::GroupOverfit> groups = research::ComputeOverfit(table, a.splits, a.threads, a.pnl);
  research::WalkForwardResult walk;
  if (wf) {
    const research::ComboParameters params = ReadParameters(a.summary);
    engine::Stopwatch wf_watch;
    walk = research::RunWalkForward(table, params, spec, a.pnl);
    const double wf_seconds = wf_watch.Seconds();
    if (!a.wf_out.empty()) research::WriteOutTable(research::WalkForwardTable(walk, table, params), a.wf_out);
    if (!a.wf_equity.empty()) research::WriteOutTable(research::WalkForwardEquityTable(walk, table), a.wf_equity);
    if (!a.quiet) std::fprintf(stderr, "orbit overfit: walk-forward in %.3f s\n", wf_seconds);
  }
  if (!a.json.empty()) WriteFileAtomically(a.json, research::OverfitJson(groups, wf ? &walk : nullptr));
  if (!a.quiet) {
    std::fputs(research::OverfitText(groups).c_str(), stdout);
    if (wf) std::fputs(research::WalkForwardText(walk, table).c_str(), stdout);
    std::fprintf(stderr, "orbit overfit: %zu group(s), %zu rows in %.3f s\n", groups.size(), table.rows(),
                 watch.Seconds());
  }
  return 0;
}

}  // namespace

std::function<int()> AddOverfitCommand(CLI::App& app) {
  auto a = std::make_shared<OverfitArgs>();
  CLI::App* sub = app.add_subcommand(
      "overfit",
      "Can the best combination be trusted? Per group of a sweep's daily P&L (`orbit sweep --pnl-out`): PBO by "
      "CSCV, median logit, out-of-sample loss share, the best combination's daily Sharpe, Deflated and "
      "Probabilistic Sharpe Ratios; walk-forward selection with --walk-forward");
  sub->add_option("pnl", a->pnl, "Daily P&L file, .csv or .parquet")->required();
  sub->add_option("--splits", a->splits, "CSCV blocks S: even, 2-20 (default 16; C(S,S/2) train/test splits)")
      ->check([](const std::string& text) -> std::string {
        int s = 0;
        try {
          s = std::stoi(text);
        } catch (...) {
          return "--splits " + text + ": expected an even number from 2 to 20";
        }
        if (s < research::kMinSplits || s > research::kMaxSplits || s % 2 != 0)
          return "--splits " + text + ": expected an even number from 2 to 20";
        return "";
      });
  sub->add_option("--json", a->json, "Write the statistics as JSON ({\"groups\": [...]}) to this file");
  sub->add_option("--threads", a->threads, "Worker threads for PBO (default: all cores)")
      ->check(CLI::NonNegativeNumber);
  sub->add_option("--walk-forward", a->walk_forward,
                  "TRAIN:TEST[:anchored] in whole calendar months (e.g. 24:3): rolling (or anchored) walk-forward "
                  "selection per group");
  sub->add_option("--objective", a->objective,
                  "Walk-forward train objective: net_usd|profit_factor|sharpe|expectancy (default net_usd)");
  sub->add_option("--min-trades", a->min_trades,
                  "Walk-forward: only combinations with at least N closed trades in the train window (default 20)");
  sub->add_option("--wf-out", a->wf_out, "Walk-forward windows table, .csv or .parquet");
  sub->add_option("--wf-equity", a->wf_equity, "Stitched out-of-sample equity per group, .csv or .parquet");
  sub->add_option("--summary", a->summary,
                  "The sweep's SUMMARY (.csv or .parquet): adds the parameter columns (target, stop_cap, t1, "
                  "be_offset) to --wf-out");
  sub->add_flag("--quiet", a->quiet, "Print nothing on success");
  return [a]() { return OverfitAction(*a); };
}

}  // namespace orbit::cli
