#include "calendar/naive_localizer.h"

#include <chrono>
#include <limits>

namespace orbit::calendar {
namespace {

int64_t ToSeconds(const std::chrono::system_clock::time_point& tp) {
  return std::chrono::duration_cast<std::chrono::seconds>(tp.time_since_epoch()).count();
}

cctz::civil_second CivilFromWallSeconds(int64_t wall_s) {
  return cctz::civil_second(1970, 1, 1, 0, 0, 0) + wall_s;
}

int64_t WallSecondsFromCivil(const cctz::civil_second& cs) { return cs - cctz::civil_second(1970, 1, 1, 0, 0, 0); }

}  // namespace

std::optional<int64_t> NaiveLocalizer::Lookup(int64_t wall_ns, int64_t previous_wall_ns) {
  const int64_t wall_s = FloorSeconds(wall_ns);
  const int64_t sub_ns = wall_ns - wall_s * kNanosPerSecond;
  const cctz::time_zone& tz = zone_->cctz_zone();
  const cctz::civil_second cs = CivilFromWallSeconds(wall_s);
  const cctz::time_zone::civil_lookup lookup = tz.lookup(cs);
  if (lookup.kind == cctz::time_zone::civil_lookup::SKIPPED) return std::nullopt;
  if (lookup.kind == cctz::time_zone::civil_lookup::REPEATED) {
    // Second pass once the wall clock steps back within the repeated hour.
    ++ambiguous_readings_;
    bool disordered = false;
    if (last_wall_s_ == INT64_MIN) {
      disordered = previous_wall_ns != INT64_MIN && previous_wall_ns > wall_ns;  // entered from a later time
    } else if (wall_s < last_wall_s_) {
      disordered = in_second_pass_;  // a second step back
      in_second_pass_ = true;
    }
    if (disordered && disordered_ambiguous_readings_++ == 0) first_disordered_wall_ns_ = wall_ns;
    last_wall_s_ = wall_s;
    const auto chosen = in_second_pass_ ? lookup.post : lookup.pre;
    return ToSeconds(std::chrono::time_point_cast<std::chrono::seconds>(chosen)) * kNanosPerSecond + sub_ns;
  }
  last_wall_s_ = INT64_MIN;
  in_second_pass_ = false;
  const int64_t utc_s = ToSeconds(std::chrono::time_point_cast<std::chrono::seconds>(lookup.pre));
  // Cache the unique stretch around this reading: from the previous
  // transition's later wall time to the next transition's earlier one.
  cctz::time_zone::civil_transition trans;
  const auto tp = std::chrono::time_point_cast<cctz::seconds>(lookup.pre);
  const int64_t hi_s =
      tz.next_transition(tp, &trans) ? WallSecondsFromCivil(std::min(trans.from, trans.to)) : INT64_MAX;
  const int64_t lo_s = tz.prev_transition(tp + cctz::seconds(1), &trans)
                           ? WallSecondsFromCivil(std::max(trans.from, trans.to))
                           : INT64_MIN;
  if (wall_s >= lo_s && wall_s < hi_s) {  // defensive: never cache a wrong span
    // wall_s in [lo, hi) <=> wall_ns in [lo * 1e9, hi * 1e9), saturated.
    auto nanos = [](int64_t s) {
      constexpr int64_t kMax = std::numeric_limits<int64_t>::max(), kMin = std::numeric_limits<int64_t>::min();
      return s > kMax / kNanosPerSecond ? kMax : s < kMin / kNanosPerSecond ? kMin : s * kNanosPerSecond;
    };
    cache_lo_ns_ = nanos(lo_s);
    cache_hi_ns_ = nanos(hi_s);
    offset_ns_ = (wall_s - utc_s) * kNanosPerSecond;
  } else {
    cache_lo_ns_ = 1;
    cache_hi_ns_ = 0;
  }
  return utc_s * kNanosPerSecond + sub_ns;
}

}  // namespace orbit::calendar
