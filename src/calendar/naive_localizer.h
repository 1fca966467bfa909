// src/calendar/naive_localizer.h
//
// NaiveLocalizer turns naive wall-clock timestamps (as read from a file with
// no zone) into instants, for one zone, fast: the UTC offset is cached for the
// span of wall-clock time between two transitions, so sorted input costs one
// tz lookup per DST period instead of one per row.
//
// Wall-clock times that occur twice (autumn fall-back hour) are resolved like
// pandas' ambiguous="infer" does for sorted data: the first pass through the
// hour is DST, and a reading that steps back in wall-clock time inside the
// hour starts the standard-time pass. Times that never occur (spring-forward
// gap) are rejected: such a bar cannot come from a real exchange feed.
//
// Thread safety: not thread-safe (holds the cache and the previous reading).
#pragma once

#include <cstdint>
#include <optional>
#include <string>

#include "calendar/time_zone.h"

namespace orbit::calendar {

class NaiveLocalizer {
 public:
  explicit NaiveLocalizer(const TimeZone& zone) : zone_(&zone) {}

  // `wall_ns` = nanoseconds since 1970-01-01 00:00 of the wall clock (what a
  // zone-less Arrow timestamp holds). Returns the instant, or nullopt when the
  // wall time does not exist in the zone.
  // Inline for the cached span: called once per naive row.
  std::optional<int64_t> ToInstant(int64_t wall_ns) {
    const int64_t previous = previous_wall_ns_;
    previous_wall_ns_ = wall_ns;
    if (wall_ns >= cache_lo_ns_ && wall_ns < cache_hi_ns_) return wall_ns - offset_ns_;
    return Lookup(wall_ns, previous);
  }

  // Readings that fell in a repeated (fall-back) hour, and how many of them
  // arrived out of time order, so that row order (not time) decided which
  // pass of the hour they belong to: a reading entering the hour from a later
  // wall time, or a second step back inside it. Sorted input has none.
  int64_t ambiguous_readings() const { return ambiguous_readings_; }
  int64_t disordered_ambiguous_readings() const { return disordered_ambiguous_readings_; }
  // The wall time of the first disordered reading (ns, as given).
  int64_t first_disordered_wall_ns() const { return first_disordered_wall_ns_; }

 private:
  std::optional<int64_t> Lookup(int64_t wall_ns, int64_t previous_wall_ns);

  const TimeZone* zone_;
  // Wall clock (ns) [lo, hi) where the offset is unique and equals offset_ns_;
  // empty at first.
  int64_t cache_lo_ns_ = 1;
  int64_t cache_hi_ns_ = 0;
  int64_t offset_ns_ = 0;
  // Last ambiguous reading and whether we already passed into standard time.
  int64_t last_wall_s_ = INT64_MIN;
  bool in_second_pass_ = false;
  int64_t previous_wall_ns_ = INT64_MIN;
  int64_t ambiguous_readings_ = 0;
  int64_t disordered_ambiguous_readings_ = 0;
  int64_t first_disordered_wall_ns_ = 0;
};

}  // namespace orbit::calendar
