// src/selection/matrix_statistics.h
//
// The portfolio statistics of spec §7 over a master matrix: summary
// (sample counts, trade metrics, daily metrics, day counts) and per-stream,
// each with include_filtered_executed true and false, as the JSON document of
// the worked examples' expected_stats.json. Rounding is Python's round(x, n)
// on the binary value (correctly rounded decimal, ties to even).
#pragma once

#include <string>

#include "selection/master_matrix.h"

namespace orbit::selection {

// The §7 document (json.dumps indent 2). With m.fixes: KI-M12 (E in
// (trade_date, Stream) order, daily series by date), KI-M13 (drawdowns from 0),
// KI-M14 (Sortino over all days), KI-M07 ($/point).
std::string MatrixStatisticsJson(const Matrix& m);

// Python's round(x, digits) for finite x (x itself otherwise).
double PyRound(double x, int digits);

// numpy's pairwise summation of a contiguous float64 array.
double NumpySum(const double* values, size_t n);

}  // namespace orbit::selection
