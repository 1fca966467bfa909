// src/core/civil_text.h
//
// Civil times as text, the one formatter every layer uses (fmt):
// "YYYY-MM-DD", "YYYY-MM-DDTHH:MM:SS" and clock times "HH:MM". Years are the engine's 1678..2261.
#pragma once

#include <cctz/civil_time.h>
#include <fmt/format.h>

#include <string>

namespace orbit {

inline std::string DateText(const cctz::civil_day& d) {
  return fmt::format("{:04d}-{:02d}-{:02d}", static_cast<int>(d.year()), d.month(), d.day());
}

inline std::string DateTimeText(const cctz::civil_second& t) {
  return fmt::format("{:04d}-{:02d}-{:02d}T{:02d}:{:02d}:{:02d}", static_cast<int>(t.year()), t.month(), t.day(),
                     t.hour(), t.minute(), t.second());
}

// A wall-clock time of day, "HH:MM" (slot labels, session starts).
inline std::string ClockText(int hour, int minute) { return fmt::format("{:02d}:{:02d}", hour, minute); }

}  // namespace orbit
