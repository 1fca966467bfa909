// src/quality/bar_quality.h
//
// Data-quality checks over one instrument's bars as the readers return them
// (sorted, instants). Read-only: nothing is repaired or dropped; the checks
// report what they find, with up to `top` examples each:
//  * gaps: consecutive bars more than `gap_threshold_ns` apart (the reference's
//    V9 warning uses 10 minutes). A gap is "in trading hours" when every
//    minute strictly between the two bars lies inside CME Globex hours (see
//    InGlobexHours); gaps that span the daily break, a weekend or a closed
//    day are expected and counted apart.
//  * duplicate timestamps: bars whose timestamp equals the previous bar's.
//  * off-tick prices: a bar with an open/high/low/close that is not a multiple
//    of the instrument's tick (|p/tick - round(p/tick)| > 1e-6).
//  * OHLC violations: high < max(open, low, close) or low > min(open, close)
//    (V6, strict comparisons); bars with a NaN price are counted apart. The
//    readers reject V6 rows already unless NaN prices are accepted, so on
//    data that passed them this count is 0.
//  * bars outside session hours: bars whose Chicago wall clock lies outside
//    Globex hours.
//  * outliers: bars whose size max(high - low, |open - previous close|) is
//    more than `outlier_factor` times the median bar range (high - low over
//    all bars with finite prices); the previous close counts only when the
//    previous bar is at most `gap_threshold_ns` earlier. No outliers are
//    reported when the median range is 0.
//  * the highest highs and lowest lows (`top` each).
#pragma once

#include <cctz/civil_time.h>

#include <cstddef>
#include <cstdint>
#include <optional>
#include <vector>

#include "calendar/time_zone.h"
#include "core/bar_series.h"
#include "core/instrument.h"

namespace orbit::quality {

struct QualityOptions {
  int64_t gap_threshold_ns = 10 * calendar::kNanosPerMinute;
  double outlier_factor = 20.0;
  size_t top = 10;  // examples kept per check
};

struct BarRecord {
  int64_t ts_ns = 0;
  double open = 0.0, high = 0.0, low = 0.0, close = 0.0;
};

struct Gap {
  int64_t from_ns = 0;  // the bar before the gap
  int64_t to_ns = 0;    // the bar after it
  bool in_trading_hours = false;
};

struct Outlier {
  BarRecord bar;
  double size = 0.0;    // max(high - low, |open - previous close|)
  double ratio = 0.0;   // size / median range
};

struct QualityReport {
  size_t bars = 0;
  std::optional<int64_t> first_ns, last_ns;

  size_t gaps = 0;
  size_t gaps_in_trading_hours = 0;
  std::vector<Gap> largest_gaps;            // longest first (ties: earlier first)

  size_t duplicate_timestamps = 0;
  std::vector<int64_t> duplicate_examples;  // distinct timestamps, in time order

  size_t off_tick_bars = 0;
  std::vector<BarRecord> off_tick_examples;  // in time order

  size_t ohlc_violations = 0;
  std::vector<BarRecord> ohlc_examples;
  size_t nan_price_bars = 0;

  size_t outside_hours = 0;
  std::vector<BarRecord> outside_hours_examples;

  double median_range = 0.0;
  size_t outliers = 0;
  std::vector<Outlier> outlier_examples;     // largest ratio first

  std::vector<BarRecord> highest_highs;      // highest first
  std::vector<BarRecord> lowest_lows;        // lowest first
};

// CME Globex hours on the Chicago wall clock: Sunday 17:00 to Friday 16:00,
// closed daily 16:00-17:00. Exchange holidays are not modelled (a closed
// holiday shows up as a gap in trading hours).
bool InGlobexHours(const cctz::civil_second& chicago_local);

// Runs every check. `chicago` is the America/Chicago zone. Never throws.
QualityReport CheckBarQuality(const BarSeries& bars, const InstrumentSpec& instrument,
                              const calendar::TimeZone& chicago, const QualityOptions& options);

}  // namespace orbit::quality
