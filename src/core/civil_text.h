// src/core/civil_text.h
//
// Civil times as text, the one formatter every layer uses (fmt):
// "YYYY-MM-DD" and "YYYY-MM-DDTHH:MM:SS". Years are the engine's 1678..2261.
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

}  // namespace orbit
