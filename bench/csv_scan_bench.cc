// bench/csv_scan_bench.cc -- CSV scan throughput, Orbit's reader against Arrow's.
//
//   build/bin/orbit_bench_csv FILE.csv [REPEATS] [INSTRUMENT=ES]
//
// For each thread count (1, 2) prints the best-of-REPEATS wall time and MB/s of
//   * orbit scan:   ScanCsvFile (block parse of timestamp + OHLC + instrument),
//   * orbit read:   ReadBars (scan + validation + zone work + columns),
//   * arrow decode: arrow::csv::TableReader with the same columns typed as
//                   Orbit's previous reader asked (timestamp[us] zoned, float64),
// and the ratio arrow decode / orbit read (> 1: Orbit reads faster than Arrow
// decodes). File bytes are the uncompressed file size.
#include <arrow/api.h>
#include <arrow/csv/api.h>
#include <arrow/io/api.h>
#include <arrow/util/thread_pool.h>

#include <chrono>
#include <ctime>
#include <cstdio>
#include <filesystem>
#include <functional>
#include <string>

#include "source/bar_reader.h"
#include "source/csv_scanner.h"

namespace {

double CpuSeconds() {
  timespec ts{};
  clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
  return static_cast<double>(ts.tv_sec) + static_cast<double>(ts.tv_nsec) * 1e-9;
}

// Best wall time of `repeats` runs; `cpu` gets the process CPU time of that run
// (all threads): on a busy machine the CPU time is the steadier figure.
double BestSeconds(int repeats, const std::function<void()>& f, double* cpu = nullptr) {
  double best = 1e9;
  for (int i = 0; i < repeats; ++i) {
    const double c0 = CpuSeconds();
    const auto t0 = std::chrono::steady_clock::now();
    f();
    const double wall = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
    if (wall < best) {
      best = wall;
      if (cpu) *cpu = CpuSeconds() - c0;
    }
  }
  return best;
}

void ArrowDecode(const std::string& path, bool threads) {
  auto input = arrow::io::ReadableFile::Open(path).ValueOrDie();
  auto read = arrow::csv::ReadOptions::Defaults();
  read.use_threads = threads;
  auto convert = arrow::csv::ConvertOptions::Defaults();
  convert.include_columns = {"timestamp", "open", "high", "low", "close", "instrument"};
  convert.column_types["timestamp"] = arrow::timestamp(arrow::TimeUnit::MICRO, "UTC");
  for (const char* n : {"open", "high", "low", "close"}) convert.column_types[n] = arrow::float64();
  convert.column_types["instrument"] = arrow::utf8();
  auto reader = arrow::csv::TableReader::Make(arrow::io::default_io_context(), input, read,
                                              arrow::csv::ParseOptions::Defaults(), convert)
                    .ValueOrDie();
  auto table = reader->Read().ValueOrDie();
  if (table->num_rows() == 0) std::abort();
}

}  // namespace

int main(int argc, char** argv) {
  if (argc < 2) {
    std::fprintf(stderr, "usage: orbit_bench_csv FILE.csv [REPEATS] [INSTRUMENT=ES]\n");
    return 1;
  }
  const std::string path = argv[1];
  const int repeats = argc > 2 ? std::atoi(argv[2]) : 5;
  const std::string instrument = argc > 3 ? argv[3] : "ES";
  const double mb = static_cast<double>(std::filesystem::file_size(path)) / 1e6;
  std::printf("file %s, %.1f MB\n\n", path.c_str(), mb);
  std::printf("| threads | orbit scan s (cpu s) | orbit scan MB/s | orbit read s (cpu s) | orbit read MB/s | arrow decode s (cpu s) | arrow MB/s | arrow / orbit read |\n");
  std::printf("|---|---|---|---|---|---|---|---|\n");
  for (int threads : {1, 2}) {
    (void)arrow::SetCpuThreadPoolCapacity(threads);
    orbit::source::CsvScanOptions scan;
    scan.threads = threads;
    double scan_cpu = 0, read_cpu = 0, arrow_cpu = 0;
    const double scan_s = BestSeconds(repeats, [&] {
      int64_t rows = 0;
      orbit::source::ScanCsvFile(path, scan,
                                 [&](const orbit::source::CsvBlockContext&, const orbit::source::ParsedCsvBlock& b,
                                     int64_t) { rows += b.rows; });
      if (rows == 0) std::abort();
    }, &scan_cpu);
    // As `orbit run --instrument ES` reads it: one instrument, columns reserved
    // for the projected bar count (run_pipeline.cc: ~50 bytes of text a bar).
    orbit::source::BarReadOptions read;
    read.paths = {path};
    read.threads = threads;
    read.instruments = {instrument};
    read.default_instrument = instrument;
    read.expected_rows = static_cast<size_t>(mb * 1e6 / 50);
    const double read_s = BestSeconds(repeats, [&] {
      if (orbit::source::ReadBars(read).rows_read == 0) std::abort();
    }, &read_cpu);
    const double arrow_s = BestSeconds(repeats, [&] { ArrowDecode(path, threads > 1); }, &arrow_cpu);
    std::printf("| %d | %.4f (%.4f) | %.0f | %.4f (%.4f) | %.0f | %.4f (%.4f) | %.0f | %.2fx |\n", threads, scan_s,
                scan_cpu, mb / scan_s, read_s, read_cpu, mb / read_s, arrow_s, arrow_cpu, mb / arrow_s, arrow_s / read_s);
  }
  return 0;
}
