#include "calendar/time_zone.h"

#include <chrono>

#include "core/error.h"

namespace orbit::calendar {

TimeZone TimeZone::Load(const std::string& name) {
  TimeZone tz;
  tz.name_ = name;
  if (!cctz::load_time_zone(name, &tz.zone_))
    ThrowUsage("unknown time zone '" + name + "' (not in the system tz database)");
  return tz;
}

const TimeZone& TimeZone::Chicago() {
  static const TimeZone kChicago = Load("America/Chicago");
  return kChicago;
}

int64_t TimeZone::ToInstant(const cctz::civil_second& local) const {
  const cctz::time_zone::civil_lookup lookup = zone_.lookup(local);
  const auto seconds = std::chrono::time_point_cast<std::chrono::seconds>(lookup.pre);
  return static_cast<int64_t>(seconds.time_since_epoch().count()) * kNanosPerSecond;
}

cctz::civil_second TimeZone::ToCivil(int64_t utc_ns) const {
  const auto tp = std::chrono::system_clock::time_point(std::chrono::seconds(FloorSeconds(utc_ns)));
  return cctz::convert(std::chrono::time_point_cast<std::chrono::seconds>(tp), zone_);
}

}  // namespace orbit::calendar
