// src/report/json_report.h
//
// The statistics of a Report as one JSON document (`orbit report --json`):
//   { "format": "orbit-report", "version": 1, "sources": [...],
//     "commission_per_side_usd": c,
//     "overall": STATS,
//     "breakdowns": { "<dimension>": [STATS, ...], ... } }
// STATS = { "key", "rows", "trades", "results": {"Win",...,"NoTrade"},
//   "win_rate_pct", "instruments": [...], "profit_column", "total_points",
//   "avg_points", "gross_usd", "avg_usd", "commission_usd", "net_usd",
//   "profit_factor", "expectancy_usd", "max_drawdown_usd",
//   "max_drawdown_start", "max_drawdown_end", "longest_losing_streak",
//   "avg_peak", "avg_range", "first_date", "last_date" }.
// Points figures are null for groups that mix instruments; profit_factor is
// null when undefined (no losing trade); dates are "YYYY-MM-DD" or null. USD
// figures are rounded to cents and points to 1e-6 (summation noise).
#pragma once

#include <string>

#include "report/report_stats.h"

namespace orbit::report {

std::string ReportToJson(const Report& report);

}  // namespace orbit::report
