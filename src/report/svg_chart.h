// src/report/svg_chart.h
//
// Inline SVG charts for the HTML report. Every function returns a complete
// <svg> element with explicit width/height and viewBox; nothing references
// external resources. Colours: gains green, losses red.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "report/report_stats.h"

namespace orbit::report {

// `text` with &, <, >, " and ' replaced by entities (safe in text and attributes).
std::string XmlEscape(std::string_view text);

// Net equity (line) over a drawdown panel (area below zero) of one stream,
// x by trade date. An empty series gives a chart saying "no trades".
std::string EquityChartSvg(const EquitySeries& series, int width = 540, int height = 300);

// Cells coloured by their value's distance from heatmap.center (green above,
// red below, intensity relative to the largest finite distance), the value
// printed in each cell with a trade-count tooltip; empty cells grey. Grids
// wider than 24 columns or taller than 40 rows get compact cells (values in
// the tooltips only) and every 4th column / 2nd row label.
std::string HeatmapSvg(const Heatmap& heatmap);

// One horizontal bar per group, segments Win, BE, Loss, TIME, OPEN, NoTrade
// proportional to their row counts, with a legend.
std::string ResultMixSvg(const std::vector<GroupStats>& groups, int width = 560);

// "1,234.50"-style text with `decimals` digits; "-" for NaN, "∞" for +inf.
std::string FormatNumber(double value, int decimals);

}  // namespace orbit::report
