// src/source/timezone_sniffer.h
//
// TimezoneSniffer checks that naive timestamps were read in the right zone.
// CME Globex futures pause every trading day for 60 minutes, 16:00-17:00
// America/Chicago: bars stamped at their open show it as a gap of about an
// hour that ends at 17:00 Chicago. When most such gaps end elsewhere, the
// naive wall-clock readings were taken in the wrong --input-tz; Verdict()
// names the zone in which they would end at 17:00 Chicago.
//
// Thread safety: not thread-safe.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "calendar/time_zone.h"

namespace orbit::source {

class TimezoneSniffer {
 public:
  explicit TimezoneSniffer(const calendar::TimeZone& input_zone) : input_zone_(input_zone) {}

  // One bar of the series `series` (e.g. the instrument's columns), in input
  // order; `instant_ns` = its open read in the input zone.
  // Also counted: the weekly open (Friday 16:00 -> Sunday 17:00 Chicago, a
  // 49-hour gap), which also ends at 17:00 Chicago, so a week of bars (four
  // daily breaks and the open) can be judged.
  void Observe(const void* series, int64_t instant_ns) {
    ++observed_;
    if (series == last_series_) {
      const int64_t gap = instant_ns - last_instant_;
      if ((gap >= kMinGapNs && gap <= kMaxGapNs) || (gap >= kMinWeekendNs && gap <= kMaxWeekendNs))
        break_ends_.push_back(instant_ns);
    }
    last_series_ = series;
    last_instant_ = instant_ns;
  }

  // "" when the breaks fit, else the warning; when there are fewer than
  // kMinBreaks session starts to judge by (but naive bars were read), a note
  // that the check could not decide.
  std::string Verdict() const;

  static constexpr size_t kMinBreaks = 3;

 private:
  static constexpr int64_t kMinGapNs = int64_t{50} * 60 * 1'000'000'000;
  static constexpr int64_t kMaxGapNs = int64_t{3} * 3600 * 1'000'000'000;
  static constexpr int64_t kMinWeekendNs = int64_t{47} * 3600 * 1'000'000'000;
  static constexpr int64_t kMaxWeekendNs = int64_t{51} * 3600 * 1'000'000'000;
  int64_t observed_ = 0;
  const calendar::TimeZone& input_zone_;
  const void* last_series_ = nullptr;
  int64_t last_instant_ = 0;
  std::vector<int64_t> break_ends_;
};

}  // namespace orbit::source
