// src/selection/master_matrix.h
//
// The master matrix (spec §3-§6): for every stream and data day, the slot the
// sequencer trades (a rolling 13-day score, switching only after a loss at the
// current slot to a strictly higher sum), the row it selects or a NoTrade
// stub, and the filter columns (`final_allowed`, `filter_reasons`).
//
// Rows hold indices and small codes; MatrixTable (matrix_table.h) turns them
// into the §6 columns. Cost: O(rows + days x slots) after the §2 sort.
//
// Thread safety: a plain value once built.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "selection/consolidation.h"
#include "selection/selection_fixes.h"
#include "selection/sequencer_state.h"
#include "selection/slots.h"
#include "selection/stream_filters.h"

namespace orbit::selection {

// Bits of MatrixRow::reasons, in the §5 reason order.
enum ReasonBits : uint8_t { kReasonScf = 1, kReasonDow = 2, kReasonDom = 4 };

struct MatrixRow {
  uint32_t stream = 0;   // index into Matrix::streams
  int32_t date = 0;      // data day d (= trade_date), days since 1970-01-01
  int64_t source = -1;   // the selected row of Matrix::input (numbered across its files), or -1 for a NoTrade stub (§3.2)
  int8_t slot = 0;       // Time: the slot in force (before the day's switch)
  int8_t time_change = -1;  // the next day's slot after a switch, or -1 ('')
  int8_t points[kSlotCount] = {};   // "<t> Points" (only the stream session's slots are set)
  int8_t rolling[kSlotCount] = {};  // "<t> Rolling"
  uint8_t reasons = 0;   // ReasonBits
  bool allowed = true;   // final_allowed
  double sl = 0.0;       // SL (§3.4)
  double pd = 0.0;       // ProfitDollars: Profit x the stream's $/point (0 for a stub or a missing Profit)
};

struct MatrixStream {
  std::string id;
  int session = 1;
  std::string dow_reason, dom_reason;  // "dow_filter(...)", "dom_filter(...)" of its filter entry
  double point_value = 50.0;  // value(Instrument) of §1.4 (every row of a stream has one Instrument text)
};

struct Matrix {
  Consolidated input;
  std::vector<MatrixStream> streams;  // ascending id; streams with rows, plus those of a resumed state
  std::vector<MatrixRow> rows;        // §6 order: Stream, then trade_date
  FilterMap filters;                  // the effective map F (§1.2)
  SelectionFixes fixes;
  bool session_has_rows[3] = {false, false, false};  // [1]: some S1 stream has rows; [2]: S2
  SequencerState final_state;         // §3.5
  int64_t first_global_trade_id = 1;  // global_trade_id of rows[0]
};

struct MatrixOptions {
  FilterMap filters;           // the parsed stream_filters.json (empty without one)
  SelectionFixes fixes;
  const SequencerState* resume = nullptr;  // continue from this state: only days after its checkpoint
};

// Builds the matrix. Errors: Error(kBadInput) when a day-of-week filter entry
// is a number (the reference's build fails, KI-M10; accepted with
// --fix KI-M10). Warnings (errors when strict) through `diagnostics` for a
// stream whose slots are all excluded (KI-M21) and resumed input rows on or
// before the checkpoint.
Matrix BuildMatrix(Consolidated input, MatrixOptions options, Diagnostics& diagnostics);

// value(inst) of §1.4 ($ per point; 50 for a missing instrument, !present);
// with `fixed` the KI-M07 correction.
double PointValue(std::string_view instrument, bool present, bool fixed);

// score(r) of §1.4 (up(r) without trimming): 1 for WIN, kLossScore for LOSS
// (the sequencer's loss test), 0 otherwise.
inline constexpr int kLossScore = -2;
int ScoreResult(std::string_view result);

}  // namespace orbit::selection
