// The master matrix's computation in-process, without the I/O (issue 25,
// docs/PERFORMANCE.md): the result files are read once, then each run
// consolidates and sequences them, writes the statistics, the sequencer state
// and one timetable, and builds every §6 column (as MatrixTable does).
//
//   orbit_bench_matrix_compute RUNS RESULT...
//
// Prints the best and median wall time of the RUNS runs, for the computation
// as `orbit matrix` counts it (consolidation, sequencing, statistics,
// timetable) and for building the columns (which `orbit matrix` does while
// writing). A process-level timing moves with the machine's load far more
// than this loop does.
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <future>
#include <string>
#include <vector>

#include "selection/matrix_run.h"
#include "selection/matrix_statistics.h"
#include "selection/matrix_table.h"
#include "selection/timetable.h"

namespace {

double MsSince(std::chrono::steady_clock::time_point t0) {
  return std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - t0).count();
}

}  // namespace

int main(int argc, char** argv) {
  using namespace orbit::selection;
  if (argc < 3) {
    std::fprintf(stderr, "usage: orbit_bench_matrix_compute RUNS RESULT...\n");
    return 2;
  }
  const int runs = std::max(1, std::atoi(argv[1]));
  const std::vector<std::string> paths(argv + 2, argv + argc);
  KeepFreedMemory();  // as `orbit matrix` does
  const std::vector<ColumnTable> tables = ReadResultFiles(paths);
  std::vector<double> compute, sequencing, columns;
  size_t rows = 0, checksum = 0;
  for (int run = 0; run < runs; ++run) {
    std::vector<ColumnTable> copy = tables;
    const auto t0 = std::chrono::steady_clock::now();
    Diagnostics diagnostics;
    const Matrix m = ComputeMatrix(std::move(copy), paths, nullptr, "", SelectionFixes{}, nullptr, diagnostics);
    sequencing.push_back(MsSince(t0));
    std::future<std::string> stats = std::async(std::launch::async, [&m] { return MatrixStatisticsJson(m); });
    const MatrixColumns planned(m);
    const std::string state = SequencerStateJson(m.final_state);
    TimetableOptions options;
    options.session_date = m.rows.empty() ? 0 : m.rows.back().date + 1;
    options.pinned_clock = true;
    const std::string timetable = TimetableJson(m, options);
    checksum += stats.get().size() + state.size() + timetable.size();
    compute.push_back(MsSince(t0));
    const auto t1 = std::chrono::steady_clock::now();
    for (size_t i = 0; i < planned.columns(); ++i) checksum += planned.Build(i).name.size();
    columns.push_back(MsSince(t1));
    rows = m.rows.size();
  }
  std::sort(compute.begin(), compute.end());
  std::sort(columns.begin(), columns.end());
  std::sort(sequencing.begin(), sequencing.end());
  std::printf("matrix of %zu rows from %zu result files, %d runs: computation best %.1f ms (median %.1f), of which "
              "consolidation and sequencing best %.1f ms (median %.1f); building the columns best %.1f ms (median "
              "%.1f) [%zu]\n",
              rows, paths.size(), runs, compute.front(), compute[compute.size() / 2], sequencing.front(),
              sequencing[sequencing.size() / 2], columns.front(),
              columns[columns.size() / 2], checksum % 10);
  return 0;
}
