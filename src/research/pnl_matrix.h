// src/research/pnl_matrix.h
//
// One SUMMARY group's daily P&L as a date x combination matrix (issue 24):
// rows = the union of the trading dates of the group's rows, ascending;
// columns = the combinations asked for, in the order given; a (date,
// combination) without a row is 0 (no closed trade that day).
#pragma once

#include <cstdint>
#include <span>
#include <vector>

#include "research/pnl_table.h"

namespace orbit::research {

struct PnlMatrix {
  std::vector<int32_t> dates;   // rows, ascending (days since 1970-01-01)
  std::vector<int64_t> combos;  // columns
  std::vector<double> pnl;      // column-major: pnl[c * rows() + t]
  std::vector<int32_t> trades;  // same layout; empty unless asked for

  size_t rows() const { return dates.size(); }
  size_t cols() const { return combos.size(); }
  std::span<const double> Column(size_t c) const { return {pnl.data() + c * rows(), rows()}; }
  std::span<const int32_t> TradesColumn(size_t c) const { return {trades.data() + c * rows(), rows()}; }
};

// Every combo id of the table, ascending: the columns of every group's matrix
// (a combination that never traded in a group is a column of zeros there).
std::vector<int64_t> CombosOf(const PnlTable& table);

// Group `g`'s matrix over `combos` (ascending, unique); rows of other combos
// are ignored. With `with_trades` the trade counts are kept too.
// Errors: Error(kBadInput) naming `source`, the group, combo and date when a
// (combo, date) occurs twice in the group.
PnlMatrix BuildMatrix(const PnlTable& table, uint32_t g, const std::vector<int64_t>& combos, bool with_trades,
                      const std::string& source);

}  // namespace orbit::research
