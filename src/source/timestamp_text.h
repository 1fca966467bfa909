// src/source/timestamp_text.h
//
// Parsing of bar timestamps written as text, in one pass and without
// allocation (the CSV scanner calls these once per row).
//
// Accepted text (whitespace around the value is ignored):
//   date       YYYY-MM-DD | YYYYMMDD | MM/DD/YYYY (month and day may be one digit)
//   time       HH | HH:MM | HH:MM:SS | HHMM | HHMMSS, seconds with an optional
//              fraction of 1 to 9 digits (nanoseconds)
//   zone       Z | +HH | +HH:MM | +HHMM (or '-')
//   timestamp  date [('T' | ' ') time [zone]]
// Years 1678..2261 (the range of int64 nanosecond instants).
#pragma once

#include <cstdint>
#include <string_view>

namespace orbit::source {

enum class TextTimeStatus {
  kOk,
  kMalformed,    // not one of the accepted forms, or an impossible date/time
  kOutOfRange,   // a valid date outside 1678..2261
};

struct TextTime {
  int64_t ns = 0;       // zoned: instant (UTC); naive: wall clock since 1970-01-01 00:00
  bool zoned = false;   // a zone designator was present
};

// A whole timestamp.
TextTimeStatus ParseTimestampText(std::string_view text, TextTime& out);

// The date part of the previous timestamp parsed with it: consecutive bars
// share their date, so most rows skip the date arithmetic.
struct DateCache {
  char text[16] = {};
  size_t size = 0;  // 0 = empty
  int64_t midnight_ns = 0;
};
TextTimeStatus ParseTimestampText(std::string_view text, TextTime& out, DateCache& cache);

// A date alone (-> wall-clock midnight) and a time of day alone (-> nanoseconds
// since midnight; a zone designator makes `zoned` true and folds the offset in,
// so date + time gives the instant).
TextTimeStatus ParseDateText(std::string_view text, int64_t& midnight_ns);
TextTimeStatus ParseTimeOfDayText(std::string_view text, TextTime& out);

// An epoch integer in units of `unit_ns` nanoseconds (optional '-').
TextTimeStatus ParseEpochText(std::string_view text, int64_t unit_ns, int64_t& ns);

// Days since 1970-01-01 of a proleptic Gregorian date (no range check).
int64_t DaysFromCivil(int64_t y, unsigned m, unsigned d);

}  // namespace orbit::source
