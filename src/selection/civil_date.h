// src/selection/civil_date.h
//
// Calendar dates as day numbers (days since 1970-01-01, proleptic Gregorian),
// the selection layer's date type: cheap to sort, compare and subtract.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

namespace orbit::selection {

// Howard Hinnant's days_from_civil.
constexpr int32_t DaysFromCivil(int y, unsigned m, unsigned d) {
  y -= m <= 2;
  const int era = (y >= 0 ? y : y - 399) / 400;
  const unsigned yoe = static_cast<unsigned>(y - era * 400);
  const unsigned doy = (153 * (m > 2 ? m - 3 : m + 9) + 2) / 5 + d - 1;
  const unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + static_cast<int32_t>(doe) - 719468;
}

struct CivilDate {
  int year;
  unsigned month, day;
};

constexpr CivilDate CivilFromDays(int32_t z) {
  z += 719468;
  const int era = (z >= 0 ? z : z - 146096) / 146097;
  const unsigned doe = static_cast<unsigned>(z - era * 146097);
  const unsigned yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  const int y = static_cast<int>(yoe) + era * 400;
  const unsigned doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  const unsigned mp = (5 * doy + 2) / 153;
  const unsigned d = doy - (153 * mp + 2) / 5 + 1;
  const unsigned m = mp < 10 ? mp + 3 : mp - 9;
  return {y + (m <= 2), m, d};
}

// Monday = 0 ... Sunday = 6 (Python's date.weekday()).
constexpr int WeekdayIndex(int32_t days) { return static_cast<int>(((days % 7) + 7 + 3) % 7); }

const char* WeekdayName(int index);       // "Monday"
const char* WeekdayShortName(int index);  // "Mon"

// "YYYY-MM-DD", optionally followed by a time part ("2024-01-02 00:00:00",
// "2024-01-02T00:00:00"). Returns false for anything else or an invalid date.
bool ParseIsoDate(std::string_view text, int32_t& days);

// "YYYY-MM-DD".
std::string FormatIsoDate(int32_t days);
void AppendIsoDate(std::string& out, int32_t days);

}  // namespace orbit::selection
