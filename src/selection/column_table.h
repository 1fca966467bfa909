// src/selection/column_table.h
//
// ColumnTable is a result file as the selection layer reads it (spec §1.1):
// named columns in file order, each either text (kept verbatim, '' for an
// empty cell) or numeric (binary64, NaN for a missing cell). It is what the
// CSV reader (csv_table.h) and the Arrow module's Parquet reader
// (report/result_table_reader.h, ReadResultColumns) produce.
//
// Thread safety: a plain value.
// Invariants: every column holds `rows` cells, in `text` (kText) or `number`.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

namespace orbit::selection {

// kText cells live in `text` (with `missing` marking missing cells; empty
// when none is); every other type lives in `number`: kFloat and kInt (NaN =
// missing; kInt is an integer storage type: CSV, every cell a non-empty
// integer literal; Parquet, an integer physical type, which TargetIsFloat of
// §1.1 reads), kBool (0/1) and kDate (days since 1970-01-01).
enum class ColumnType { kText, kFloat, kInt, kBool, kDate };

struct TableColumn {
  std::string name;
  ColumnType type = ColumnType::kFloat;
  std::vector<std::string> text;
  std::vector<uint8_t> missing;
  std::vector<double> number;

  bool is_text() const { return type == ColumnType::kText; }
  bool IsMissing(size_t row) const {
    return is_text() ? (!missing.empty() && missing[row]) : number[row] != number[row];
  }
};

struct ColumnTable {
  size_t rows = 0;
  std::vector<TableColumn> columns;

  // Index of the column named `name`, or -1.
  int Find(const std::string& name) const {
    for (size_t i = 0; i < columns.size(); ++i)
      if (columns[i].name == name) return static_cast<int>(i);
    return -1;
  }
};

// True for the analyzer's text columns (§1.1), which a CSV reader keeps verbatim.
inline bool IsAnalyzerTextColumn(const std::string& name) {
  static const char* const kText[] = {"Date",   "Time",   "EntryTime",  "ExitTime", "Direction",
                                      "Result", "Stream", "Instrument", "Session",  "open_as_of_time"};
  for (const char* t : kText)
    if (name == t) return true;
  return false;
}

}  // namespace orbit::selection
