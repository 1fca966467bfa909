// src/selection/matrix_run.h
//
// `orbit matrix` end to end: read result files (CSV here, Parquet through
// the Arrow module), build the master matrix, write the matrix (.csv or
// .parquet), the statistics, the sequencer state and timetables. Every
// output is written atomically.
#pragma once

#include <string>
#include <vector>

#include "selection/master_matrix.h"
#include "selection/matrix_table.h"
#include "selection/timetable.h"

namespace orbit::selection {

struct MatrixRequest {
  std::vector<std::string> results;   // result files, in order (the last wins for duplicate rows, §2.3)
  std::string filters_path;           // stream_filters.json, or '' for none
  std::string out;                    // MATRIX.csv or MATRIX.parquet ('' = none)
  std::string stats_json;             // '' = none
  std::string state_json;             // '' = none
  bool html_section = false;          // fill MatrixRunSummary::html_section (`--html`; the CLI writes the page)
  std::string resume;                 // a saved state to continue from, or ''
  std::vector<std::string> timetable_dates;  // YYYY-MM-DD
  std::string timetable_out;          // FILE.json (one date) or DIR/ (timetable_<DATE>.json each)
  TimetableMode timetable_mode = TimetableMode::kLive;
  bool pinned_clock = false;
  SelectionFixes fixes;
  bool strict = false;
};

struct MatrixRunSummary {
  size_t input_rows = 0;
  size_t matrix_rows = 0;
  size_t streams = 0;
  size_t switches = 0;
  size_t not_allowed = 0;
  std::vector<std::string> warnings;
  std::string html_section;  // MatrixHtmlSection, when requested
  // Wall time of each phase: read (the result files), compute (consolidation,
  // sequencing, statistics, state, timetables, the columns' plan) and write
  // (the §6 columns, built while the Parquet encoder takes the previous one,
  // and every output file).
  double read_ms = 0, compute_ms = 0, write_ms = 0;
  double build_ms = 0;  // of compute_ms: consolidation and sequencing
  double read_cpu_ms = 0, compute_cpu_ms = 0, write_cpu_ms = 0;  // process CPU time of each phase
};

// A result file as columns: .csv (any case) by csv_table.h, anything else as
// Parquet through the Arrow module. Errors: as ReadCsvTable /
// ReadParquetColumnsWithArrow.
ColumnTable ReadResultColumns(const std::string& path);

// Every file of `paths` read by ReadResultColumns, in parallel (one thread
// per file, at most the hardware's threads); the error of the first failing
// file in order is the one thrown.
std::vector<ColumnTable> ReadResultFiles(const std::vector<std::string>& paths);

// Writes `table` as CSV (a .csv path) or Parquet (anything else), atomically.
void WriteColumnTable(const ColumnTable& table, const std::string& path);
// The same for a matrix's columns (Parquet: built and written one at a time).
void WriteMatrixColumns(const MatrixColumns& columns, const std::string& path);

// Consolidates and builds (no I/O). `filters_json` may be null (no filters).
Matrix ComputeMatrix(std::vector<ColumnTable> tables, const std::vector<std::string>& names,
                     const JsonValue* filters_json, const std::string& filters_source, const SelectionFixes& fixes,
                     const SequencerState* resume, Diagnostics& diagnostics);

// Tunes the process's allocator (glibc) for the matrix: freed memory stays
// in one heap and is reused, rather than fresh pages (a page fault costs more
// here than the work done on the page). Process-wide; RunMatrix calls it.
void KeepFreedMemory();

// Runs the request. Errors: Error(kUsage) for inconsistent options (e.g.
// several timetable dates into one file), else the errors of the steps.
MatrixRunSummary RunMatrix(const MatrixRequest& request);

}  // namespace orbit::selection
