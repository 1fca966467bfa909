// src/source/bar_reader.h
//
// ReadBars scans CSV and Parquet files through Arrow (projected columns,
// streamed record batches), validates every row as the reference does
// (spec §1.2, with Orbit's stricter defaults where the issues ask), converts
// timestamps to instants, and returns each requested instrument's bars sorted.
//
// Timestamps: zoned values (Parquet timestamp with a zone, CSV text with a UTC
// offset or Z) are instants already; naive values are wall-clock readings in
// `input_zone` (KI-11/KI-12 are not reproduced).
//
// Errors: Error(kIo) for files that cannot be opened or decoded, Error(kBadInput)
// for data that fails validation; messages name the file, the 1-based data row,
// the column and the value.
#pragma once

#include <cctz/civil_time.h>

#include <functional>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "calendar/time_zone.h"
#include "source/bar_columns.h"
#include "source/csv_format.h"
#include "source/file_discovery.h"

namespace arrow {
class RecordBatchReader;
}

namespace orbit::source {

struct BarData;

enum class NanPolicy { kError, kAccept };                         // accept = KI-39 emulation
enum class DuplicatePolicy { kKeepAll, kKeepFirst, kKeepLast, kError };

struct BarReadOptions {
  std::vector<std::string> paths;         // files and folders
  // The inputs DiscoverInputFiles() already found for `paths`; when set, the
  // folders are not searched again. Empty = discover from `paths`.
  std::vector<InputFile> files;
  std::vector<std::string> instruments;   // upper-case symbols to keep; empty = every instrument found
  std::string default_instrument;         // for rows of files without an instrument column
  const calendar::TimeZone* input_zone = nullptr;  // zone of naive timestamps (default Chicago)
  NanPolicy nan_policy = NanPolicy::kError;
  DuplicatePolicy duplicate_policy = DuplicatePolicy::kKeepAll;
  bool per_row_negative_prices = false;   // KI-37 corrected
  // Inclusive local (Chicago) date bounds; bars outside are not kept.
  std::optional<cctz::civil_day> start_date, end_date;
  // Expected bar count of a single requested instrument (capacity reserved
  // up front instead of growing five vectors by doubling); 0 = unknown. Leave
  // it 0 when streaming: the buffer then stays as small as the chunks.
  size_t expected_rows = 0;
  // True: an input without any row in the read bounds gives no bars instead
  // of the "DataFrame is empty" error (partitioned runs read spans of dates).
  bool allow_empty = false;
  // CSV text: preset, column map, delimiter, header, epoch unit (csv_format.h).
  // Its bar_stamp applies to every input: bars stamped at their close are
  // shifted to their open (spec §1.4); unset = open (CSV: the preset's).
  CsvFormatOptions csv_format;
  int threads = 0;                        // CSV parser threads; 0 = all cores
  size_t csv_block_bytes = 0;             // CSV block size; 0 = 1 MiB
  // Streaming consumer: called after every decoded batch with the bars
  // gathered so far; it may consume and erase a prefix of any instrument's
  // columns (engine::StreamingAnalyzer does). Empty = keep everything.
  std::function<void(BarData&)> on_batch;
};

struct BarData {
  std::map<std::string, BarColumns> by_instrument;  // only requested instruments present in the data
  size_t files_read = 0;
  size_t rows_read = 0;
  size_t row_groups_skipped = 0;
  std::vector<std::string> warnings;                // for stderr (e.g. duplicates kept)
  // Valid instrument values seen in the rows, plus (when a requested
  // instrument has no rows) those the input paths name; sorted. For the
  // "no rows for instrument X (instruments found: ...)" message.
  std::vector<std::string> instruments_found;
};

BarData ReadBars(const BarReadOptions& options);

// Decodes bars from any Arrow record batch stream (the Python bindings hand
// over pandas frames and pyarrow tables through the Arrow C stream interface)
// with ReadBars' validation, conversions, checks and messages; `source_name`
// takes the place of the file path in messages. options.paths is ignored;
// the stream counts as one file. Errors as ReadBars (a failing stream:
// kIo for I/O errors, else kBadInput).
// Defined in the Arrow module (module/arrow_module.h): core code calls it
// through ArrowModule::Get().read_bars_from_stream.
BarData ReadBarsFromStream(arrow::RecordBatchReader& reader, const BarReadOptions& options,
                           const std::string& source_name);

// Applies the duplicate-timestamp policy to sorted columns; appends a warning
// (or throws Error(kBadInput) for DuplicatePolicy::kError).
void ApplyDuplicatePolicy(BarColumns& columns, DuplicatePolicy policy, const std::string& symbol,
                          std::vector<std::string>& warnings);

}  // namespace orbit::source
