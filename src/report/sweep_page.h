// src/report/sweep_page.h
//
// The sweep page of `orbit report` (a self-contained HTML file like the run
// report): for each group of a sweep SUMMARY (a slot, a stream or a year) a
// heatmap of net USD and one of profit factor over two swept axes, and the
// top combinations of each stream. Every figure is a cell of the SUMMARY; the
// page only selects and arranges them.
//
// A heatmap shows one value per (x, y): the axes not shown are held at the
// values of the group's best combination (highest USD; ties: lowest combo),
// which the heatmap's title names.
#pragma once

#include <string>
#include <vector>

#include "report/report_stats.h"
#include "report/sweep_summary.h"

namespace orbit::report {

// "target", "stop_cap", "t1", "be_offset".
const std::vector<std::string>& SweepAxisNames();

struct SweepPageOptions {
  std::string x, y;       // axis names; empty = the first two axes with several values
  size_t top = 10;        // combinations listed per stream
};

struct SweepGroupHeatmaps {
  std::string group;
  Heatmap usd, profit_factor;
};

struct SweepPage {
  std::vector<std::string> sources;
  std::string x, y;                          // the axes shown
  size_t combinations = 0, rows = 0;
  std::vector<SweepGroupHeatmaps> heatmaps;  // per group, in first-appearance order
  // Per stream (ascending; "" = all rows when the SUMMARY has no stream
  // column values): the `top` rows by USD (descending; ties: lowest combo).
  std::vector<std::pair<std::string, std::vector<SweepSummaryRow>>> top;
};

// Errors: Error(kUsage) naming --x/--y for an unknown axis, x == y, or an axis
// the SUMMARY does not vary when it varies fewer than two.
SweepPage BuildSweepPage(const std::vector<SweepSummaryRow>& rows, const SweepPageOptions& options,
                         std::vector<std::string> sources);

std::string RenderSweepPage(const SweepPage& page);

}  // namespace orbit::report
