// src/report/html_report.h
//
// The self-contained HTML report: one file, no external resources (inline
// CSS, inline SVG charts written by svg_chart.h, a small inline script that
// makes every table sortable by clicking its header). It shows the overall
// figures, equity and drawdown per stream, profit heatmaps (slot x weekday,
// year x month), result-mix bars and one sortable table per breakdown. When
// the script has run it appends <div id="orbit-report-ready" data-tables="N">
// to the body (tests check it with a headless browser); opened with the URL
// fragment #orbit-selftest it sorts every column both ways and adds
// data-selftest="pass" or "fail" to that marker.
#pragma once

#include <string>

#include "report/report_stats.h"

namespace orbit::report {

std::string RenderHtmlReport(const Report& report);

// Table cells the sortable-table script reads: a number with `decimals`
// digits (sorted by its value; green/red by sign when `signed_colour`), and
// escaped text.
std::string NumberCell(double v, int decimals, bool signed_colour = false);
std::string TextCell(const std::string& text);

// A self-contained page with the report's style and sortable-table script:
// `body` (HTML) under <h1>title</h1>. The sweep page uses it too.
std::string HtmlPage(const std::string& title, const std::string& body);

// Renders and writes the report atomically. Errors: Error(kIo) naming the path.
void WriteHtmlReport(const Report& report, const std::string& path);

}  // namespace orbit::report
