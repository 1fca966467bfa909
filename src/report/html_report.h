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

// Renders and writes the report atomically. Errors: Error(kIo) naming the path.
void WriteHtmlReport(const Report& report, const std::string& path);

}  // namespace orbit::report
