// src/selection/matrix_table.h
//
// The master matrix as columns (spec §4-§6): the canonical column order, with
// typed cells (dates as kDate, booleans as kBool, computed integers as kInt),
// ready for the canonical CSV (CsvText) or Parquet (the Arrow module).
#pragma once

#include <functional>
#include <string>
#include <vector>

#include "selection/column_table.h"
#include "selection/master_matrix.h"

namespace orbit::selection {

// The §6 columns of every row of `m` (global_trade_id counting from
// m.first_global_trade_id), planned at construction (names, types, which
// text columns are coded) and built one at a time on demand, so a writer
// holds one column at a time. `m` must outlive it.
// Errors (construction): Error(kBadInput) for an input column that carries
// the name of a column the matrix computes (§1.1).
class MatrixColumns final : public ColumnSource {
 public:
  explicit MatrixColumns(const Matrix& m);
  ~MatrixColumns() override;
  MatrixColumns(const MatrixColumns&) = delete;
  MatrixColumns& operator=(const MatrixColumns&) = delete;

  size_t rows() const override { return rows_; }
  size_t columns() const override;
  const std::string& name(size_t i) const override;
  ColumnType type(size_t i) const override;
  bool coded(size_t i) const override;
  TableColumn Build(size_t i) const override;

 private:
  struct Planned;
  const Matrix& m_;
  size_t rows_ = 0;
  std::vector<RowRef> refs_;  // the selected input row per matrix row (file UINT32_MAX: a stub)
  std::vector<Planned> plan_;
};

// Every column of MatrixColumns(m), built.
ColumnTable MatrixTable(const Matrix& m);
ColumnTable MatrixTable(const MatrixColumns& columns);

// The canonical CSV of §6: missing -> empty cell, dates YYYY-MM-DD, booleans
// True/False, integral numbers as integers, others in shortest round-trip
// form, strings verbatim (quoted only when they hold a comma, quote or line break).
std::string CsvText(const ColumnTable& table);

}  // namespace orbit::selection
