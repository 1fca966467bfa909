// src/sweep/sweep_job.h
//
// One whole sweep as `orbit sweep` and Python's orbit.sweep run it: read the
// bars (files and folders, as `orbit run`), check the grid against every
// instrument, prepare each instrument once, evaluate every combination and
// write SUMMARY (and TRADES). Nothing is written when any check fails; TRADES
// goes to a temporary file renamed into place only when the sweep completed.
#pragma once

#include <cctz/civil_time.h>

#include <cstdint>
#include <cstdio>
#include <optional>
#include <string>
#include <vector>

#include "engine/progress.h"
#include "engine/stop_flag.h"
#include "orbit/run_spec.h"
#include "report/report_stats.h"

namespace orbit::sweep {

struct SweepJob {
  std::vector<std::string> bars;     // files and folders
  RunSpec spec;                      // every non-swept option, from orbit::ParseRunOptions
  std::string target, stop_cap, t1, be_offset;  // axis texts ("" = the spec's single value)
  size_t max_combos = 10'000'000;
  std::string out;                   // SUMMARY path (.csv or .parquet)
  std::string trades_out;            // TRADES Parquet path; "" = none
  std::string pnl_out;               // daily P&L path (.parquet/.pq or .csv, pnl_output.h); "" = none
  report::Dimension by = report::Dimension::kSlot;
  bool progress = false;
  engine::ProgressSink progress_sink;
  const engine::StopFlag* stop = nullptr;  // polled between combination blocks
  std::FILE* log = nullptr;          // the combination count; null = silent
  bool fold_summaries = true;        // false: SUMMARY from result tables even without TRADES (tests)
};

struct SweepJobResult {
  size_t combinations = 0, instruments = 0, summary_rows = 0;
  std::vector<std::string> warnings;
  double scan_seconds = 0, prepare_seconds = 0, sweep_seconds = 0;
  double bar_evaluations = 0;  // combinations x the bars a plain run's trade walks visit
  size_t fast_exits = 0, walked_exits = 0;
  size_t block_combos = 0;  // combinations evaluated together (memory: one block of tables)
  bool folded = false;      // SUMMARY folded without result tables (summary_fold.h)
  bool streamed = false;    // bars streamed within --memory-limit (streamed_sweep.h)
  size_t spans = 0;         // spans of dates a streamed sweep folded (over all passes)
  size_t passes = 0;        // reads of the bars of a streamed sweep (each folds a range of combinations)
};

// "slot", "stream", "year". Errors: Error(kUsage) naming --by.
report::Dimension ParseSweepGrouping(const std::string& text);

// The axis text of an exit parameter the spec holds as one value ("" when it
// is at its default), so a sweep without that axis uses the spec's value.
// Errors: Error(kUsage) for bad axes or parameters (before reading), kIo and
// kBadInput as the readers; no output file exists after an error (OutputSet).
SweepJobResult RunSweepJob(const SweepJob& job);

// Its implementation, in the Arrow module (module/arrow_module.h: TRADES and
// Parquet SUMMARY files), which RunSweepJob loads.
SweepJobResult RunSweepJobWithArrow(const SweepJob& job);

}  // namespace orbit::sweep
