// src/sink/result_writer.h
//
// Result sinks: the reference's CSV text (Appendix A number formats) and the
// same logical table as Parquet (snappy), plus the Arrow table both Parquet
// and Python use. Files are written atomically: to a temporary file in the
// destination folder, then renamed into place, so a killed run leaves either
// the previous file or the complete new one, never a partial file.
#pragma once

#include <filesystem>
#include <memory>
#include <string>
#include <vector>

#include "calendar/time_zone.h"
#include "engine/result_table.h"

namespace arrow {
class Table;
}

namespace orbit::sink {

// The whole CSV document: header line and one line per row, '\n' endings.
std::string ResultCsvText(const engine::ResultTable& table, const calendar::TimeZone& zone);
// Several tables as one document: one header, then every table's rows.
std::string ResultsCsvText(const std::vector<engine::ResultTable>& tables, const calendar::TimeZone& zone);

enum class DateColumn { kString, kTimestamp, kDate32 };
// ResultToArrow and WriteResultsWithArrow are defined in the Arrow module
// (sink/arrow_result_writer.cc); core code reaches them through
// ArrowModule::Get() (module/arrow_module.h).

// The result as an Arrow table with the reference's column names and types
// (§6.2, §6.7). Date is a string in memory; the CLI's Parquet file stores it
// as a timestamp for non-empty tables (KI-29) or date32 with --fix KI-29.
std::shared_ptr<arrow::Table> ResultToArrow(const engine::ResultTable& table, const calendar::TimeZone& zone,
                                            DateColumn date_column);

// Result file formats, chosen by the destination's extension.
enum class ResultFormat { kCsv, kCsvGzip, kCsvZstd, kParquet };

// .csv, .csv.gz, .csv.zst, .parquet or .pq, case-insensitive. Errors:
// Error(kUsage) naming `what` (e.g. "--out") and the path for anything else.
ResultFormat ResultFormatFor(const std::string& path, const std::string& what);

// Writes one or several instruments' tables as one table to `file` (usually an
// OutputSet temporary; `destination` names it in messages). Several tables get
// one schema: Target/Profit stay int64 only if they are in every table,
// open_as_of_time is kept if any table has it. Errors: Error(kIo).
void WriteResults(std::vector<engine::ResultTable> tables, ResultFormat format, const std::filesystem::path& file,
                  const std::string& destination, const calendar::TimeZone& zone);

// WriteResults for Parquet and compressed CSV, once the tables share one
// schema. Errors: Error(kIo).
void WriteResultsWithArrow(std::vector<engine::ResultTable> tables, ResultFormat format,
                           const std::filesystem::path& file, const std::string& destination,
                           const calendar::TimeZone& zone);

// One table to `path`, atomically. Errors: Error(kUsage) for an unknown
// extension, Error(kIo) naming the path.
void WriteResultFile(const engine::ResultTable& table, const std::string& path, const calendar::TimeZone& zone);

}  // namespace orbit::sink
