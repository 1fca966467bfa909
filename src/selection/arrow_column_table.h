// src/selection/arrow_column_table.h
//
// The selection layer's Parquet input and output, in the Arrow module
// (module/arrow_module.h): a result file read into a ColumnTable (text,
// integer, float, boolean columns; dates and timestamps as "YYYY-MM-DD"
// text) and a ColumnTable written as Parquet (kDate as date32, kBool as
// boolean, kInt as int64, kFloat as float64, missing cells as nulls).
// Callers reach them through ArrowModule::Get() (report::ReadResultColumns
// and selection::WriteMatrixFile do).
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "selection/column_table.h"

namespace arrow {
class Table;
}

namespace orbit::selection {

// Errors: Error(kIo) when the file cannot be opened or decoded;
// Error(kBadInput) for a column type the selection layer cannot read.
ColumnTable ReadParquetColumnsWithArrow(const std::string& path);

// The same decoding for a table already in memory (Python hands result
// frames over through the Arrow C stream interface).
ColumnTable ColumnsFromArrowTable(const arrow::Table& table, const std::string& source_name);

// `table` as an Arrow table with the types above (the Python bindings hand
// it to pandas). With `keep_codes`, coded text columns become dictionary
// arrays (the Parquet writer stores them dictionary-encoded as they are);
// without, plain strings. With `borrow_storage`, text and float64 arrays
// borrow `table`'s memory and decoded texts live in *borrow_storage: both
// must outlive the result; without, the result owns its memory.
std::shared_ptr<arrow::Table> ColumnTableToArrow(const ColumnTable& table, bool keep_codes = false,
                                                 std::vector<TextCells>* borrow_storage = nullptr);

// Writes `source` as Parquet to `path`, atomically, one column at a time
// (one row group; coded text columns dictionary-encoded, the rest plain).
// Errors: Error(kIo).
void WriteParquetColumnsWithArrow(const ColumnSource& source, const std::string& path);

}  // namespace orbit::selection
