// tests/support/bar_builder.h -- builds small bar series from Chicago wall-clock text.
#pragma once

#include <cctz/civil_time.h>

#include <string>

#include "calendar/time_zone.h"
#include "source/bar_columns.h"

namespace orbit::testing {

inline int64_t Chicago(int y, int mo, int d, int h, int mi, int s = 0) {
  return calendar::TimeZone::Chicago().ToInstant(cctz::civil_second(y, mo, d, h, mi, s));
}

struct BarBuilder {
  source::BarColumns bars;
  BarBuilder& Add(int64_t ts, double o, double h, double l, double c) {
    bars.Append(ts, o, h, l, c);
    return *this;
  }
};

}  // namespace orbit::testing
