// src/selection/matrix_table.h
//
// The master matrix as columns (spec §4-§6): the canonical column order, with
// typed cells (dates as kDate, booleans as kBool, computed integers as kInt),
// ready for the canonical CSV (CsvText) or Parquet (the Arrow module).
#pragma once

#include <string>

#include "selection/column_table.h"
#include "selection/master_matrix.h"

namespace orbit::selection {

// The §6 columns of every row of `m`, global_trade_id counting from
// m.first_global_trade_id. Errors: Error(kBadInput) for an input column that
// carries the name of a column the matrix computes (§1.1).
ColumnTable MatrixTable(const Matrix& m);

// The canonical CSV of §6: missing -> empty cell, dates YYYY-MM-DD, booleans
// True/False, integral numbers as integers, others in shortest round-trip
// form, strings verbatim (quoted only when they hold a comma, quote or line break).
std::string CsvText(const ColumnTable& table);

}  // namespace orbit::selection
