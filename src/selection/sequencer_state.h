// src/selection/sequencer_state.h
//
// The sequencer's state per stream (spec §3.5): the slot in force, the
// session and the rolling histories (the last <= W scores of every slot of
// the stream's session). The full rebuild's final state is the checkpoint
// `orbit matrix --state-json` writes; `--resume` starts from one.
#pragma once

#include <cstdint>
#include <limits>
#include <string>
#include <vector>

#include "selection/json_value.h"
#include "selection/slots.h"

namespace orbit::selection {

struct StreamState {
  std::string id;
  int session = 1;    // current_session: 1 (S1) or 2 (S2)
  int current = -1;   // current_time as a slot index; -1 = '' (a stream with no selectable slot)
  std::vector<int> history[kSlotCount];  // oldest first; only the session's slots are used
};

struct SequencerState {
  static constexpr int32_t kNoDate = std::numeric_limits<int32_t>::min();
  int32_t checkpoint_date = kNoDate;  // the largest trade_date of the matrix
  std::vector<StreamState> streams;   // ascending id

  const StreamState* Find(const std::string& id) const;
};

// The §3.5 document, indented as the reference writes it (json.dumps, indent 2).
std::string SequencerStateJson(const SequencerState& state);

// Reads a §3.5 document. Errors: Error(kBadInput) naming `source` and the
// stream or field that is malformed.
SequencerState ParseSequencerState(const JsonValue& doc, const std::string& source);

}  // namespace orbit::selection
