// src/research/out_table.h
//
// A small column table for the research outputs (walk-forward windows, the
// stitched out-of-sample equity), written as CSV or Parquet by extension
// (.csv; anything else Parquet) through the Arrow module.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace orbit::research {

struct OutColumn {
  enum class Type { kText, kInt, kReal, kDate };  // kDate: days since 1970-01-01 in `ints`
  std::string name;
  Type type = Type::kReal;
  std::vector<std::string> text;
  std::vector<int64_t> ints;
  std::vector<double> reals;
  std::vector<bool> valid;  // empty: every value is valid; else false = null

  size_t size() const { return type == Type::kText ? text.size() : type == Type::kReal ? reals.size() : ints.size(); }
};

struct OutTable {
  std::vector<OutColumn> columns;
  size_t rows() const { return columns.empty() ? 0 : columns[0].size(); }
};

// Writes `table` to `path` atomically (a temporary beside it, renamed).
// Errors: Error(kIo) naming the file.
void WriteOutTable(const OutTable& table, const std::string& path);
void WriteOutTableWithArrow(const OutTable& table, const std::string& path);

}  // namespace orbit::research
