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
// which the heatmap's title names. Beside every best: its trade count, a flag
// when it lies on the edge of the grid (a swept axis at its smallest or
// largest value: the optimum may lie outside the grid) and, when given, the
// group's PBO and DSR (`orbit report SUMMARY --pnl PNL`). Heatmaps of fine
// grids are compact and scroll (HeatmapSvg); colours diverge at 0 USD / PF 1.
#pragma once

#include <cstdint>
#include <limits>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "report/report_stats.h"
#include "report/sweep_summary.h"

namespace orbit::report {

// "target", "stop_cap", "t1", "be_offset".
const std::vector<std::string>& SweepAxisNames();

// The overfitting statistics of one group (research::ComputeOverfit, as
// `orbit overfit`), shown beside the group's best; NaN when not defined.
struct SweepGroupTrust {
  double pbo = std::numeric_limits<double>::quiet_NaN();
  double dsr = std::numeric_limits<double>::quiet_NaN();
  double psr = std::numeric_limits<double>::quiet_NaN();
  int64_t best_sharpe_combo = 0;  // the combination DSR is of (highest daily Sharpe)
  size_t n_days = 0;
  int splits = 0;
  // With a walk-forward (`orbit report SUMMARY --pnl PNL --walk-forward 24:3`):
  bool walk_forward = false;
  int windows = 0, selected_windows = 0;
  double is_net_usd = 0, oos_net_usd = 0, efficiency = std::numeric_limits<double>::quiet_NaN();
  double oos_max_drawdown_usd = 0;
  EquitySeries oos_equity;  // the stitched out-of-sample equity
};

// The walk-forward windows table (the columns of `orbit overfit --wf-out`), as text.
struct SweepWalkForwardTable {
  std::string title;  // "walk-forward 24:3 by net_usd, min 20 trades"
  std::vector<std::string> header;
  std::vector<std::vector<std::string>> rows;
};

struct SweepPageOptions {
  std::string x, y;       // axis names; empty = the first two axes with several values
  size_t top = 10;        // combinations listed per stream
  // By "instrument group" (e.g. "ES ES1 07:30"); groups absent show "-".
  std::map<std::string, SweepGroupTrust> trust;
  SweepWalkForwardTable walk_forward;  // shown when it has a header
};

struct SweepGroupHeatmaps {
  std::string group;
  Heatmap usd, profit_factor;
  SweepSummaryRow best;             // highest USD; ties: lowest combo
  std::vector<std::string> edge;    // "target=12 (max)" per swept axis where the best lies at its min or max
  std::optional<SweepGroupTrust> trust;
};

struct SweepPage {
  std::vector<std::string> sources;
  std::string x, y;                          // the axes shown
  size_t combinations = 0, rows = 0;
  std::vector<SweepGroupHeatmaps> heatmaps;  // per group, in first-appearance order
  // Per stream (ascending; "" = all rows when the SUMMARY has no stream
  // column values): the `top` rows by USD (descending; ties: lowest combo).
  std::vector<std::pair<std::string, std::vector<SweepSummaryRow>>> top;
  std::vector<std::set<double>> axis_values;  // per axis (SweepAxisNames order), the values swept
  SweepWalkForwardTable walk_forward;
};

// The edge flags of `row` (see SweepGroupHeatmaps::edge) given the swept values.
std::vector<std::string> GridEdge(const SweepSummaryRow& row, const std::vector<std::set<double>>& axis_values);

// Errors: Error(kUsage) naming --x/--y for an unknown axis, x == y, or an axis
// the SUMMARY does not vary when it varies fewer than two.
SweepPage BuildSweepPage(const std::vector<SweepSummaryRow>& rows, const SweepPageOptions& options,
                         std::vector<std::string> sources);

std::string RenderSweepPage(const SweepPage& page);

}  // namespace orbit::report
