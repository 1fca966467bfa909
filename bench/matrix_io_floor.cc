// Arrow's own Parquet I/O for `orbit matrix`'s inputs and output, without
// Orbit: the floor under the matrix's end-to-end time (issue 25,
// docs/PERFORMANCE.md).
//
//   orbit_bench_matrix_io MATRIX.parquet RESULT.parquet...
//
// Prints the best of 5 runs of (a) reading every result file with Arrow's
// Parquet reader (one file after the other, the reader's own threads on; and
// two files at a time on two threads), all columns, low-cardinality text as
// dictionaries as `orbit matrix` reads them, and (b) writing MATRIX.parquet's
// table (read once, in memory) with Arrow's writer: plain encoding, no
// compression, no statistics, one row group, to a file.
#include <arrow/api.h>
#include <arrow/io/api.h>
#include <parquet/arrow/reader.h>
#include <parquet/arrow/writer.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdio>
#include <string>
#include <thread>
#include <vector>

namespace {

double MsSince(std::chrono::steady_clock::time_point t0) {
  return std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - t0).count();
}

void Check(const arrow::Status& st) {
  if (!st.ok()) {
    std::fprintf(stderr, "%s\n", st.ToString().c_str());
    std::exit(1);
  }
}

std::shared_ptr<arrow::Table> Read(const std::string& path, bool threads) {
  auto file = arrow::io::ReadableFile::Open(path).ValueOrDie();
  parquet::arrow::FileReaderBuilder builder;
  Check(builder.Open(file));
  const auto meta = builder.raw_reader()->metadata();
  parquet::ArrowReaderProperties properties;
  properties.set_use_threads(threads);
  for (int c = 0; c < meta->schema()->num_columns(); ++c) {
    if (meta->schema()->Column(c)->physical_type() != parquet::Type::BYTE_ARRAY || meta->num_row_groups() == 0) continue;
    const auto chunk = meta->RowGroup(0)->ColumnChunk(c);
    if (chunk->has_dictionary_page() &&
        (chunk->data_page_offset() - chunk->dictionary_page_offset()) * 8 <= chunk->num_values())
      properties.set_read_dictionary(c, true);
  }
  builder.properties(properties);
  std::unique_ptr<parquet::arrow::FileReader> reader;
  Check(builder.Build(&reader));
  std::shared_ptr<arrow::Table> table;
  Check(reader->ReadTable(&table));
  return table;
}

template <typename F>
double Best(F f) {
  double best = 1e300;
  for (int run = 0; run < 5; ++run) {
    const auto t0 = std::chrono::steady_clock::now();
    f();
    best = std::min(best, MsSince(t0));
  }
  return best;
}

}  // namespace

int main(int argc, char** argv) {
  if (argc < 3) {
    std::fprintf(stderr, "usage: orbit_bench_matrix_io MATRIX.parquet RESULT.parquet...\n");
    return 2;
  }
  const std::string matrix = argv[1];
  const std::vector<std::string> results(argv + 2, argv + argc);
  const double serial = Best([&] {
    for (const std::string& p : results) Read(p, true);
  });
  const double two = Best([&] {
    std::atomic<size_t> next{0};
    auto work = [&] {
      for (size_t i = next++; i < results.size(); i = next++) Read(results[i], false);
    };
    std::thread other(work);
    work();
    other.join();
  });
  std::shared_ptr<arrow::Table> table = Read(matrix, false);
  table = table->CombineChunks().ValueOrDie();
  const std::string out = matrix + ".floor.parquet";
  const double write = Best([&] {
    auto props = parquet::WriterProperties::Builder().disable_dictionary()->disable_statistics()->build();
    auto sink = arrow::io::FileOutputStream::Open(out).ValueOrDie();
    Check(parquet::arrow::WriteTable(*table, arrow::default_memory_pool(), sink, table->num_rows() + 1, props));
    Check(sink->Close());
  });
  std::remove(out.c_str());
  std::printf("arrow read of %zu result files: %.1f ms (one after the other, reader threads on), %.1f ms (two at a "
              "time); arrow write of the matrix (%lld rows x %d columns): %.1f ms\n",
              results.size(), serial, two, static_cast<long long>(table->num_rows()), table->num_columns(), write);
  return 0;
}
