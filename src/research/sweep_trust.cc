#include "research/sweep_trust.h"

#include <filesystem>
#include <string>
#include <vector>

#include "core/error.h"
#include "report/sweep_summary.h"
#include "research/overfit_report.h"
#include "research/overfit_stats.h"
#include "research/pnl_table.h"
#include "research/walk_forward.h"

namespace orbit::research {

void CheckSweepTrust(const SweepTrustOptions& o) {
  if (o.splits < kMinSplits || o.splits > kMaxSplits || o.splits % 2 != 0)
    ThrowUsage("--splits " + std::to_string(o.splits) + ": expected an even number from 2 to 20");
  if (!o.overfit && o.splits != 16) ThrowUsage("--splits " + std::to_string(o.splits) + ": needs --overfit");
  if (o.walk_forward.empty()) {
    if (!o.wf_out.empty()) ThrowUsage("--wf-out " + o.wf_out + ": needs --walk-forward TRAIN:TEST");
    if (o.objective != "net_usd") ThrowUsage("--objective " + o.objective + ": needs --walk-forward TRAIN:TEST");
    if (o.min_trades != 20)
      ThrowUsage("--min-trades " + std::to_string(o.min_trades) + ": needs --walk-forward TRAIN:TEST");
    return;
  }
  ParseWalkForwardSpec(o.walk_forward, o.objective, o.min_trades);
  if (!o.wf_out.empty()) {
    const std::string ext = std::filesystem::path(o.wf_out).extension().string();
    if (ext != ".csv" && ext != ".parquet" && ext != ".pq")
      ThrowUsage("--wf-out: '" + o.wf_out + "' is not a .csv, .parquet or .pq file");
  }
}

std::string RunSweepTrust(const SweepTrustOptions& o, const std::string& pnl_path, const std::string& summary_path) {
  const PnlTable table = ReadPnlFile(pnl_path);
  std::string text;
  if (table.rows() == 0) return "no closed trades: no walk-forward or overfitting statistics\n";
  if (o.overfit) text += OverfitText(ComputeOverfit(table, o.splits, o.threads, pnl_path));
  if (!o.walk_forward.empty()) {
    const WalkForwardSpec spec = ParseWalkForwardSpec(o.walk_forward, o.objective, o.min_trades);
    ComboParameters params;  // as `orbit overfit --summary`
    params.names = {"target", "stop_cap", "t1", "be_offset"};
    for (const report::SweepSummaryRow& r : report::ReadSweepSummary(summary_path))
      params.values[{r.instrument, r.combo}] = {r.target, r.stop_cap, r.t1, static_cast<double>(r.be_offset)};
    const WalkForwardResult walk = RunWalkForward(table, params, spec, pnl_path);
    if (!o.wf_out.empty()) WriteOutTable(WalkForwardTable(walk, table, params), o.wf_out);
    text += WalkForwardText(walk, table);
  }
  return text;
}

}  // namespace orbit::research
