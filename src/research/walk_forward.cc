#include "research/walk_forward.h"

#include <cctz/civil_time.h>

#include <algorithm>
#include <cmath>

#include "core/error.h"
#include "research/overfit_stats.h"
#include "research/pnl_matrix.h"

namespace orbit::research {
namespace {

int MonthIndex(int32_t days) {
  const cctz::civil_day d = cctz::civil_day(1970, 1, 1) + days;
  return static_cast<int>(d.year()) * 12 + d.month() - 1;
}

int PositiveInt(const std::string& text, const std::string& what) {
  size_t used = 0;
  int v = 0;
  try {
    v = std::stoi(text, &used);
  } catch (...) {
    used = 0;
  }
  if (used != text.size() || text.empty() || v <= 0 || v > 1200)
    ThrowUsage("--walk-forward " + what + ": expected TRAIN:TEST[:anchored] in whole months (e.g. 24:3), got '" +
               text + "'");
  return v;
}

double ObjectiveValue(Objective o, std::span<const double> pnl, int64_t trades) {
  double net = 0;
  for (double v : pnl) net += v;
  switch (o) {
    case Objective::kNetUsd: return net;
    case Objective::kProfitFactor: {
      double win = 0, loss = 0;
      for (double v : pnl) {
        if (v > 0) win += v;
        if (v < 0) loss -= v;
      }
      if (loss == 0) return win > 0 ? HUGE_VAL : 0.0;
      return win / loss;
    }
    case Objective::kSharpe: return DailySharpe(pnl);
    case Objective::kExpectancy: return trades > 0 ? net / static_cast<double>(trades) : 0.0;
  }
  return net;
}

}  // namespace

const char* ObjectiveName(Objective objective) {
  switch (objective) {
    case Objective::kNetUsd: return "net_usd";
    case Objective::kProfitFactor: return "profit_factor";
    case Objective::kSharpe: return "sharpe";
    case Objective::kExpectancy: return "expectancy";
  }
  return "net_usd";
}

WalkForwardSpec ParseWalkForwardSpec(const std::string& windows, const std::string& objective, int64_t min_trades) {
  WalkForwardSpec spec;
  std::vector<std::string> parts;
  size_t start = 0;
  for (size_t colon; (colon = windows.find(':', start)) != std::string::npos; start = colon + 1)
    parts.push_back(windows.substr(start, colon - start));
  parts.push_back(windows.substr(start));
  if (parts.size() < 2 || parts.size() > 3)
    ThrowUsage("--walk-forward " + windows + ": expected TRAIN:TEST[:anchored] in whole months (e.g. 24:3)");
  spec.train_months = PositiveInt(parts[0], windows);
  spec.test_months = PositiveInt(parts[1], windows);
  if (parts.size() == 3) {
    if (parts[2] != "anchored" && parts[2] != "rolling")
      ThrowUsage("--walk-forward " + windows + ": the third part must be 'anchored' or 'rolling', got '" + parts[2] +
                 "'");
    spec.anchored = parts[2] == "anchored";
  }
  bool found = false;
  for (Objective o : {Objective::kNetUsd, Objective::kProfitFactor, Objective::kSharpe, Objective::kExpectancy})
    if (objective == ObjectiveName(o)) spec.objective = o, found = true;
  if (!found)
    ThrowUsage("--objective " + objective + ": expected net_usd, profit_factor, sharpe or expectancy");
  if (min_trades < 0) ThrowUsage("--min-trades " + std::to_string(min_trades) + ": must be >= 0");
  spec.min_trades = min_trades;
  return spec;
}

WalkForwardResult RunWalkForward(const PnlTable& table, const ComboParameters& /*params*/, const WalkForwardSpec& spec,
                                 const std::string& source) {
  WalkForwardResult result;
  result.spec = spec;
  if (table.rows() == 0) return result;
  const auto [lo_date, hi_date] = std::minmax_element(table.date.begin(), table.date.end());
  const int first_month = MonthIndex(*lo_date), last_month = MonthIndex(*hi_date) - first_month;
  const std::vector<int64_t> combos = CombosOf(table);
  for (uint32_t g = 0; g < table.groups.size(); ++g) {
    const PnlMatrix m = BuildMatrix(table, g, combos, true, source);
    std::vector<int> month(m.rows());
    for (size_t t = 0; t < m.rows(); ++t) month[t] = MonthIndex(m.dates[t]) - first_month;
    auto row_of = [&](int mon) { return static_cast<size_t>(std::lower_bound(month.begin(), month.end(), mon) - month.begin()); };
    WalkForwardGroup sum;
    sum.group = g;
    for (int w = 0;; ++w) {
      const int train_lo = spec.anchored ? 0 : w * spec.test_months, train_hi = w * spec.test_months + spec.train_months;
      const int test_lo = train_hi, test_hi = test_lo + spec.test_months;
      if (test_hi - 1 > last_month) break;
      const size_t r0 = row_of(train_lo), r1 = row_of(train_hi), r2 = row_of(test_hi);
      if (r0 == r1 || r1 == r2) continue;
      WalkForwardWindow win;
      win.group = g;
      win.window = w;
      win.train_start = m.dates[r0];
      win.train_end = m.dates[r1 - 1];
      win.test_start = m.dates[r1];
      win.test_end = m.dates[r2 - 1];
      win.train_months = train_hi - train_lo;
      size_t best = 0;
      for (size_t c = 0; c < m.cols(); ++c) {
        const std::span<const double> train = m.Column(c).subspan(r0, r1 - r0);
        int64_t trades = 0;
        for (size_t t = r0; t < r1; ++t) trades += m.TradesColumn(c)[t];
        if (trades < spec.min_trades) continue;
        const double objective = ObjectiveValue(spec.objective, train, trades);
        if (win.selected && !(objective > win.is_objective)) continue;
        win.selected = true;
        best = c;
        win.is_objective = objective;
        win.is_trades = trades;
      }
      if (win.selected) {
        win.combo = m.combos[best];
        for (size_t t = r0; t < r1; ++t) win.is_net_usd += m.Column(best)[t];
        for (size_t t = r1; t < r2; ++t) win.oos_net_usd += m.Column(best)[t], win.oos_trades += m.TradesColumn(best)[t];
        ++sum.selected_windows;
        sum.is_net_usd += win.is_net_usd;
        sum.oos_net_usd += win.oos_net_usd;
        sum.is_months += win.train_months;
        sum.oos_months += spec.test_months;
      }
      for (size_t t = r1; t < r2; ++t) {
        sum.equity_dates.push_back(m.dates[t]);
        sum.equity_pnl.push_back(win.selected ? m.Column(best)[t] : 0.0);
        sum.equity.push_back((sum.equity.empty() ? 0.0 : sum.equity.back()) + sum.equity_pnl.back());
      }
      ++sum.windows;
      result.windows.push_back(win);
    }
    if (sum.selected_windows > 0 && sum.is_net_usd != 0)
      sum.efficiency = (sum.oos_net_usd / sum.oos_months) / (sum.is_net_usd / sum.is_months);
    double peak = 0;
    for (double e : sum.equity) peak = std::max(peak, e), sum.max_drawdown_usd = std::max(sum.max_drawdown_usd, peak - e);
    result.groups.push_back(std::move(sum));
  }
  return result;
}

namespace {

OutColumn Text(const std::string& name) { return {name, OutColumn::Type::kText, {}, {}, {}, {}}; }
OutColumn Int(const std::string& name) { return {name, OutColumn::Type::kInt, {}, {}, {}, {}}; }
OutColumn Real(const std::string& name) { return {name, OutColumn::Type::kReal, {}, {}, {}, {}}; }
OutColumn Date(const std::string& name) { return {name, OutColumn::Type::kDate, {}, {}, {}, {}}; }

}  // namespace

OutTable WalkForwardTable(const WalkForwardResult& result, const PnlTable& table, const ComboParameters& params) {
  OutTable out;
  for (const char* n : {"instrument", "group", "stream", "slot"}) out.columns.push_back(Text(n));
  out.columns.push_back(Int("window"));
  for (const char* n : {"train_start", "train_end", "test_start", "test_end"}) out.columns.push_back(Date(n));
  out.columns.push_back(Int("combo"));
  for (const std::string& n : params.names) out.columns.push_back(Real(n));
  out.columns.push_back(Real("is_objective"));
  out.columns.push_back(Real("is_net_usd"));
  out.columns.push_back(Int("is_trades"));
  out.columns.push_back(Real("oos_net_usd"));
  out.columns.push_back(Int("oos_trades"));
  const size_t first_param = 10, after_params = first_param + params.names.size();
  for (const WalkForwardWindow& w : result.windows) {
    const PnlGroup& g = table.groups[w.group];
    auto& col = out.columns;
    col[0].text.push_back(g.instrument);
    col[1].text.push_back(g.group);
    col[2].text.push_back(g.stream);
    col[3].text.push_back(g.slot);
    col[4].ints.push_back(w.window);
    col[5].ints.push_back(w.train_start);
    col[6].ints.push_back(w.train_end);
    col[7].ints.push_back(w.test_start);
    col[8].ints.push_back(w.test_end);
    col[9].ints.push_back(w.selected ? w.combo : 0);
    col[9].valid.push_back(w.selected);
    const auto found = params.values.find({g.instrument, w.combo});
    for (size_t p = 0; p < params.names.size(); ++p) {
      const bool ok = w.selected && found != params.values.end() && p < found->second.size();
      col[first_param + p].reals.push_back(ok ? found->second[p] : 0.0);
      col[first_param + p].valid.push_back(ok);
    }
    size_t k = after_params;
    col[k].reals.push_back(w.is_objective), col[k++].valid.push_back(w.selected);
    col[k].reals.push_back(w.is_net_usd), col[k++].valid.push_back(w.selected);
    col[k].ints.push_back(w.is_trades), col[k++].valid.push_back(w.selected);
    col[k++].reals.push_back(w.oos_net_usd);
    col[k++].ints.push_back(w.oos_trades);
  }
  return out;
}

OutTable WalkForwardEquityTable(const WalkForwardResult& result, const PnlTable& table) {
  OutTable out;
  out.columns = {Text("instrument"), Text("group"), Date("date"), Real("pnl_usd"), Real("equity_usd")};
  for (const WalkForwardGroup& s : result.groups) {
    const PnlGroup& g = table.groups[s.group];
    for (size_t i = 0; i < s.equity.size(); ++i) {
      out.columns[0].text.push_back(g.instrument);
      out.columns[1].text.push_back(g.group);
      out.columns[2].ints.push_back(s.equity_dates[i]);
      out.columns[3].reals.push_back(s.equity_pnl[i]);
      out.columns[4].reals.push_back(s.equity[i]);
    }
  }
  return out;
}

}  // namespace orbit::research
