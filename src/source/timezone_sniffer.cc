#include "source/timezone_sniffer.h"

#include "core/civil_text.h"

#include <cstdio>

namespace orbit::source {
namespace {

constexpr const char* kCandidates[] = {
    "America/Chicago", "America/New_York", "America/Denver",   "America/Los_Angeles", "UTC",
    "Europe/London",   "Europe/Berlin",    "Asia/Tokyo",       "Asia/Hong_Kong",      "Asia/Singapore",
    "Australia/Sydney", "Asia/Kolkata",    "America/Sao_Paulo"};

// How many break ends, read as wall clock in `zone`, are 17:00 Chicago.
size_t Fits(const std::vector<cctz::civil_second>& walls, const calendar::TimeZone& zone) {
  const calendar::TimeZone& chicago = calendar::TimeZone::Chicago();
  size_t fits = 0;
  for (const cctz::civil_second& wall : walls) {
    const cctz::civil_second c = chicago.ToCivil(zone.ToInstant(wall));
    if (c.hour() == 17 && c.minute() == 0) ++fits;
  }
  return fits;
}

}  // namespace

std::string TimezoneSniffer::Verdict() const {
  if (break_ends_.size() < kMinBreaks) {
    if (observed_ == 0) return "";
    return "the input zone check could not decide: the naive timestamps show " + std::to_string(break_ends_.size()) +
           " session start" + (break_ends_.size() == 1 ? "" : "s") + " (the daily 17:00 America/Chicago reopening), " +
           std::to_string(kMinBreaks) + " are needed; make sure --input-tz (" + input_zone_.name() +
           ") is the zone of the file's clock";
  }
  std::vector<cctz::civil_second> walls;
  walls.reserve(break_ends_.size());
  for (int64_t t : break_ends_) walls.push_back(input_zone_.ToCivil(t));
  const size_t n = walls.size();
  if (Fits(walls, input_zone_) * 2 >= n) return "";
  std::string best;
  size_t best_fits = 0;
  for (const char* name : kCandidates) {
    if (name == input_zone_.name()) continue;
    const calendar::TimeZone zone = calendar::TimeZone::Load(name);
    const size_t fits = Fits(walls, zone);
    if (fits > best_fits) {
      best_fits = fits;
      best = name;
    }
  }
  // Where the breaks end in Chicago time as read now (the most common minute).
  std::string where;
  {
    int counts[24 * 60] = {};
    const calendar::TimeZone& chicago = calendar::TimeZone::Chicago();
    for (int64_t t : break_ends_) {
      const cctz::civil_second c = chicago.ToCivil(t);
      ++counts[c.hour() * 60 + c.minute()];
    }
    int m = 0;
    for (int k = 1; k < 24 * 60; ++k)
      if (counts[k] > counts[m]) m = k;
    where = ClockText(m / 60, m % 60);
  }
  std::string msg = "the daily 60-minute maintenance break of the bars ends at " + where +
                    " America/Chicago (expected 17:00) when their naive timestamps are read in " + input_zone_.name();
  if (best_fits * 2 > n) return "bars look like " + best + ": pass --input-tz " + best + " (" + msg + ")";
  return msg + "; check --input-tz";
}

}  // namespace orbit::source
