// src/report/sweep_summary.h
//
// Reads a sweep SUMMARY back (`orbit sweep --out FILE.csv|.parquet`, one row
// per combination x instrument x group, columns as src/sweep/sweep_output.h
// writes them) for the sweep page of `orbit report`. Only the columns the
// page shows are read; every figure is the file's own (computed by the
// sweep with the statistics code of `orbit report`).
#pragma once

#include <string>
#include <vector>

namespace orbit::report {

struct SweepSummaryRow {
  int64_t combo = 0;
  std::string instrument, group, stream, slot;  // stream/slot empty when the grouping has none
  double target = 0, stop_cap = 0, t1 = 0;
  int64_t be_offset = 0;
  int64_t trades = 0;
  double win_rate_pct = 0, usd = 0, profit_factor = 0, expectancy_usd = 0, max_drawdown_usd = 0;
};

// True when `path` (.csv or Parquet) has a sweep SUMMARY's header (the
// `combo` and `stop_cap` columns). Errors: Error(kIo) when it cannot be read.
bool IsSweepSummaryFile(const std::string& path);

// The rows in file order. Errors: Error(kIo) when the file cannot be read,
// Error(kBadInput) naming file, row and column for a missing column or value.
std::vector<SweepSummaryRow> ReadSweepSummary(const std::string& path);

// Their implementations, in the Arrow module (module/arrow_module.h), which
// the two functions above load.
bool IsSweepSummaryFileWithArrow(const std::string& path);
std::vector<SweepSummaryRow> ReadSweepSummaryWithArrow(const std::string& path);

}  // namespace orbit::report
