// src/selection/consolidation.h
//
// Spec §2: the result files concatenated in order, grouped into streams
// (instrument x session), de-duplicated (the last row of a key wins), sorted
// by (Date, raw Time text) and filtered to the stream ids the reference
// processes.
//
// Nothing is copied: the files stay as read, rows are numbered across them
// (file f's row i is row file_starts[f] + i), and each column of the
// concatenation (SourceColumn) names its part in every file and the type the
// concatenation gives it (pandas' rules: a column absent from a file is
// missing there, an integer column with missing cells becomes float, a
// column that is text in one file and numeric in another is text, its
// numbers written as the concatenation's type at the time it became text).
// The matrix reads only the rows streams select.
#pragma once

#include <algorithm>
#include <cstdint>
#include <limits>
#include <string>
#include <string_view>
#include <vector>

#include "selection/column_table.h"

namespace orbit::selection {

// What the reference drops without an error (KI-M19, KI-M21, KI-M27, rows
// without an instrument): reported as warnings, or as errors with --strict.
struct Diagnostics {
  bool strict = false;
  std::vector<std::string> warnings;
  // Records a warning; with `strict`, throws Error(kBadInput) with it instead.
  void Warn(const std::string& message);
};

struct StreamRows {
  std::string id;              // "ES1"
  int session = 1;             // 1 (S1) or 2 (S2): the Session of the first row (§3)
  std::vector<uint32_t> rows;  // rows (numbered across the files) in §2.4 order
};

// How §7's statistics read a Result: upper(strip(r)) is WIN, LOSS, BE or
// BREAKEVEN, TIME, NOTRADE, or anything else ('' for a missing one).
enum class ResultKind : uint8_t { kWin, kLoss, kBe, kTime, kNoTrade, kOther };
ResultKind ResultKindOf(std::string_view result);

// One row of one file.
struct RowRef {
  uint32_t file = 0;
  uint32_t row = 0;
};

// A column of the concatenated files (§2.1).
struct SourceColumn {
  std::string name;
  ColumnType type = ColumnType::kFloat;  // in the concatenation
  std::vector<int> part;                 // per file: its column index, or -1 (absent: missing cells)
  std::vector<ColumnType> text_as;       // per file, when type is kText: how a numeric part reads as text
};

struct Consolidated {
  std::vector<ColumnTable> files;    // as read (a file's SL column renamed StopLoss, or dropped beside one)
  std::vector<uint32_t> file_starts;  // row number of each file's first row
  std::vector<SourceColumn> columns;  // first-appearance order across the files
  std::vector<int32_t> dates;         // Date per row, days since 1970-01-01
  std::vector<int8_t> slots;          // slot index of norm(Time) per row (slots.h), or -1
  std::vector<int8_t> scores;         // score(Result) per row (§1.4): 1, -2 (LOSS), 0
  std::vector<ResultKind> kinds;      // ResultKindOf(Result) per row
  bool target_is_float = false;       // TargetIsFloat (§1.1)
  std::vector<StreamRows> streams;    // ascending id (code-point order)
  // Indices in `columns` (-1 when absent).
  int col_time = -1, col_result = -1, col_stream = -1, col_instrument = -1, col_session = -1;
  int col_target = -1, col_range = -1, col_profit = -1, col_entry_time = -1, col_exit_time = -1;
  int col_scf_s1 = -1, col_scf_s2 = -1;

  size_t rows() const { return dates.size(); }
  // Index in `columns` of the column named `name`, or -1.
  int Find(std::string_view name) const {
    for (size_t i = 0; i < columns.size(); ++i)
      if (columns[i].name == name) return static_cast<int>(i);
    return -1;
  }
  RowRef Ref(uint32_t row) const {
    size_t f = file_starts.size() - 1;
    if (f >= 16) {
      f = static_cast<size_t>(std::upper_bound(file_starts.begin(), file_starts.end(), row) - file_starts.begin()) - 1;
    } else {
      while (f > 0 && file_starts[f] > row) --f;  // a few files: a scan beats a binary search
    }
    return RowRef{static_cast<uint32_t>(f), row - file_starts[f]};
  }
  // The part of column `c` in `file`, or null.
  const TableColumn* Part(int c, uint32_t file) const {
    const int p = columns[c].part[file];
    return p < 0 ? nullptr : &files[file].columns[p];
  }
  bool IsMissing(int c, RowRef r) const {
    const TableColumn* part = Part(c, r.file);
    return !part || part->IsMissing(r.row);
  }
  // REQUIRES: columns[c].type != kText. NaN when missing.
  double Number(int c, RowRef r) const {
    const TableColumn* part = Part(c, r.file);
    return part ? part->number[r.row] : std::numeric_limits<double>::quiet_NaN();
  }
  // REQUIRES: columns[c].type == kText. '' when missing; a numeric part's cell
  // is formatted into `scratch`.
  std::string_view Text(int c, RowRef r, std::string& scratch) const;
};

// Applies §2 to `files` (in order; `names` name them in messages). Errors:
// Error(kBadInput) for a missing required column (Date, Time, Result,
// Instrument, Session), a Session other than S1/S2 or an unparseable Date,
// naming the file, row and value; warnings (or, strict, errors) through
// `diagnostics` for the dropped groups.
Consolidated Consolidate(std::vector<ColumnTable> files, const std::vector<std::string>& names,
                         Diagnostics& diagnostics);

}  // namespace orbit::selection
