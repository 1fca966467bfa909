// src/selection/timetable.h
//
// The execution timetable of spec §8: for each of the 14 timetable streams,
// the slot it trades on session date D and whether it is enabled (and why
// not), from the master matrix and the filter map G (= F, the build's
// effective map; there is no configs/stream_filters.json overlay here).
#pragma once

#include <cstdint>
#include <string>

#include "selection/master_matrix.h"

namespace orbit::selection {

enum class TimetableMode { kLive, kHistorical };

struct TimetableOptions {
  int32_t session_date = 0;      // D, days since 1970-01-01
  TimetableMode mode = TimetableMode::kLive;
  bool pinned_clock = false;     // as_of and version_timestamp 1970-01-01T00:00:00+00:00 (the worked examples)
};

// The §8 document (json.dumps indent 2). Errors: Error(kBadInput) for a
// day-of-month filter entry that int() cannot convert (§8 step 4), naming
// the stream and the entry.
std::string TimetableJson(const Matrix& m, const TimetableOptions& options);

}  // namespace orbit::selection
