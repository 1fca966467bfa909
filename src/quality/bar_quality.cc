#include "quality/bar_quality.h"

#include <algorithm>
#include <cmath>

namespace orbit::quality {
namespace {

BarRecord RecordAt(const BarSeries& bars, size_t i) {
  return {bars.ts_ns[i], bars.open[i], bars.high[i], bars.low[i], bars.close[i]};
}

bool OnTick(double price, double tick) {
  const double q = price / tick;
  return std::fabs(q - std::nearbyint(q)) <= 1e-6;
}

bool HasNan(const BarRecord& b) {
  return std::isnan(b.open) || std::isnan(b.high) || std::isnan(b.low) || std::isnan(b.close);
}

// V6 with the reference's strict comparisons (equality is fine).
bool ViolatesOhlc(const BarRecord& b) {
  return b.high < b.low || b.high < b.open || b.high < b.close || b.low > b.open || b.low > b.close;
}

// Any interval longer than this holds a daily break or a weekend.
constexpr int64_t kLongestTradingStretchNs = 25 * 60 * calendar::kNanosPerMinute;

bool GapInTradingHours(int64_t from_ns, int64_t to_ns, const calendar::TimeZone& chicago) {
  if (to_ns - from_ns > kLongestTradingStretchNs) return false;
  for (int64_t t = from_ns + calendar::kNanosPerMinute; t < to_ns; t += calendar::kNanosPerMinute)
    if (!InGlobexHours(chicago.ToCivil(t))) return false;
  return true;
}

double Median(std::vector<double> values) {
  if (values.empty()) return 0.0;
  const size_t mid = values.size() / 2;
  std::nth_element(values.begin(), values.begin() + static_cast<std::ptrdiff_t>(mid), values.end());
  const double upper = values[mid];
  if (values.size() % 2 == 1) return upper;
  const double lower = *std::max_element(values.begin(), values.begin() + static_cast<std::ptrdiff_t>(mid));
  return (lower + upper) / 2.0;
}

// The first `top` bar indices by `before` (a strict weak order), stable for ties.
template <typename Less>
std::vector<BarRecord> TopBars(const BarSeries& bars, size_t top, Less before) {
  std::vector<size_t> index;
  for (size_t i = 0; i < bars.size(); ++i)
    if (!std::isnan(bars.high[i]) && !std::isnan(bars.low[i])) index.push_back(i);
  const size_t n = std::min(top, index.size());
  std::partial_sort(index.begin(), index.begin() + static_cast<std::ptrdiff_t>(n), index.end(),
                    [&](size_t a, size_t b) { return before(a, b) || (!before(b, a) && a < b); });
  std::vector<BarRecord> out;
  for (size_t k = 0; k < n; ++k) out.push_back(RecordAt(bars, index[k]));
  return out;
}

}  // namespace

bool InGlobexHours(const cctz::civil_second& local) {
  const cctz::weekday wd = cctz::get_weekday(cctz::civil_day(local));
  const int hhmm = local.hour() * 100 + local.minute();
  switch (wd) {
    case cctz::weekday::saturday: return false;
    case cctz::weekday::sunday: return hhmm >= 1700;
    case cctz::weekday::friday: return hhmm < 1600;
    default: return hhmm < 1600 || hhmm >= 1700;
  }
}

QualityReport CheckBarQuality(const BarSeries& bars, const InstrumentSpec& instrument,
                              const calendar::TimeZone& chicago, const QualityOptions& options) {
  QualityReport r;
  r.bars = bars.size();
  if (bars.empty()) return r;
  r.first_ns = bars.ts_ns.front();
  r.last_ns = bars.ts_ns.back();

  std::vector<Gap> gaps;
  std::vector<double> ranges;
  ranges.reserve(bars.size());
  for (size_t i = 0; i < bars.size(); ++i) {
    const BarRecord b = RecordAt(bars, i);
    if (i > 0) {
      const int64_t prev = bars.ts_ns[i - 1];
      if (b.ts_ns == prev) {
        ++r.duplicate_timestamps;
        if ((r.duplicate_examples.empty() || r.duplicate_examples.back() != b.ts_ns) &&
            r.duplicate_examples.size() < options.top)
          r.duplicate_examples.push_back(b.ts_ns);
      } else if (b.ts_ns - prev > options.gap_threshold_ns) {
        const bool trading = GapInTradingHours(prev, b.ts_ns, chicago);
        ++r.gaps;
        if (trading) ++r.gaps_in_trading_hours;
        gaps.push_back({prev, b.ts_ns, trading});
      }
    }
    if (HasNan(b)) {
      ++r.nan_price_bars;
    } else {
      ranges.push_back(b.high - b.low);
      if (ViolatesOhlc(b)) {
        ++r.ohlc_violations;
        if (r.ohlc_examples.size() < options.top) r.ohlc_examples.push_back(b);
      }
      if (!OnTick(b.open, instrument.tick) || !OnTick(b.high, instrument.tick) || !OnTick(b.low, instrument.tick) ||
          !OnTick(b.close, instrument.tick)) {
        ++r.off_tick_bars;
        if (r.off_tick_examples.size() < options.top) r.off_tick_examples.push_back(b);
      }
    }
    if (!InGlobexHours(chicago.ToCivil(b.ts_ns))) {
      ++r.outside_hours;
      if (r.outside_hours_examples.size() < options.top) r.outside_hours_examples.push_back(b);
    }
  }

  std::stable_sort(gaps.begin(), gaps.end(),
                   [](const Gap& a, const Gap& b) { return a.to_ns - a.from_ns > b.to_ns - b.from_ns; });
  if (gaps.size() > options.top) gaps.resize(options.top);
  r.largest_gaps = std::move(gaps);

  r.median_range = Median(std::move(ranges));
  if (r.median_range > 0.0) {
    std::vector<Outlier> outliers;
    for (size_t i = 0; i < bars.size(); ++i) {
      const BarRecord b = RecordAt(bars, i);
      if (HasNan(b)) continue;
      double size = b.high - b.low;
      if (i > 0 && bars.ts_ns[i] - bars.ts_ns[i - 1] <= options.gap_threshold_ns && !std::isnan(bars.close[i - 1]))
        size = std::max(size, std::fabs(b.open - bars.close[i - 1]));
      const double ratio = size / r.median_range;
      if (ratio > options.outlier_factor) outliers.push_back({b, size, ratio});
    }
    r.outliers = outliers.size();
    std::stable_sort(outliers.begin(), outliers.end(), [](const Outlier& a, const Outlier& b) { return a.ratio > b.ratio; });
    if (outliers.size() > options.top) outliers.resize(options.top);
    r.outlier_examples = std::move(outliers);
  }

  r.highest_highs = TopBars(bars, options.top, [&](size_t a, size_t b) { return bars.high[a] > bars.high[b]; });
  r.lowest_lows = TopBars(bars, options.top, [&](size_t a, size_t b) { return bars.low[a] < bars.low[b]; });
  return r;
}

}  // namespace orbit::quality
