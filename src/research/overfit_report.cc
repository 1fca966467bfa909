#include "research/overfit_report.h"

#include <fmt/format.h>

#include <cmath>

#include "report/json_writer.h"
#include "research/pnl_matrix.h"

namespace orbit::research {

std::vector<GroupOverfit> ComputeOverfit(const PnlTable& table, int splits, int threads, const std::string& source) {
  const std::vector<int64_t> combos = CombosOf(table);
  std::vector<GroupOverfit> out;
  for (uint32_t g = 0; g < table.groups.size(); ++g) {
    const PnlMatrix m = BuildMatrix(table, g, combos, false, source);
    GroupOverfit r;
    r.key = table.groups[g];
    r.n_combos = m.cols();
    r.n_days = m.rows();
    r.splits = splits;
    r.pbo = ComputePbo(m.pnl, m.rows(), m.cols(), splits, threads);
    r.sharpe = ComputeSharpeStats(m.pnl, m.rows(), m.cols());
    r.best_combo = m.combos[r.sharpe.best_column];
    out.push_back(std::move(r));
  }
  return out;
}

std::string OverfitJson(const std::vector<GroupOverfit>& groups, const WalkForwardResult* walk_forward) {
  report::JsonWriter j;
  j.BeginObject();
  j.Key("groups");
  j.BeginArray();
  for (const GroupOverfit& g : groups) {
    j.BeginObject();
    j.Key("instrument"), j.String(g.key.instrument);
    j.Key("group"), j.String(g.key.group);
    j.Key("stream"), j.String(g.key.stream);
    j.Key("slot"), j.String(g.key.slot);
    j.Key("pbo"), j.Number(g.pbo.pbo);
    j.Key("lambda_median"), j.Number(g.pbo.lambda_median);
    j.Key("oos_loss_share"), j.Number(g.pbo.oos_loss_share);
    j.Key("best_combo"), j.Integer(g.best_combo);
    j.Key("sharpe"), j.Number(g.sharpe.sharpe);
    j.Key("dsr"), j.Number(g.sharpe.dsr);
    j.Key("psr"), j.Number(g.sharpe.psr);
    j.Key("n_combos"), j.Integer(static_cast<int64_t>(g.n_combos));
    j.Key("n_days"), j.Integer(static_cast<int64_t>(g.n_days));
    j.Key("splits"), j.Integer(g.splits);
    j.Key("rows_used"), j.Integer(static_cast<int64_t>(g.pbo.rows_used));
    j.Key("sr0"), j.Number(g.sharpe.sr0);
    j.Key("sharpe_variance"), j.Number(g.sharpe.sharpe_variance);
    j.Key("skewness"), j.Number(g.sharpe.skewness);
    j.Key("kurtosis"), j.Number(g.sharpe.kurtosis);
    const size_t index = static_cast<size_t>(&g - groups.data());
    if (walk_forward != nullptr && index < walk_forward->groups.size()) {
      const WalkForwardSpec& spec = walk_forward->spec;
      const WalkForwardGroup& w = walk_forward->groups[index];
      j.Key("walk_forward");
      j.BeginObject();
      j.Key("train_months"), j.Integer(spec.train_months);
      j.Key("test_months"), j.Integer(spec.test_months);
      j.Key("anchored"), j.Bool(spec.anchored);
      j.Key("objective"), j.String(ObjectiveName(spec.objective));
      j.Key("min_trades"), j.Integer(spec.min_trades);
      j.Key("windows"), j.Integer(w.windows);
      j.Key("selected_windows"), j.Integer(w.selected_windows);
      j.Key("is_net_usd"), j.Number(w.is_net_usd);
      j.Key("oos_net_usd"), j.Number(w.oos_net_usd);
      j.Key("efficiency"), j.Number(w.efficiency);
      j.Key("oos_max_drawdown_usd"), j.Number(w.max_drawdown_usd);
      j.EndObject();
    }
    j.EndObject();
  }
  j.EndArray();
  j.EndObject();
  return j.text() + "\n";
}

std::string OverfitText(const std::vector<GroupOverfit>& groups) {
  auto num = [](double v, int digits) { return std::isfinite(v) ? fmt::format("{:.{}f}", v, digits) : std::string("-"); };
  std::string out = fmt::format("{:<10} {:<16} {:>7} {:>6} {:>6} {:>8} {:>8} {:>8} {:>8} {:>6} {:>6}\n", "instrument",
                                "group", "combos", "days", "PBO", "lambda", "OOSloss", "best", "sharpe", "DSR", "PSR");
  for (const GroupOverfit& g : groups)
    out += fmt::format("{:<10} {:<16} {:>7} {:>6} {:>6} {:>8} {:>8} {:>8} {:>8} {:>6} {:>6}\n", g.key.instrument,
                       g.key.group, g.n_combos, g.n_days, num(g.pbo.pbo, 3), num(g.pbo.lambda_median, 3),
                       num(g.pbo.oos_loss_share, 3), g.best_combo, num(g.sharpe.sharpe, 4), num(g.sharpe.dsr, 3),
                       num(g.sharpe.psr, 3));
  return out;
}

std::string WalkForwardText(const WalkForwardResult& result, const PnlTable& table) {
  const WalkForwardSpec& spec = result.spec;
  std::string out = fmt::format("walk-forward {}:{}{} by {}, min {} trades\n", spec.train_months, spec.test_months,
                                spec.anchored ? ":anchored" : "", ObjectiveName(spec.objective), spec.min_trades);
  out += fmt::format("{:<10} {:<16} {:>7} {:>8} {:>12} {:>12} {:>8} {:>12}\n", "instrument", "group", "windows",
                     "selected", "IS net", "OOS net", "WFE", "OOS max DD");
  for (const WalkForwardGroup& w : result.groups) {
    const PnlGroup& g = table.groups[w.group];
    out += fmt::format("{:<10} {:<16} {:>7} {:>8} {:>12.2f} {:>12.2f} {:>8} {:>12.2f}\n", g.instrument, g.group,
                       w.windows, w.selected_windows, w.is_net_usd, w.oos_net_usd,
                       std::isfinite(w.efficiency) ? fmt::format("{:.3f}", w.efficiency) : std::string("-"),
                       w.max_drawdown_usd);
  }
  return out;
}

}  // namespace orbit::research
