// python/src/overfit_binding.cc -- `_core.overfit_file`: the statistics of
// `orbit overfit` (research::ComputeOverfit) over a P&L file, as the JSON text
// of `--json`. The Python wrapper (orbit/_overfit.py) hands tables over as a
// temporary Parquet file. The GIL is released while the statistics run.
#include "overfit_binding.h"

#include <nanobind/stl/string.h>
#include <nanobind/stl/tuple.h>
#include <nanobind/stl/vector.h>

#include "report/sweep_summary.h"

#include "research/overfit_report.h"
#include "research/pnl_table.h"
#include "research/walk_forward.h"

namespace nb = nanobind;

namespace orbit::python {
namespace {

std::string OverfitFile(const std::string& path, int splits, int threads) {
  nb::gil_scoped_release unlocked;
  const research::PnlTable table = research::ReadPnlFile(path);
  return research::OverfitJson(research::ComputeOverfit(table, splits, threads, path));
}

using GroupSummary = std::tuple<std::string, std::string, int, int, double, double, double, double>;

// Walk-forward as `orbit overfit PNL --walk-forward ... --wf-out --wf-equity [--summary]`;
// returns per group (instrument, group, windows, selected windows, IS net, OOS net,
// efficiency, OOS max drawdown).
std::vector<GroupSummary> WalkForwardFile(const std::string& path, const std::string& summary,
                                          const std::string& windows, const std::string& objective,
                                          int64_t min_trades, const std::string& wf_out,
                                          const std::string& equity_out) {
  const research::WalkForwardSpec spec = research::ParseWalkForwardSpec(windows, objective, min_trades);
  nb::gil_scoped_release unlocked;
  const research::PnlTable table = research::ReadPnlFile(path);
  research::ComboParameters params;
  if (!summary.empty()) {
    params.names = {"target", "stop_cap", "t1", "be_offset"};
    for (const report::SweepSummaryRow& r : report::ReadSweepSummary(summary))
      params.values[{r.instrument, r.combo}] = {r.target, r.stop_cap, r.t1, static_cast<double>(r.be_offset)};
  }
  const research::WalkForwardResult result = research::RunWalkForward(table, params, spec, path);
  research::WriteOutTable(research::WalkForwardTable(result, table, params), wf_out);
  research::WriteOutTable(research::WalkForwardEquityTable(result, table), equity_out);
  std::vector<GroupSummary> out;
  for (const research::WalkForwardGroup& g : result.groups)
    out.emplace_back(table.groups[g.group].instrument, table.groups[g.group].group, g.windows, g.selected_windows,
                     g.is_net_usd, g.oos_net_usd, g.efficiency, g.max_drawdown_usd);
  return out;
}

}  // namespace

void BindOverfit(nb::module_& m) {
  m.def("overfit_file", &OverfitFile, nb::arg("path"), nb::arg("splits"), nb::arg("threads"),
        "The statistics of `orbit overfit PATH --splits S` as the JSON text of its --json file.");
  m.def("walk_forward_file", &WalkForwardFile, nb::arg("path"), nb::arg("summary"), nb::arg("windows"),
        nb::arg("objective"), nb::arg("min_trades"), nb::arg("wf_out"), nb::arg("equity_out"),
        "`orbit overfit PATH --walk-forward WINDOWS ...`: writes the windows and the stitched equity (Parquet); "
        "returns per group (instrument, group, windows, selected, is_net_usd, oos_net_usd, efficiency, "
        "oos_max_drawdown_usd).");
}

}  // namespace orbit::python
