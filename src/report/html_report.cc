#include "report/html_report.h"
#include "core/civil_text.h"

#include <cmath>
#include <cstdio>

#include "core/atomic_file.h"
#include "report/svg_chart.h"

namespace orbit::report {
namespace {

using strategy::Outcome;

constexpr const char* kStyle = R"css(
body{font:14px/1.4 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;margin:24px;color:#222;background:#fff}
h1{font-size:22px;margin:0 0 4px}h2{font-size:17px;margin:28px 0 8px;border-bottom:1px solid #ddd;padding-bottom:4px}
.meta{color:#666;margin:0 0 12px}
.cards{display:flex;flex-wrap:wrap;gap:10px}
.card{border:1px solid #ddd;border-radius:6px;padding:8px 12px;min-width:120px}
.card .v{font-size:18px;font-weight:600}.card .k{color:#666;font-size:12px}
.pos{color:#2e7d4f}.neg{color:#c0392b}
.charts{display:flex;flex-wrap:wrap;gap:16px}
svg.chart{border:1px solid #eee;border-radius:6px;background:#fff;font-size:11px;fill:#333}
svg .title{font-size:13px;font-weight:600}svg .label{fill:#888}
svg .grid{stroke:#eee;stroke-width:1}svg .zero{stroke:#999;stroke-width:1}
svg .equity{fill:none;stroke:#2b6cb0;stroke-width:1.6}
svg .drawdown{fill:rgba(209,73,91,.35);stroke:#d1495b;stroke-width:1}
svg .cell{font-size:11px;fill:#111}
table{border-collapse:collapse;font-size:12.5px;margin-bottom:8px}
th,td{border:1px solid #e3e3e3;padding:3px 7px;text-align:right;white-space:nowrap}
th{background:#f5f6f8;cursor:pointer;user-select:none}th:first-child,td:first-child{text-align:left}
th[aria-sort=ascending]::after{content:" \25B2"}th[aria-sort=descending]::after{content:" \25BC"}
tbody tr:nth-child(even){background:#fafafa}
.note{color:#666;font-size:12px;max-width:900px}
.tw{overflow-x:auto;max-width:100%}
)css";

// Sorts a table by the clicked header: numbers numerically (cells' data-v),
// others as text; a second click reverses. Marks itself done for tests; with
// the URL fragment #orbit-selftest it also sorts every column both ways and
// records data-selftest="pass"/"fail" on the marker.
constexpr const char* kScript = R"js(
(function () {
  'use strict';
  function num(s) { if (s === '') return null; var n = Number(s); return isNaN(n) ? null : n; }
  function value(row, i) { var c = row.cells[i]; var v = c.getAttribute('data-v'); return v === null ? c.textContent : v; }
  function compare(a, b) {
    var x = num(a), y = num(b);
    if (x !== null && y !== null) return x < y ? -1 : x > y ? 1 : 0;
    if (x !== null) return -1;
    if (y !== null) return 1;
    return a < b ? -1 : a > b ? 1 : 0;
  }
  var tables = document.querySelectorAll('table.sortable');
  Array.prototype.forEach.call(tables, function (table) {
    var heads = table.tHead.rows[0].cells;
    Array.prototype.forEach.call(heads, function (th, i) {
      th.addEventListener('click', function () {
        var ascending = th.getAttribute('aria-sort') !== 'ascending';
        Array.prototype.forEach.call(heads, function (h) { h.removeAttribute('aria-sort'); });
        th.setAttribute('aria-sort', ascending ? 'ascending' : 'descending');
        var body = table.tBodies[0];
        var rows = Array.prototype.slice.call(body.rows);
        rows.sort(function (r1, r2) { var c = compare(value(r1, i), value(r2, i)); return ascending ? c : -c; });
        rows.forEach(function (r) { body.appendChild(r); });
      });
    });
  });
  var ready = document.createElement('div');
  ready.id = 'orbit-report-ready';
  ready.setAttribute('data-tables', String(tables.length));
  ready.hidden = true;
  if (location.hash === '#orbit-selftest') {
    // Click every header twice; rows must come out ascending, then descending, none lost.
    var ok = true;
    Array.prototype.forEach.call(tables, function (table) {
      var heads = table.tHead.rows[0].cells, body = table.tBodies[0], n = body.rows.length;
      Array.prototype.forEach.call(heads, function (th, i) {
        [1, -1].forEach(function (sign) {
          th.click();
          if (body.rows.length !== n) ok = false;
          for (var r = 1; r < body.rows.length; ++r)
            if (sign * compare(value(body.rows[r - 1], i), value(body.rows[r], i)) > 0) ok = false;
        });
      });
    });
    ready.setAttribute('data-selftest', ok ? 'pass' : 'fail');
  }
  document.body.appendChild(ready);
})();
)js";

std::string DateText(const std::optional<cctz::civil_day>& d) {
  if (!d) return "";
  return orbit::DateText(*d);
}

std::string DataValue(double v) {
  if (std::isnan(v)) return "";
  if (std::isinf(v)) return v > 0 ? "Infinity" : "-Infinity";
  char buf[64];
  std::snprintf(buf, sizeof buf, "%.10g", v);
  return buf;
}

std::string SignClass(double v) { return v > 0 ? " class=\"pos\"" : v < 0 ? " class=\"neg\"" : ""; }


}  // namespace

std::string NumberCell(double v, int decimals, bool signed_colour) {
  return "<td data-v=\"" + DataValue(v) + "\"" + (signed_colour ? SignClass(v) : "") + ">" +
         FormatNumber(v, decimals) + "</td>";
}

std::string TextCell(const std::string& text) { return "<td>" + XmlEscape(text) + "</td>"; }

namespace {

std::string PointsCell(const GroupStats& s, double v) {
  return s.points_valid ? NumberCell(v, 2, true) : "<td data-v=\"\">-</td>";
}


constexpr Outcome kOutcomes[] = {Outcome::kWin, Outcome::kLoss, Outcome::kBE, Outcome::kTime, Outcome::kOpen,
                                 Outcome::kNoTrade};

std::string StatsTable(const char* dimension, const std::vector<GroupStats>& groups, bool costs) {
  std::string out = "<div class=\"tw\"><table class=\"sortable\" id=\"table-" + std::string(dimension) + "\"><thead><tr><th>" +
                    dimension + "</th><th>rows</th><th>trades</th>";
  for (Outcome o : kOutcomes) out += "<th>" + std::string(strategy::OutcomeName(o)) + "</th>";
  out +=
      "<th>win rate %</th><th>points</th><th>avg points</th><th>gross USD</th><th>avg USD</th>"
      "<th>commission USD</th>" +
      std::string(costs ? "<th>slippage USD</th>" : "") +
      "<th>net USD</th><th>profit factor</th><th>expectancy USD</th>"
      "<th>max DD USD</th><th>DD start</th><th>DD end</th><th>losing streak</th><th>avg Peak</th>"
      "<th>avg range</th></tr></thead><tbody>\n";
  for (const GroupStats& s : groups) {
    out += "<tr>" + TextCell(s.key);
    out += NumberCell(static_cast<double>(s.rows), 0) + NumberCell(static_cast<double>(s.trades), 0);
    for (Outcome o : kOutcomes) out += NumberCell(static_cast<double>(s.count(o)), 0);
    out += NumberCell(s.win_rate_pct, 1);
    out += PointsCell(s, s.total_points) + PointsCell(s, s.avg_points);
    out += NumberCell(s.gross_usd, 2, true) + NumberCell(s.avg_usd, 2, true) + NumberCell(s.commission_usd, 2);
    if (costs) out += NumberCell(s.slippage_usd, 2);
    out += NumberCell(s.net_usd, 2, true) + NumberCell(s.profit_factor, 2) + NumberCell(s.expectancy_usd, 2, true);
    out += NumberCell(s.max_drawdown_usd, 2);
    out += TextCell(DateText(s.drawdown_start)) + TextCell(DateText(s.drawdown_end));
    out += NumberCell(static_cast<double>(s.longest_losing_streak), 0);
    out += PointsCell(s, s.avg_peak) + PointsCell(s, s.avg_range);
    out += "</tr>\n";
  }
  return out + "</tbody></table></div>\n";
}

// Per stream: distinct trades, and with the extended columns net after the
// run's costs, the MAE distribution and the ambiguous share.
std::string ResearchTable(const std::vector<ResearchStats>& rows) {
  std::string out =
      "<div class=\"tw\"><table class=\"sortable\" id=\"table-research\"><thead><tr><th>stream</th><th>trades</th>"
      "<th>distinct trades</th><th>net USD after costs</th><th>MAE median</th><th>MAE p90</th><th>MAE max</th>"
      "<th>ambiguous</th><th>ambiguous %</th></tr></thead><tbody>\n";
  auto optional_cell = [](bool valid, double v, int decimals, bool colour) {
    return valid ? NumberCell(v, decimals, colour) : std::string("<td data-v=\"\">-</td>");
  };
  for (const ResearchStats& s : rows) {
    out += "<tr>" + TextCell(s.key) + NumberCell(static_cast<double>(s.trades), 0) +
           NumberCell(static_cast<double>(s.distinct_trades), 0);
    out += optional_cell(s.extended, s.net_after_costs_usd, 2, true);
    out += optional_cell(s.mae_valid, s.mae_median, 2, false) + optional_cell(s.mae_valid, s.mae_p90, 2, false) +
           optional_cell(s.mae_valid, s.mae_max, 2, false);
    out += optional_cell(s.extended, static_cast<double>(s.ambiguous), 0, false) +
           optional_cell(s.extended, s.ambiguous_share_pct, 1, false);
    out += "</tr>\n";
  }
  return out + "</tbody></table></div>\n";
}

std::string Card(const std::string& label, const std::string& value, double sign = 0) {
  return "<div class=\"card\"><div class=\"v\"" + SignClass(sign) + ">" + XmlEscape(value) +
         "</div><div class=\"k\">" + XmlEscape(label) + "</div></div>";
}

std::string Summary(const Report& r) {
  const GroupStats& s = r.overall;
  std::string out = "<div class=\"cards\" id=\"summary\">";
  if (r.run_costs) {  // the run's costs: gross, costs and net apart
    out += Card("gross USD (before costs)", FormatNumber(s.gross_usd, 2), s.gross_usd);
    out += Card("costs USD (commission " + FormatNumber(s.commission_usd, 2) + ", slippage " +
                    FormatNumber(s.slippage_usd, 2) + ")",
                FormatNumber(s.commission_usd + s.slippage_usd, 2));
    out += Card("net USD (after costs)", FormatNumber(s.net_usd, 2), s.net_usd);
  } else {
    out += Card("net USD", FormatNumber(s.net_usd, 2), s.net_usd);
  }
  out += Card("trades (rows " + std::to_string(s.rows) + ")", std::to_string(s.trades));
  out += Card("win rate Win/(Win+Loss+BE)", FormatNumber(s.win_rate_pct, 1) + " %");
  if (s.points_valid) out += Card("points", FormatNumber(s.total_points, 2), s.total_points);
  out += Card("profit factor", FormatNumber(s.profit_factor, 2));
  out += Card("expectancy USD / trade", FormatNumber(s.expectancy_usd, 2), s.expectancy_usd);
  out += Card("max drawdown USD" + (s.drawdown_start ? " (" + DateText(s.drawdown_start) + " \u2192 " +
                                                         DateText(s.drawdown_end) + ")"
                                                   : std::string()),
              FormatNumber(s.max_drawdown_usd, 2));
  out += Card("longest losing streak", std::to_string(s.longest_losing_streak));
  out += Card("distinct trades (same trade in several slots once)", std::to_string(r.portfolio.distinct_trades));
  out += Card("net USD, each distinct trade once", FormatNumber(r.portfolio.net_usd, 2), r.portfolio.net_usd);
  if (!r.research.empty() && r.research.front().extended) {
    const ResearchStats& x = r.research.front();
    out += Card("net USD after the run's costs", FormatNumber(x.net_after_costs_usd, 2), x.net_after_costs_usd);
    out += Card("decided by an intra-bar assumption", std::to_string(x.ambiguous) + " (" +
                                                          FormatNumber(x.ambiguous_share_pct, 1) + " %)");
  }
  return out + "</div>\n";
}

}  // namespace

std::string HtmlPage(const std::string& title, const std::string& body) {
  std::string out =
      "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
      "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n<title>" +
      XmlEscape(title) + "</title>\n<style>";
  out += kStyle;
  out += "</style>\n</head>\n<body>\n<h1>" + XmlEscape(title) + "</h1>\n";
  out += body;
  out += "<script>";
  out += kScript;
  out += "</script>\n</body>\n</html>\n";
  return out;
}

std::string RenderHtmlReport(const Report& r) {
  std::string out = "<p class=\"meta\">";
  const GroupStats& s = r.overall;
  out += std::to_string(s.rows) + " rows";
  if (s.first_date) out += ", " + DateText(s.first_date) + " to " + DateText(s.last_date);
  out += "; instruments:";
  for (const std::string& i : s.instruments) out += " " + XmlEscape(i);
  if (r.run_costs) {
    out += "; the run's costs: commission " + FormatNumber(r.run_commission_usd, 2) + " USD and slippage " +
           FormatNumber(r.run_slippage_usd, 2) + " USD over all trades (extended columns)";
    if (r.options.commission_per_side_usd != 0)
      out += ", plus commission " + FormatNumber(r.options.commission_per_side_usd, 2) + " USD per side";
  } else {
    out += "; commission " + FormatNumber(r.options.commission_per_side_usd, 2) + " USD per side";
  }
  out += "<br>sources:";
  for (const std::string& src : r.sources) out += " " + XmlEscape(src);
  out += "</p>\n" + Summary(r);

  out += "<h2>Equity and drawdown per stream</h2>\n<div class=\"charts\" id=\"equity\">";
  for (const EquitySeries& e : r.equity) out += EquityChartSvg(e) + "\n";
  if (r.equity.empty()) out += "<p>No rows.</p>";
  out += "</div>\n<h2>Profit heatmaps</h2>\n<div class=\"charts\" id=\"heatmaps\">";
  out += HeatmapSvg(r.slot_weekday) + "\n" + HeatmapSvg(r.year_month);
  out += "</div>\n<h2>Result mix</h2>\n<div class=\"charts\" id=\"mix\">" + ResultMixSvg(r.streams) + "</div>\n";

  out += "<h2>Overall</h2>\n" + StatsTable("all", {r.overall}, r.run_costs);
  out += "<h2>Distinct trades and research columns</h2>\n" + ResearchTable(r.research);
  out += "<div class=\"charts\" id=\"portfolio\">" + EquityChartSvg(r.portfolio.equity) + "</div>\n";
  for (const auto& [dimension, groups] : r.breakdowns)
    out += "<h2>By " + std::string(DimensionName(dimension)) + "</h2>\n" + StatsTable(DimensionName(dimension), groups, r.run_costs);
  out +=
      "<p class=\"note\">Win rate = Win / (Win + Loss + BE), as the reference defines it. Points are instrument points "
      "(micro profits unscaled; shown only for one instrument); USD are for one contract, net after commission on "
      "both sides of every trade (and the run's commission and slippage when its rows carry them, `--columns "
      "extended`: gross is then GrossUSD, from the prices); every net figure includes those costs. Profit factor = sum of winning / sum of losing net trade results. Drawdown is "
      "measured on net equity in trade order, from the trade that set the high to the trade at the bottom. Click a "
      "column header to sort. Distinct trades count a trade that several slots of one stream took (same direction, "
      "entry and exit) once; the distinct-trade equity adds each such trade once. Net USD after costs, MAE "
      "(points) and the ambiguous share need `orbit run --columns extended`.</p>\n";
  return HtmlPage("Orbit report", out);
}

void WriteHtmlReport(const Report& report, const std::string& path) {
  WriteFileAtomically(path, RenderHtmlReport(report));
}

}  // namespace orbit::report
