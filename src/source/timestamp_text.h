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

#include <cstddef>
#include <cstdint>
#include <cstring>
#include <string_view>

#include "source/decimal_text.h"

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

// Whether a[0..9] == b[0..9] (a date), without a library call.
inline bool SameTenBytes(const char* a, const char* b) {
  uint64_t x, y;
  uint16_t u, v;
  std::memcpy(&x, a, 8);
  std::memcpy(&y, b, 8);
  std::memcpy(&u, a + 8, 2);
  std::memcpy(&v, b + 8, 2);
  return x == y && u == v;
}

// The fast path of the overload above for the fixed layouts vendors write,
// "YYYY-MM-DD[T ]HH:MM:SS" then nothing, "Z", ".fffffffffZ" (Databento) or
// "+HH:MM"/"-HH:MM", and "YYYYMMDD HHMMSS" (NinjaTrader), when the date is
// the one `cache` holds. Returns false for any other text (the caller
// then calls the full parser); for every text it accepts, `out` is exactly
// what ParseTimestampText gives. Inline: the CSV scanner calls it once per
// row.
inline bool ParseCachedFixedTimestamp(const char* p, size_t size, const DateCache& cache, TextTime& out) {
  auto d = [p](int i) { return static_cast<unsigned>(p[i] - '0'); };
  if (size == 15 && cache.size == 8 && p[8] == ' ') {  // NinjaTrader: "YYYYMMDD HHMMSS", naive
    uint64_t date, cached;
    std::memcpy(&date, p, 8);
    std::memcpy(&cached, cache.text, 8);
    if (date != cached || d(9) > 9 || d(10) > 9 || d(11) > 9 || d(12) > 9 || d(13) > 9 || d(14) > 9) return false;
    const unsigned h = d(9) * 10 + d(10), mi = d(11) * 10 + d(12), s = d(13) * 10 + d(14);
    if (h > 23 || mi > 59 || s > 59) return false;
    out.ns = cache.midnight_ns + static_cast<int64_t>(h * 3600 + mi * 60 + s) * int64_t{1'000'000'000};
    out.zoned = false;
    return true;
  }
  if (size < 19 || cache.size != 10 || !SameTenBytes(p, cache.text)) return false;
  if (p[10] != 'T' && p[10] != ' ' && p[10] != 't') return false;
  // "HH:MM:SS" as one 64-bit word (byte i = character i).
  uint64_t clock;
  std::memcpy(&clock, p + 11, 8);
  constexpr uint64_t kColons = 0x00003A00003A0000;  // ':' at bytes 2 and 5
  if ((clock & 0x0000FF0000FF0000) != kColons) return false;
  const uint64_t digits = clock ^ (kColons ^ 0x0000300000300000);  // the colons become '0'
  if (!AllEightDigits(digits)) return false;
  // Byte k of `pairs` = 10 * digit k + digit k+1: the hour at byte 0, minute at 3, second at 6.
  const uint64_t values = digits - 0x3030303030303030;
  const uint64_t pairs = values * 10 + (values >> 8);
  const unsigned h = pairs & 0xFF, mi = (pairs >> 24) & 0xFF, s = (pairs >> 48) & 0xFF;
  if (h > 23 || mi > 59 || s > 59) return false;
  int64_t ns = cache.midnight_ns + static_cast<int64_t>(h * 3600 + mi * 60 + s) * int64_t{1'000'000'000};
  if (size == 19) {
    out.ns = ns;
    out.zoned = false;
    return true;
  }
  if (size == 20 && (p[19] == 'Z' || p[19] == 'z')) {
    out.ns = ns;
    out.zoned = true;
    return true;
  }
  if (size == 30 && p[19] == '.' && (p[29] == 'Z' || p[29] == 'z')) {  // Databento: nanoseconds, UTC
    uint64_t fraction;
    std::memcpy(&fraction, p + 20, 8);
    if (!AllEightDigits(fraction) || d(28) > 9) return false;
    out.ns = ns + static_cast<int64_t>(EightDigitsValue(fraction - 0x3030303030303030)) * 10 + d(28);
    out.zoned = true;
    return true;
  }
  if (size != 25 || (p[19] != '+' && p[19] != '-') || p[22] != ':' || d(20) > 9 || d(21) > 9 || d(23) > 9 ||
      d(24) > 9)
    return false;
  const unsigned oh = d(20) * 10 + d(21), om = d(23) * 10 + d(24);
  if (oh > 23 || om > 59) return false;
  const int64_t offset = static_cast<int64_t>(oh * 3600 + om * 60) * int64_t{1'000'000'000};
  out.ns = p[19] == '-' ? ns + offset : ns - offset;
  out.zoned = true;
  return true;
}

// A date alone (-> wall-clock midnight) and a time of day alone (-> nanoseconds
// since midnight; a zone designator makes `zoned` true and folds the offset in,
// so date + time gives the instant).
TextTimeStatus ParseDateText(std::string_view text, int64_t& midnight_ns);
TextTimeStatus ParseTimeOfDayText(std::string_view text, TextTime& out);

// An epoch integer in units of `unit_ns` nanoseconds (optional '-').
TextTimeStatus ParseEpochText(std::string_view text, int64_t unit_ns, int64_t& ns);

}  // namespace orbit::source
