#include "selection/matrix_run.h"

#include <algorithm>
#include <chrono>
#include <ctime>
#include <malloc.h>
#include <filesystem>
#include <future>

#include "core/atomic_file.h"
#include "core/error.h"
#include "core/parallel_for.h"
#include "module/arrow_module.h"
#include "selection/civil_date.h"
#include "selection/csv_table.h"
#include "selection/matrix_html.h"
#include "selection/matrix_statistics.h"
#include "selection/matrix_table.h"

namespace orbit::selection {
namespace {

bool HasCsvExtension(const std::string& path) {
  const std::string ext = std::filesystem::path(path).extension().string();
  return ext == ".csv" || ext == ".CSV";
}

double CpuMs() {
  timespec ts{};
  clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
  return ts.tv_sec * 1e3 + ts.tv_nsec / 1e6;
}

double MsSince(std::chrono::steady_clock::time_point t0) {
  return std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - t0).count();
}

}  // namespace

std::vector<ColumnTable> ReadResultFiles(const std::vector<std::string>& paths) {
  std::vector<ColumnTable> tables(paths.size());
  // Load the Arrow module once, before the threads, when a Parquet file needs it (CSV never does).
  if (paths.size() > 1 && std::any_of(paths.begin(), paths.end(), [](const std::string& p) { return !HasCsvExtension(p); }))
    ArrowModule::Get();
  // The error of the first failing file in order is the one thrown (ParallelFor's contract).
  ParallelFor(paths.size(), HardwareThreads(), [&](size_t i, size_t) { tables[i] = ReadResultColumns(paths[i]); });
  return tables;
}

ColumnTable ReadResultColumns(const std::string& path) {
  if (HasCsvExtension(path)) return ReadCsvTable(path);
  std::error_code ec;
  if (!std::filesystem::is_regular_file(path, ec)) ThrowIo("result table " + path + " does not exist or is not a file");
  return ArrowModule::Get().read_result_columns(path);
}

void WriteColumnTable(const ColumnTable& table, const std::string& path) {
  if (HasCsvExtension(path)) WriteFileAtomically(path, CsvText(table));
  else ArrowModule::Get().write_column_table(TableSource(table), path);
}

void WriteMatrixColumns(const MatrixColumns& columns, const std::string& path) {
  if (HasCsvExtension(path)) WriteFileAtomically(path, CsvText(MatrixTable(columns)));
  else ArrowModule::Get().write_column_table(columns, path);
}

Matrix ComputeMatrix(std::vector<ColumnTable> tables, const std::vector<std::string>& names,
                     const JsonValue* filters_json, const std::string& filters_source, const SelectionFixes& fixes,
                     const SequencerState* resume, Diagnostics& diagnostics) {
  MatrixOptions options;
  if (filters_json) options.filters = ParseStreamFilters(*filters_json, filters_source);
  options.fixes = fixes;
  options.resume = resume;
  return BuildMatrix(Consolidate(std::move(tables), names, diagnostics), std::move(options), diagnostics);
}

void KeepFreedMemory() {
  mallopt(M_MMAP_THRESHOLD, 32 << 20);  // glibc's maximum: large blocks from the heap, not fresh mappings
  mallopt(M_TRIM_THRESHOLD, 1 << 30);   // and never handed back
  mallopt(M_ARENA_MAX, 1);  // one heap: memory the reading threads free is reused by the main thread
}

MatrixRunSummary RunMatrix(const MatrixRequest& request) {
  KeepFreedMemory();
  if (request.results.empty()) ThrowUsage("--results: give at least one result file");
  const bool to_folder = !request.timetable_out.empty() && request.timetable_out.back() == '/';
  if (!request.timetable_dates.empty() && request.timetable_out.empty())
    ThrowUsage("--timetable needs --timetable-out FILE.json or DIR/");
  if (request.timetable_dates.size() > 1 && !to_folder)
    ThrowUsage("--timetable-out " + request.timetable_out + ": several dates need a folder (end it with /)");
  std::vector<int32_t> dates;
  for (const std::string& d : request.timetable_dates) {
    int32_t day = 0;
    if (d.size() != 10 || !ParseIsoDate(d, day)) ThrowUsage("--timetable " + d + ": not a YYYY-MM-DD date");
    dates.push_back(day);
  }

  MatrixRunSummary summary;
  const double c0 = CpuMs();
  const auto t0 = std::chrono::steady_clock::now();
  std::vector<ColumnTable> tables = ReadResultFiles(request.results);
  for (const ColumnTable& t : tables) summary.input_rows += t.rows;
  JsonValue filters;
  if (!request.filters_path.empty()) filters = ReadJsonFile(request.filters_path);
  SequencerState resume;
  if (!request.resume.empty()) resume = ParseSequencerState(ReadJsonFile(request.resume), request.resume);
  summary.read_ms = MsSince(t0);
  const double c1 = CpuMs();
  summary.read_cpu_ms = c1 - c0;

  const auto t1 = std::chrono::steady_clock::now();
  Diagnostics diagnostics;
  diagnostics.strict = request.strict;
  const auto tb = std::chrono::steady_clock::now();
  const Matrix m = ComputeMatrix(std::move(tables), request.results, request.filters_path.empty() ? nullptr : &filters,
                                 request.filters_path, request.fixes, request.resume.empty() ? nullptr : &resume,
                                 diagnostics);
  summary.build_ms = MsSince(tb);
  // The statistics on a second thread while the columns are planned and the state and timetables written.
  std::future<std::string> statistics;
  if (!request.stats_json.empty() || request.html_section)
    statistics = std::async(std::launch::async, [&m] { return MatrixStatisticsJson(m); });
  const MatrixColumns columns(m);  // planned here: a bad column name fails before any output
  std::string stats, state;
  if (!request.state_json.empty()) state = SequencerStateJson(m.final_state);
  std::vector<std::pair<std::string, std::string>> timetables;
  for (size_t i = 0; i < dates.size(); ++i) {
    TimetableOptions options;
    options.session_date = dates[i];
    options.mode = request.timetable_mode;
    options.pinned_clock = request.pinned_clock;
    const std::string path =
        to_folder ? request.timetable_out + "timetable_" + request.timetable_dates[i] + ".json" : request.timetable_out;
    timetables.emplace_back(path, TimetableJson(m, options));
  }
  if (statistics.valid()) stats = statistics.get();
  if (request.html_section) {
    std::vector<std::pair<std::string, std::string>> dated;
    for (size_t i = 0; i < timetables.size(); ++i) dated.emplace_back(request.timetable_dates[i], timetables[i].second);
    summary.html_section = MatrixHtmlSection(m, stats, dated);
  }
  summary.compute_ms = MsSince(t1);
  const double c2 = CpuMs();
  summary.compute_cpu_ms = c2 - c1;

  const auto t2 = std::chrono::steady_clock::now();
  if (!request.out.empty()) WriteMatrixColumns(columns, request.out);
  if (!request.stats_json.empty()) WriteFileAtomically(request.stats_json, stats + "\n");
  if (!request.state_json.empty()) WriteFileAtomically(request.state_json, state + "\n");
  if (to_folder) {
    std::error_code ec;
    std::filesystem::create_directories(request.timetable_out, ec);
    if (ec) ThrowIo("cannot create folder " + request.timetable_out + ": " + ec.message());
  }
  for (const auto& [path, text] : timetables) WriteFileAtomically(path, text + "\n");
  summary.write_ms = MsSince(t2);
  summary.write_cpu_ms = CpuMs() - c2;

  summary.matrix_rows = m.rows.size();
  summary.streams = m.streams.size();
  for (const MatrixRow& r : m.rows) {
    summary.switches += r.time_change >= 0;
    summary.not_allowed += !r.allowed;
  }
  summary.warnings = diagnostics.warnings;
  return summary;
}

}  // namespace orbit::selection
