#include "report/sweep_page.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <map>
#include <set>
#include <tuple>

#include "core/error.h"
#include "core/py_float.h"
#include "report/html_report.h"
#include "report/svg_chart.h"

namespace orbit::report {
namespace {

double AxisValue(const SweepSummaryRow& r, size_t axis) {
  switch (axis) {
    case 0: return r.target;
    case 1: return r.stop_cap;
    case 2: return r.t1;
    default: return static_cast<double>(r.be_offset);
  }
}

size_t AxisIndex(const std::string& name, const char* option) {
  const std::vector<std::string>& names = SweepAxisNames();
  const auto it = std::find(names.begin(), names.end(), name);
  if (it == names.end()) ThrowUsage(std::string(option) + ": '" + name + "' is not target, stop_cap, t1 or be_offset");
  return static_cast<size_t>(it - names.begin());
}

// The better of two rows for "best" and "top": more USD, then the lower combo.
bool Better(const SweepSummaryRow& a, const SweepSummaryRow& b) {
  if (a.usd != b.usd) return a.usd > b.usd;
  return a.combo < b.combo;
}

Heatmap MakeAxisHeatmap(std::string title, const std::vector<double>& ys, const std::vector<double>& xs) {
  Heatmap h;
  h.title = std::move(title);
  for (double y : ys) h.row_labels.push_back(PyFloat(y));
  for (double x : xs) h.column_labels.push_back(PyFloat(x));
  h.net_usd.assign(ys.size(), std::vector<double>(xs.size(), 0.0));
  h.trades.assign(ys.size(), std::vector<size_t>(xs.size(), 0));
  return h;
}

std::string Fixed(double v, int digits) {
  if (!std::isfinite(v)) return "-";
  char buf[48];
  std::snprintf(buf, sizeof buf, "%.*f", digits, v);
  return buf;
}

std::string EdgeText(const std::vector<std::string>& edge) {
  if (edge.empty()) return "";
  std::string text = "EDGE:";
  for (const std::string& e : edge) text += " " + e;
  return text;
}

}  // namespace

std::vector<std::string> GridEdge(const SweepSummaryRow& row, const std::vector<std::set<double>>& axis_values) {
  std::vector<std::string> edge;
  for (size_t a = 0; a < 4 && a < axis_values.size(); ++a) {
    const std::set<double>& v = axis_values[a];
    if (v.size() < 2) continue;
    const double x = AxisValue(row, a);
    if (x == *v.begin()) edge.push_back(SweepAxisNames()[a] + "=" + PyFloat(x) + " (min)");
    else if (x == *v.rbegin()) edge.push_back(SweepAxisNames()[a] + "=" + PyFloat(x) + " (max)");
  }
  return edge;
}

const std::vector<std::string>& SweepAxisNames() {
  static const std::vector<std::string> kNames = {"target", "stop_cap", "t1", "be_offset"};
  return kNames;
}

SweepPage BuildSweepPage(const std::vector<SweepSummaryRow>& rows, const SweepPageOptions& options,
                         std::vector<std::string> sources) {
  SweepPage page;
  page.sources = std::move(sources);
  page.rows = rows.size();
  std::vector<std::set<double>> values(4);
  std::set<int64_t> combos;
  for (const SweepSummaryRow& r : rows) {
    for (size_t a = 0; a < 4; ++a) values[a].insert(AxisValue(r, a));
    combos.insert(r.combo);
  }
  page.combinations = combos.size();
  std::vector<size_t> varied;
  for (size_t a = 0; a < 4; ++a)
    if (values[a].size() > 1) varied.push_back(a);
  size_t x = options.x.empty() ? 4 : AxisIndex(options.x, "--x");
  size_t y = options.y.empty() ? 4 : AxisIndex(options.y, "--y");
  for (size_t a : varied) {  // defaults: the first varied axes not taken
    if (x == 4 && a != y) x = a;
    else if (y == 4 && a != x) y = a;
  }
  for (size_t a = 0; a < 4 && (x == 4 || y == 4); ++a) {  // fewer than two varied: any axis
    if (x == 4 && a != y) x = a;
    else if (y == 4 && a != x) y = a;
  }
  if (x == y) ThrowUsage("--x and --y: both name '" + SweepAxisNames()[x] + "'; choose two different axes");
  page.x = SweepAxisNames()[x];
  page.y = SweepAxisNames()[y];
  const std::vector<double> xs(values[x].begin(), values[x].end()), ys(values[y].begin(), values[y].end());

  // Groups in first-appearance order, each with its best row.
  std::vector<std::string> order;
  std::map<std::string, const SweepSummaryRow*> best;
  for (const SweepSummaryRow& r : rows) {
    const std::string key = r.instrument + " " + r.group;
    auto [it, inserted] = best.emplace(key, &r);
    if (inserted) order.push_back(key);
    else if (Better(r, *it->second)) it->second = &r;
  }
  for (const std::string& key : order) {
    const SweepSummaryRow& b = *best[key];
    std::string held;
    for (size_t a = 0; a < 4; ++a)
      if (a != x && a != y && values[a].size() > 1) held += " " + SweepAxisNames()[a] + "=" + PyFloat(AxisValue(b, a));
    const std::string suffix = held.empty() ? "" : " (best:" + held + ")";
    SweepGroupHeatmaps g{key, MakeAxisHeatmap(key + ": net USD" + suffix, ys, xs),
                         MakeAxisHeatmap(key + ": profit factor" + suffix, ys, xs), b, GridEdge(b, values),
                         std::nullopt};
    if (const auto t = options.trust.find(key); t != options.trust.end()) g.trust = t->second;
    g.profit_factor.value_name = "profit factor";
    g.profit_factor.center = 1.0;
    g.profit_factor.decimals = 2;
    for (const SweepSummaryRow& r : rows) {
      if (r.instrument + " " + r.group != key) continue;
      bool held_row = true;
      for (size_t a = 0; a < 4; ++a)
        if (a != x && a != y && AxisValue(r, a) != AxisValue(b, a)) held_row = false;
      if (!held_row) continue;
      const size_t col = static_cast<size_t>(std::lower_bound(xs.begin(), xs.end(), AxisValue(r, x)) - xs.begin());
      const size_t row = static_cast<size_t>(std::lower_bound(ys.begin(), ys.end(), AxisValue(r, y)) - ys.begin());
      g.usd.net_usd[row][col] = r.usd;
      g.profit_factor.net_usd[row][col] = r.profit_factor;
      g.usd.trades[row][col] = g.profit_factor.trades[row][col] = static_cast<size_t>(r.trades);
    }
    page.heatmaps.push_back(std::move(g));
  }

  std::map<std::string, std::vector<SweepSummaryRow>> by_stream;
  for (const SweepSummaryRow& r : rows) by_stream[r.stream].push_back(r);
  for (auto& [stream, members] : by_stream) {
    std::stable_sort(members.begin(), members.end(), Better);
    if (members.size() > options.top) members.resize(options.top);
    page.top.emplace_back(stream, std::move(members));
  }
  page.axis_values = std::move(values);
  page.walk_forward = options.walk_forward;
  return page;
}

std::string RenderSweepPage(const SweepPage& page) {
  std::string body = "<p class=\"meta\">" + std::to_string(page.combinations) + " combinations, " +
                     std::to_string(page.rows) + " summary rows; heatmaps: " + XmlEscape(page.x) + " across, " +
                     XmlEscape(page.y) + " down<br>sources:";
  for (const std::string& s : page.sources) body += " " + XmlEscape(s);
  body += "</p>\n<h2>Best per group</h2>\n<div class=\"tw\"><table id=\"sweep-best\"><thead><tr><th>group</th>"
          "<th>combo</th><th>target</th><th>stop_cap</th><th>t1</th><th>be_offset</th><th>trades</th><th>USD</th>"
          "<th>profit factor</th><th>grid edge</th><th>PBO</th><th>DSR</th><th>PSR</th><th>best by Sharpe</th>"
          "</tr></thead><tbody>\n";
  for (const SweepGroupHeatmaps& g : page.heatmaps) {
    const SweepSummaryRow& b = g.best;
    body += "<tr>" + TextCell(g.group) + NumberCell(static_cast<double>(b.combo), 0) + NumberCell(b.target, 2) +
            NumberCell(b.stop_cap, 2) + NumberCell(b.t1, 2) + NumberCell(static_cast<double>(b.be_offset), 0);
    body += "<td class=\"trades\">" + std::to_string(b.trades) + (b.trades < 30 ? " (few)" : "") + "</td>";
    body += NumberCell(b.usd, 2, true) + NumberCell(b.profit_factor, 2);
    body += g.edge.empty() ? std::string("<td class=\"edge\">-</td>")
                           : "<td class=\"edge flag\">" + XmlEscape(EdgeText(g.edge)) + "</td>";
    if (g.trust) {
      body += "<td class=\"pbo\">" + Fixed(g.trust->pbo, 3) + "</td><td class=\"dsr\">" + Fixed(g.trust->dsr, 3) +
              "</td><td class=\"psr\">" + Fixed(g.trust->psr, 3) + "</td>" +
              NumberCell(static_cast<double>(g.trust->best_sharpe_combo), 0);
    } else {
      body += "<td class=\"pbo\">-</td><td class=\"dsr\">-</td><td class=\"psr\">-</td><td>-</td>";
    }
    body += "</tr>\n";
  }
  body += "</tbody></table></div>\n<p class=\"note\">best = highest USD (ties: lowest combo). trades: closed trades "
          "of the best; \"(few)\" below 30. grid edge: a swept axis of the best at its smallest or largest value "
          "(the optimum may lie outside the grid). PBO (probability of backtest overfitting, CSCV), DSR (Deflated "
          "Sharpe Ratio of the best combination by daily Sharpe, named in the last column) and PSR: from the sweep's "
          "daily P&L with `orbit report SUMMARY --pnl PNL` (as `orbit overfit`; README \"Is it real?\"); PBO near 0 "
          "and DSR near 1 suggest an edge, PBO above 0.5 or DSR below 0.95 luck.</p>\n";
  if (!page.walk_forward.header.empty()) {
    body += "<h2>Walk-forward</h2>\n<p class=\"meta\">" + XmlEscape(page.walk_forward.title) +
            "</p>\n<div class=\"tw\"><table id=\"sweep-walk-forward-groups\"><thead><tr><th>group</th>"
            "<th>windows</th><th>selected</th><th>IS net USD</th><th>OOS net USD</th><th>WFE</th>"
            "<th>OOS max DD USD</th></tr></thead><tbody>\n";
    std::string charts;
    for (const SweepGroupHeatmaps& g : page.heatmaps) {
      if (!g.trust || !g.trust->walk_forward) continue;
      const SweepGroupTrust& t = *g.trust;
      body += "<tr>" + TextCell(g.group) + NumberCell(t.windows, 0) + NumberCell(t.selected_windows, 0) +
              NumberCell(t.is_net_usd, 2, true) + NumberCell(t.oos_net_usd, 2, true) + "<td class=\"wfe\">" +
              Fixed(t.efficiency, 3) + "</td>" + NumberCell(t.oos_max_drawdown_usd, 2) + "</tr>\n";
      EquitySeries series = t.oos_equity;
      series.stream = g.group + ": out-of-sample equity";
      charts += EquityChartSvg(series) + "\n";
    }
    body += "</tbody></table></div>\n<div class=\"charts\" id=\"sweep-oos-equity\">" + charts + "</div>\n";
    body += "<div class=\"tw\"><table class=\"sortable\" id=\"sweep-walk-forward\"><thead><tr>";
    for (const std::string& h : page.walk_forward.header) body += "<th>" + XmlEscape(h) + "</th>";
    body += "</tr></thead><tbody>\n";
    for (const std::vector<std::string>& row : page.walk_forward.rows) {
      body += "<tr>";
      for (const std::string& cell : row) body += TextCell(cell);
      body += "</tr>\n";
    }
    body += "</tbody></table></div>\n<p class=\"note\">Per window the combination with the highest train "
            "objective among those with enough trades (ties: lowest combo), traded in the test months; WFE = OOS "
            "net per test month / IS net per train month (README \"Is it real?\").</p>\n";
  }
  body += "<h2>Heatmaps per group</h2>\n<p class=\"note\">Colour scale diverging at 0 USD (profit factor: at 1): "
          "green above, red below, intensity relative to the largest distance in the map; grey = no trades. Fine "
          "grids show compact cells (values in the tooltips) and scroll.</p>\n<div class=\"charts\" "
          "id=\"sweep-heatmaps\">";
  for (const SweepGroupHeatmaps& g : page.heatmaps)
    body += "<div class=\"hscroll\" style=\"overflow:auto;max-width:100%;max-height:90vh\">" + HeatmapSvg(g.usd) +
            "</div>\n<div class=\"hscroll\" style=\"overflow:auto;max-width:100%;max-height:90vh\">" +
            HeatmapSvg(g.profit_factor) + "</div>\n";
  if (page.heatmaps.empty()) body += "<p>No rows.</p>";
  body += "</div>\n";
  for (const auto& [stream, rows] : page.top) {
    const std::string name = stream.empty() ? "all rows" : stream;
    body += "<h2>Top combinations: " + XmlEscape(name) + "</h2>\n<div class=\"tw\"><table class=\"sortable\">"
            "<thead><tr><th>combo</th><th>instrument</th><th>group</th><th>target</th><th>stop_cap</th><th>t1</th>"
            "<th>be_offset</th><th>trades</th><th>win rate %</th><th>USD</th><th>profit factor</th>"
            "<th>expectancy USD</th><th>max DD USD</th><th>grid edge</th></tr></thead><tbody>\n";
    for (const SweepSummaryRow& r : rows) {
      body += "<tr>" + NumberCell(static_cast<double>(r.combo), 0) + TextCell(r.instrument) + TextCell(r.group);
      body += NumberCell(r.target, 2) + NumberCell(r.stop_cap, 2) + NumberCell(r.t1, 2);
      body += NumberCell(static_cast<double>(r.be_offset), 0) + NumberCell(static_cast<double>(r.trades), 0);
      body += NumberCell(r.win_rate_pct, 1) + NumberCell(r.usd, 2, true) + NumberCell(r.profit_factor, 2);
      body += NumberCell(r.expectancy_usd, 2, true) + NumberCell(r.max_drawdown_usd, 2) +
              TextCell(EdgeText(GridEdge(r, page.axis_values))) + "</tr>\n";
    }
    body += "</tbody></table></div>\n";
  }
  body +=
      "<p class=\"note\">Every figure is a cell of the sweep SUMMARY (`orbit sweep`), computed with the statistics "
      "code of `orbit report` (USD gross, one contract). A heatmap holds the axes it does not show at the values of "
      "its group's best combination (highest USD), named in its title. Click a column header to sort.</p>\n";
  return HtmlPage("Orbit sweep report", body);
}

}  // namespace orbit::report
