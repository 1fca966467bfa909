// src/report/result_table_reader.h
//
// Reads Orbit (or reference) result tables back for reporting: CSV written by
// `orbit run --out x.csv`, or Parquet with the Date column as timestamp (any
// unit, the reference's KI-29 form), date32/date64 (--fix KI-29) or string
// (empty tables). Profit may be float64 or int64 (§6.7); text columns may be
// dictionary-encoded. Required columns: Date, Time, Result, Profit, Stream,
// Instrument; Peak, Range, Direction and Session are read when present.
#pragma once

#include <string>
#include <vector>

#include "report/trade_record.h"

namespace arrow {
class Table;
}

namespace orbit::report {

// Rows of one file in file order; the format follows the extension (.csv,
// anything else Parquet). Errors: Error(kIo) when the file cannot be opened or
// decoded, Error(kBadInput) for a missing column, a bad date or an unknown
// Result value, naming the file, row and column.
std::vector<TradeRecord> ReadResultFile(const std::string& path);

// Its implementation, in the Arrow module (module/arrow_module.h), which
// ReadResultFile loads.
std::vector<TradeRecord> ReadResultFileWithArrow(const std::string& path);

// The same decoding for a table already in memory (the Python bindings hand
// over result frames through the Arrow C stream interface); `source_name`
// takes the place of the file path in messages. Errors: Error(kBadInput) as
// ReadResultFile.
std::vector<TradeRecord> RecordsFromArrowTable(const arrow::Table& table, const std::string& source_name);

}  // namespace orbit::report
