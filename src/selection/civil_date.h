// src/selection/civil_date.h
//
// Calendar dates as day numbers (days since 1970-01-01, proleptic Gregorian),
// the selection layer's date type: cheap to sort, compare and subtract.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "core/civil_days.h"

namespace orbit::selection {

// Days since 1970-01-01 of y-m-d, and back (core/civil_days.h), with the
// selection layer's int32 day numbers.
constexpr int32_t DaysFromCivil(int y, unsigned m, unsigned d) {
  return static_cast<int32_t>(orbit::DaysFromCivil(y, m, d));
}

struct CivilDate {
  int year;
  unsigned month, day;
};

constexpr CivilDate CivilFromDays(int32_t z) {
  const CivilDay c = orbit::CivilFromDays(z);
  return {static_cast<int>(c.year), c.month, c.day};
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
