// src/calendar/time_zone.h
//
// TimeZone converts between instants (int64 nanoseconds since the Unix epoch,
// UTC) and the civil (wall-clock) time of one IANA zone, with the zone's full
// historical rule set (pre-2007 US DST included) from the system tz database.
//
// Thread safety: immutable after Load(); all methods are const and may run
// concurrently.
#pragma once

#include <cctz/civil_time.h>
#include <cctz/time_zone.h>

#include <cstdint>
#include <string>

namespace orbit::calendar {

inline constexpr int64_t kNanosPerSecond = 1'000'000'000;
inline constexpr int64_t kNanosPerMinute = 60 * kNanosPerSecond;
inline constexpr int64_t kNanosPerDay = 86'400 * kNanosPerSecond;

// Floor division, so instants before 1970 map to the right second.
inline int64_t FloorSeconds(int64_t utc_ns) {
  return utc_ns >= 0 ? utc_ns / kNanosPerSecond : -((-utc_ns + kNanosPerSecond - 1) / kNanosPerSecond);
}

class TimeZone {
 public:
  // Errors: Error(kUsage) when the tz database has no zone of that name.
  static TimeZone Load(const std::string& name);
  static const TimeZone& Chicago();  // America/Chicago, loaded once

  const std::string& name() const { return name_; }

  // The instant whose wall clock in this zone reads `local`.
  // For a repeated local time (fall back) the earlier instant; for a skipped
  // one (spring forward) the instant the clock would show had it not jumped.
  // Every local(...) the analyzer builds is unique (spec §0).
  int64_t ToInstant(const cctz::civil_second& local) const;
  int64_t ToInstant(const cctz::civil_day& day, int hour, int minute, int second) const {
    return ToInstant(cctz::civil_second(day.year(), day.month(), day.day(), hour, minute, second));
  }

  // Wall clock of `utc_ns`, truncated to the second.
  cctz::civil_second ToCivil(int64_t utc_ns) const;

  const cctz::time_zone& cctz_zone() const { return zone_; }

 private:
  std::string name_;
  cctz::time_zone zone_;
};

}  // namespace orbit::calendar
