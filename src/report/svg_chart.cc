#include "report/svg_chart.h"
#include "core/civil_text.h"

#include <algorithm>
#include <cmath>
#include <cstdio>

namespace orbit::report {
namespace {

using strategy::Outcome;

std::string Num(double v) {  // coordinates: one decimal is plenty
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.1f", v + 0.0);
  return buf;
}


// A "nice" tick step (1, 2 or 5 times a power of ten) giving about `count` ticks.
double NiceStep(double span, int count) {
  if (!(span > 0)) return 1.0;
  const double raw = span / count;
  const double power = std::pow(10.0, std::floor(std::log10(raw)));
  const double f = raw / power;
  return (f <= 1 ? 1 : f <= 2 ? 2 : f <= 5 ? 5 : 10) * power;
}

struct Scale {  // value -> pixel, linear
  double v0, v1, p0, p1;
  double operator()(double v) const { return v1 == v0 ? (p0 + p1) / 2 : p0 + (v - v0) * (p1 - p0) / (v1 - v0); }
};

std::string Text(double x, double y, const std::string& text, const char* anchor = "start", const char* extra = "") {
  return "<text x=\"" + Num(x) + "\" y=\"" + Num(y) + "\" text-anchor=\"" + anchor + "\"" + extra + ">" +
         XmlEscape(text) + "</text>";
}

std::string Line(double x1, double y1, double x2, double y2, const char* style) {
  return "<line x1=\"" + Num(x1) + "\" y1=\"" + Num(y1) + "\" x2=\"" + Num(x2) + "\" y2=\"" + Num(y2) + "\" " +
         style + "/>";
}

// Horizontal grid lines and labels of a value axis over [lo, hi].
std::string ValueAxis(double lo, double hi, const Scale& y, double left, double right) {
  std::string out;
  const double step = NiceStep(hi - lo, 4);
  for (double v = std::ceil(lo / step) * step; v <= hi + step * 1e-9; v += step) {
    out += Line(left, y(v), right, y(v), std::abs(v) < step * 1e-9 ? "class=\"zero\"" : "class=\"grid\"");
    out += Text(left - 4, y(v) + 4, FormatNumber(v, step < 1 ? 2 : 0), "end");
  }
  return out;
}

const char* OutcomeColor(Outcome o) {
  switch (o) {
    case Outcome::kWin: return "#2e9e5b";
    case Outcome::kBE: return "#e0b43c";
    case Outcome::kLoss: return "#d1495b";
    case Outcome::kTime: return "#4f7cac";
    case Outcome::kOpen: return "#9a6fb0";
    case Outcome::kNoTrade: return "#c8c8c8";
  }
  return "#000";
}

}  // namespace

std::string XmlEscape(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (const char c : text) {
    switch (c) {
      case '&': out += "&amp;"; break;
      case '<': out += "&lt;"; break;
      case '>': out += "&gt;"; break;
      case '"': out += "&quot;"; break;
      case '\'': out += "&#39;"; break;
      default: out += c;
    }
  }
  return out;
}

std::string FormatNumber(double value, int decimals) {
  if (std::isnan(value)) return "-";
  if (std::isinf(value)) return value > 0 ? "\u221e" : "-\u221e";
  char buf[64];
  std::snprintf(buf, sizeof buf, "%.*f", decimals, std::abs(value));
  std::string digits = buf;
  const size_t point = digits.find('.');
  const size_t int_end = point == std::string::npos ? digits.size() : point;
  std::string out;
  for (size_t i = 0; i < int_end; ++i) {
    if (i > 0 && (int_end - i) % 3 == 0) out += ',';
    out += digits[i];
  }
  out += digits.substr(int_end);
  const bool negative = value < 0 && out.find_first_not_of("0.,") != std::string::npos;
  return negative ? "-" + out : out;
}

std::string EquityChartSvg(const EquitySeries& series, int width, int height) {
  const double left = 70, right = width - 12, top = 24;
  const double equity_bottom = top + (height - 60) * 0.62;
  const double dd_top = equity_bottom + 14, dd_bottom = height - 28;
  std::string out = "<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"chart\" width=\"" + std::to_string(width) +
                    "\" height=\"" + std::to_string(height) + "\" viewBox=\"0 0 " + std::to_string(width) + " " +
                    std::to_string(height) + "\" role=\"img\" aria-label=\"" + XmlEscape(series.stream) +
                    " equity and drawdown\">";
  out += Text(left, 15, series.stream + ": net equity (USD) and drawdown", "start", " class=\"title\"");
  if (series.points.empty()) {
    out += Text(width / 2.0, height / 2.0, "no trades", "middle");
    return out + "</svg>";
  }
  const cctz::civil_day first = series.points.front().date, last = series.points.back().date;
  const double days = static_cast<double>(last - first);
  // Equity starts at 0 on the first trade's date (before it), so the line begins at the origin.
  const Scale x{0, std::max(days, 1.0), left, right};
  double lo = 0, hi = 0, dd_lo = 0;
  for (const EquityPoint& p : series.points) {
    lo = std::min(lo, p.equity_usd);
    hi = std::max(hi, p.equity_usd);
    dd_lo = std::min(dd_lo, p.drawdown_usd);
  }
  if (hi == lo) hi = lo + 1;
  if (dd_lo == 0) dd_lo = -1;
  const double pad = (hi - lo) * 0.05;
  const Scale y{lo - pad, hi + pad, equity_bottom, top};
  const Scale dy{dd_lo * 1.05, 0, dd_bottom, dd_top};
  out += ValueAxis(lo - pad, hi + pad, y, left, right);
  out += ValueAxis(dd_lo * 1.05, 0, dy, left, right);
  // Many trades share a pixel column on long runs: per column keep the first,
  // lowest, highest and last equity (in trade order) and the deepest
  // drawdown, which draws the same picture with a bounded number of points.
  std::string line = "M" + Num(x(0)) + "," + Num(y(0));
  std::string area = "M" + Num(x(0)) + "," + Num(dy(0));
  const std::vector<EquityPoint>& pts = series.points;
  for (size_t begin = 0; begin < pts.size();) {
    const double px = x(static_cast<double>(pts[begin].date - first));
    size_t end = begin, lowest = begin, highest = begin, deepest = begin;
    while (end < pts.size() && std::floor(x(static_cast<double>(pts[end].date - first))) == std::floor(px)) {
      if (pts[end].equity_usd < pts[lowest].equity_usd) lowest = end;
      if (pts[end].equity_usd > pts[highest].equity_usd) highest = end;
      if (pts[end].drawdown_usd < pts[deepest].drawdown_usd) deepest = end;
      ++end;
    }
    std::vector<size_t> keep = {begin, lowest, highest, end - 1};
    std::sort(keep.begin(), keep.end());
    keep.erase(std::unique(keep.begin(), keep.end()), keep.end());
    for (size_t i : keep) line += " L" + Num(x(static_cast<double>(pts[i].date - first))) + "," + Num(y(pts[i].equity_usd));
    area += " L" + Num(px) + "," + Num(dy(pts[deepest].drawdown_usd));
    begin = end;
  }
  area += " L" + Num(x(static_cast<double>(last - first))) + "," + Num(dy(0)) + " Z";
  out += "<path class=\"drawdown\" d=\"" + area + "\"/>";
  out += "<path class=\"equity\" d=\"" + line + "\"/>";
  out += Text(left, dd_top - 3, "drawdown", "start", " class=\"label\"");
  out += Text(left, height - 10, DateText(first), "start");
  out += Text(right, height - 10, DateText(last), "end");
  if (days > 60) {  // one or two dates in between
    for (double f : {1.0 / 3, 2.0 / 3}) {
      const cctz::civil_day mid = first + static_cast<int64_t>(days * f);
      out += Text(x(static_cast<double>(mid - first)), height - 10, DateText(mid), "middle");
    }
  }
  return out + "</svg>";
}

std::string HeatmapSvg(const Heatmap& h) {
  // Fine grids (more than kWideColumns columns or kTallRows rows, e.g. a
  // 113 x 11 sweep) get compact cells without printed values (the tooltip
  // keeps them) and every k-th axis label, so the chart stays legible.
  constexpr size_t kWideColumns = 24, kTallRows = 40;
  const bool wide = h.column_labels.size() > kWideColumns, tall = h.row_labels.size() > kTallRows;
  const double label_width = 90, cell_w = wide ? 14 : 58, cell_h = tall ? 12 : 24, top = 40;
  const size_t column_step = wide ? 4 : 1, row_step = tall ? 2 : 1;
  const bool print_values = !wide && !tall;
  const double width = label_width + cell_w * static_cast<double>(h.column_labels.size()) + 10;
  const double height = top + cell_h * static_cast<double>(std::max<size_t>(h.row_labels.size(), 1)) + 10;
  std::string out = "<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"chart heatmap\" width=\"" + Num(width) +
                    "\" height=\"" + Num(height) + "\" viewBox=\"0 0 " + Num(width) + " " + Num(height) +
                    "\" role=\"img\" aria-label=\"" + XmlEscape(h.title) + "\">";
  out += Text(4, 15, h.title, "start", " class=\"title\"");
  double max_abs = 0;  // the largest finite distance from the center
  for (const auto& row : h.net_usd)
    for (double v : row)
      if (std::isfinite(v)) max_abs = std::max(max_abs, std::abs(v - h.center));
  for (size_t c = 0; c < h.column_labels.size(); c += column_step)
    out += Text(label_width + cell_w * (static_cast<double>(c) + 0.5), top - 6, h.column_labels[c], "middle");
  if (h.row_labels.empty()) out += Text(label_width, top + 16, "no rows");
  for (size_t r = 0; r < h.row_labels.size(); ++r) {
    const double y = top + cell_h * static_cast<double>(r);
    if (r % row_step == 0) out += Text(label_width - 6, y + std::min(16.0, cell_h - 1), h.row_labels[r], "end");
    for (size_t c = 0; c < h.column_labels.size(); ++c) {
      const double x = label_width + cell_w * static_cast<double>(c);
      const double v = h.net_usd[r][c];
      const size_t n = h.trades[r][c];
      std::string fill = "#eeeeee";
      if (n > 0 && !std::isnan(v)) {
        const double d = v - h.center;
        const double t = !std::isfinite(d) ? 1.0 : max_abs > 0 ? std::min(1.0, std::abs(d) / max_abs) : 0.0;
        char buf[48];
        std::snprintf(buf, sizeof buf, "rgba(%s,%.2f)", d >= 0 ? "46,158,91" : "209,73,91", 0.12 + 0.78 * t);
        fill = buf;
      }
      out += "<g><title>" + XmlEscape(h.row_labels[r] + " / " + h.column_labels[c] + ": " + std::to_string(n) +
                                      " trades, " + h.value_name + " " + FormatNumber(v, std::max(2, h.decimals))) +
             "</title><rect x=\"" + Num(x + 1) + "\" y=\"" + Num(y + 1) + "\" width=\"" + Num(cell_w - 2) +
             "\" height=\"" + Num(cell_h - 2) + "\" fill=\"" + fill + "\"/>";
      if (n > 0 && print_values)
        out += Text(x + cell_w / 2, y + 16, FormatNumber(v, h.decimals), "middle", " class=\"cell\"");
      out += "</g>";
    }
  }
  return out + "</svg>";
}

std::string ResultMixSvg(const std::vector<GroupStats>& groups, int width) {
  const double label_width = 70, bar_h = 20, gap = 8, top = 44;
  const double height = top + (bar_h + gap) * static_cast<double>(std::max<size_t>(groups.size(), 1)) + 6;
  const double bar_w = width - label_width - 60;
  std::string out = "<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"chart mix\" width=\"" +
                    std::to_string(width) + "\" height=\"" + Num(height) + "\" viewBox=\"0 0 " +
                    std::to_string(width) + " " + Num(height) + "\" role=\"img\" aria-label=\"result mix\">";
  out += Text(4, 15, "Result mix per stream (rows)", "start", " class=\"title\"");
  const Outcome order[] = {Outcome::kWin, Outcome::kBE, Outcome::kLoss, Outcome::kTime, Outcome::kOpen,
                           Outcome::kNoTrade};
  double lx = 4;
  for (Outcome o : order) {
    out += "<rect x=\"" + Num(lx) + "\" y=\"22\" width=\"10\" height=\"10\" fill=\"" + OutcomeColor(o) + "\"/>";
    out += Text(lx + 14, 31, std::string(strategy::OutcomeName(o)));
    lx += 22 + 8.0 * static_cast<double>(strategy::OutcomeName(o).size()) + 10;
  }
  if (groups.empty()) out += Text(label_width, top + 14, "no rows");
  for (size_t g = 0; g < groups.size(); ++g) {
    const GroupStats& s = groups[g];
    const double y = top + (bar_h + gap) * static_cast<double>(g);
    out += Text(label_width - 6, y + 14, s.key, "end");
    double x = label_width;
    for (Outcome o : order) {
      const size_t n = s.count(o);
      if (n == 0 || s.rows == 0) continue;
      const double w = bar_w * static_cast<double>(n) / static_cast<double>(s.rows);
      out += "<rect x=\"" + Num(x) + "\" y=\"" + Num(y) + "\" width=\"" + Num(w) + "\" height=\"" + Num(bar_h) +
             "\" fill=\"" + OutcomeColor(o) + "\"><title>" +
             XmlEscape(s.key + " " + std::string(strategy::OutcomeName(o)) + ": " + std::to_string(n)) +
             "</title></rect>";
      x += w;
    }
    out += Text(label_width + bar_w + 4, y + 14, std::to_string(s.rows));
  }
  return out + "</svg>";
}

}  // namespace orbit::report
