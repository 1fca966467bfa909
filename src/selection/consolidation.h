// src/selection/consolidation.h
//
// Spec §2: the result files concatenated in order, grouped into streams
// (instrument x session), de-duplicated (the last row of a key wins), sorted
// by (Date, raw Time text) and filtered to the stream ids the reference
// processes. Rows are not copied: each stream lists its rows of the
// concatenated table.
#pragma once

#include <cstdint>
#include <string>
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
  std::vector<uint32_t> rows;  // rows of Consolidated::table in §2.4 order
};

struct Consolidated {
  ColumnTable table;             // every input row, files in order, as read (the matrix writes Stream = id, §2.6)
  std::vector<int32_t> dates;    // Date per row, days since 1970-01-01
  std::vector<int8_t> slots;     // slot index of norm(Time) per row (slots.h), or -1
  bool target_is_float = false;  // TargetIsFloat (§1.1)
  std::vector<StreamRows> streams;  // ascending id (code-point order)
  // Column indices in `table` (-1 when absent).
  int col_time = -1, col_result = -1, col_stream = -1, col_instrument = -1, col_session = -1;
  int col_target = -1, col_range = -1, col_profit = -1, col_entry_time = -1, col_exit_time = -1;
  int col_scf_s1 = -1, col_scf_s2 = -1;
};

// Concatenates `files` (in order; `names` name them in messages) and applies
// §2. Errors: Error(kBadInput) for a missing required column (Date, Time,
// Result, Instrument, Session), a Session other than S1/S2 or an unparseable
// Date, naming the file, row and value; warnings (or, strict, errors) through
// `diagnostics` for the dropped groups.
Consolidated Consolidate(std::vector<ColumnTable> files, const std::vector<std::string>& names,
                         Diagnostics& diagnostics);

}  // namespace orbit::selection
