// src/module/arrow_module.h
//
// The Arrow module: every part of Orbit that needs Apache Arrow or Parquet,
// reached through one table of entry points. The `orbit` executable does not
// link Arrow: it loads the module (liborbit_arrow.so, beside the executable)
// the first time a run needs it, as DuckDB loads an extension. Loading
// libarrow and libparquet costs about 18 ms of relocations and page faults
// (docs/PERFORMANCE.md, "Process start"); a run that reads local CSV files and
// writes CSV never pays it.
//
// The module does: Parquet input (reading, row-group pruning, row counts),
// Arrow record-batch streams, compressed CSV (.gz/.zst/.bz2) in and out,
// object-storage URIs (s3://, gs://, file://), Parquet results and Arrow
// tables, reading result and sweep files back (`orbit report`), sweeps
// (their Parquet TRADES/SUMMARY output), `orbit gen` and the master matrix's
// Parquet input and output (`orbit matrix`).
//
// Programs that link the module's objects (tests, the Python extension,
// benchmarks, fuzzers) register it during static initialisation; the `orbit`
// executable dlopen()s it on the first Get(). The module's code calls back
// into the executable's own copy of the core (the executable exports it), so
// there is one copy of every global.
#pragma once

#include <cstdint>
#include <filesystem>
#include <memory>
#include <string>
#include <vector>

namespace arrow {
class RecordBatchReader;
class Table;
}  // namespace arrow

namespace orbit {
namespace calendar {
class TimeZone;
}
namespace engine {
struct ResultTable;
}
namespace source {
struct BarData;
struct BarReadOptions;
class BatchDecoder;
class ByteSource;
struct InputFile;
struct RemoteFile;
}  // namespace source
namespace sink {
enum class DateColumn;
enum class ResultFormat;
}  // namespace sink
namespace report {
struct SweepSummaryRow;
struct TradeRecord;
}  // namespace report
namespace selection {
struct ColumnTable;
class ColumnSource;
}  // namespace selection
namespace sweep {
struct SweepJob;
struct SweepJobResult;
}  // namespace sweep
namespace gen {
struct GenOptions;
}
namespace research {
struct OutTable;
struct PnlTable;
}  // namespace research

// Each entry is the function of the same name in the header named beside it;
// every entry is set. Errors are those functions' errors.
struct ArrowModule {
  // source/input_filesystem.h
  std::vector<source::RemoteFile> (*list_remote_inputs)(const std::string& uri,
                                                        const std::vector<std::string>& instruments,
                                                        bool (*is_parquet)(const std::string&),
                                                        bool (*is_csv)(const std::string&));
  int64_t (*remote_file_size)(const source::InputFile& file);
  // source/parquet_reader.h
  void (*read_parquet)(const source::InputFile& file, source::BatchDecoder& decoder, bool need_instrument,
                       source::BarData& data, int64_t lower_ns, int64_t upper_ns);
  int64_t (*parquet_row_count)(const source::InputFile& file);
  source::BarData (*read_bars_from_stream)(arrow::RecordBatchReader& reader, const source::BarReadOptions& options,
                                           const std::string& source_name);
  // source/byte_source.h
  std::unique_ptr<source::ByteSource> (*open_arrow_byte_source)(const std::string& path_or_uri);
  // sink/result_writer.h
  std::shared_ptr<arrow::Table> (*result_to_arrow)(const engine::ResultTable& table, const calendar::TimeZone& zone,
                                                   sink::DateColumn date_column);
  void (*write_results_with_arrow)(std::vector<engine::ResultTable> tables, sink::ResultFormat format,
                                   const std::filesystem::path& file, const std::string& destination,
                                   const calendar::TimeZone& zone);
  // storage/atomic_output.h, storage/location.h
  void (*publish_staged_file)(const std::filesystem::path& staged, const std::string& uri);
  void (*finalize_object_storage)() noexcept;
  // report/result_table_reader.h, report/sweep_summary.h
  std::vector<report::TradeRecord> (*read_result_file)(const std::string& path);
  bool (*is_sweep_summary_file)(const std::string& path);
  std::vector<report::SweepSummaryRow> (*read_sweep_summary)(const std::string& path);
  // sweep/sweep_job.h
  sweep::SweepJobResult (*run_sweep_job)(const sweep::SweepJob& job);
  // gen/synthetic_bars.h
  uint64_t (*write_synthetic_bars)(const gen::GenOptions& options, const std::string& path);
  // selection/arrow_column_table.h (`orbit matrix`)
  selection::ColumnTable (*read_result_columns)(const std::string& path);
  void (*write_column_table)(const selection::ColumnSource& source, const std::string& path);
  // research/pnl_table.h
  research::PnlTable (*read_pnl_file)(const std::string& path);
  // research/out_table.h
  void (*write_out_table)(const research::OutTable& table, const std::string& path);

  // The module, loaded on first use (thread-safe). Errors: Error(kIo) naming
  // the shared object and the loader's message when it cannot be loaded.
  static const ArrowModule& Get();
  // The module if it is registered or loaded already, else nullptr (never loads).
  static const ArrowModule* IfLoaded() noexcept;
};

// Called once by the module's own static initialisation.
void RegisterArrowModule(const ArrowModule& module) noexcept;

// The file the executable loads: liborbit_arrow.so in the executable's folder.
std::filesystem::path ArrowModulePath();

}  // namespace orbit
