#include "source/bar_spacing.h"

#include <fmt/format.h>

#include <algorithm>
#include <chrono>
#include <cmath>

#include <cctz/time_zone.h>

namespace orbit::source {
namespace {

constexpr int64_t kSecond = 1'000'000'000;
constexpr int64_t kMinute = 60 * kSecond;
// A gap of 50 minutes or more is a session break, a weekend or a hole, not
// the spacing of the bars (daily bars are recognised by their 1-day gaps).
constexpr int64_t kBreak = 50 * kMinute;
constexpr int64_t kDay = 24 * 3600 * kSecond;

std::string Spacing(int64_t gap) {
  if (gap % kDay == 0) return gap == kDay ? "1 day (daily bars)" : fmt::format("{} days", gap / kDay);
  if (gap % kMinute == 0) return fmt::format("{} minutes", gap / kMinute);
  if (gap % kSecond == 0) return fmt::format("{} s", gap / kSecond);
  if (gap % 1'000'000 == 0) return fmt::format("{} ms", gap / 1'000'000);
  return fmt::format("{} ns", gap);
}

std::string UnitName(int64_t unit_ns) {
  switch (unit_ns) {
    case kSecond: return "s";
    case 1'000'000: return "ms";
    case 1'000: return "us";
    default: return "ns";
  }
}

// Wide historical ranges per instrument root (micros share their parent's):
// a median close outside is not a price of that instrument.
struct PriceRange {
  const char* symbol;
  double low, high;
};
constexpr PriceRange kPlausiblePrices[] = {
    {"ES", 300, 15000},  {"MES", 300, 15000}, {"NQ", 300, 60000},  {"MNQ", 300, 60000}, {"YM", 3000, 150000},
    {"MYM", 3000, 150000}, {"RTY", 100, 8000}, {"M2K", 100, 8000},  {"CL", -100, 500},   {"MCL", -100, 500},
    {"NG", 0.5, 100},     {"MNG", 0.5, 100},   {"GC", 200, 20000},  {"MGC", 200, 20000}};

std::string Utc(int64_t ns) {
  const auto tp = std::chrono::time_point<std::chrono::system_clock, std::chrono::seconds>(
      std::chrono::seconds(ns / kSecond - (ns % kSecond < 0 ? 1 : 0)));
  return cctz::format("%Y-%m-%dT%H:%M:%SZ", tp, cctz::utc_time_zone());
}

}  // namespace

void BarSpacingCheck::Observe(const void* series, int64_t instant_ns, double close) {
  if (!has_earliest_ || instant_ns < earliest_ns_) {
    has_earliest_ = true;
    earliest_ns_ = instant_ns;
  }
  Series& s = series == cached_series_ ? *cached_ : series_[series];
  if (s.sample.size() < kSampleBars) {
    s.sample.push_back(instant_ns);
    s.closes.push_back(close);
  }
}

std::vector<std::string> BarSpacingCheck::Warnings() const {
  std::vector<std::string> out;
  // 1980-01-01T00:00Z: before it, an epoch integer was read in too large a unit.
  constexpr int64_t k1980 = int64_t{315532800} * kSecond;
  if (epoch_unit_ns_ > 0 && has_earliest_ && earliest_ns_ < k1980) {
    std::string hint;
    const int64_t value = earliest_ns_ / epoch_unit_ns_;
    for (int64_t unit : {kSecond, int64_t{1'000'000}, int64_t{1'000}, int64_t{1}}) {
      if (unit <= epoch_unit_ns_) continue;
      // value * unit in 1990..2100?
      constexpr int64_t k1990 = int64_t{631152000} * kSecond;
      constexpr int64_t k2100 = int64_t{4102444800} * kSecond;
      if (value > 0 && value <= k2100 / unit && value * unit >= k1990) {
        hint = "; the values look like epoch " + UnitName(unit) + ": --ts-unit " + UnitName(unit);
        break;
      }
    }
    out.push_back("timestamps read as epoch " + UnitName(epoch_unit_ns_) + " (--ts-unit " + UnitName(epoch_unit_ns_) +
                  ") start at " + Utc(earliest_ns_) + ", before 1980" + hint);
  }
  for (const auto& [key, s] : series_) {
    if (!s.closes.empty()) {
      std::vector<double> closes;
      for (double c : s.closes)
        if (std::isfinite(c)) closes.push_back(c);
      for (const PriceRange& r : kPlausiblePrices) {
        if (s.symbol != r.symbol || closes.empty()) continue;
        std::nth_element(closes.begin(), closes.begin() + static_cast<std::ptrdiff_t>(closes.size() / 2), closes.end());
        const double median = closes[closes.size() / 2];
        if (median >= r.low && median <= r.high) break;
        std::string hint = median > r.high * 1e6 ? " (integers 1e9 times the price are Databento's fixed-point "
                                                   "prices: export with pretty_px, or read them with --format "
                                                   "databento, which scales them)"
                                                 : " (another instrument's file, or prices in other units?)";
        out.push_back(fmt::format("{}: the median close of the first bars, {}, is not a plausible {} price "
                                  "(expected {}..{}){}",
                                  s.symbol, median, s.symbol, r.low, r.high, hint));
        break;
      }
    }
    std::vector<int64_t> sorted = s.sample;
    std::sort(sorted.begin(), sorted.end());
    std::map<int64_t, size_t> counts;  // gap (ns) -> how many
    for (size_t i = 1; i < sorted.size(); ++i) {
      const int64_t gap = sorted[i] - sorted[i - 1];
      if (gap > 0 && (gap < kBreak || gap == 60 * kMinute || gap % kDay == 0)) ++counts[gap];
    }
    if (counts.empty()) continue;
    size_t sampled = 0;
    auto mode = counts.begin();
    for (auto it = counts.begin(); it != counts.end(); ++it) {
      sampled += it->second;
      if (it->second > mode->second) mode = it;
    }
    if (sampled < 10 || mode->first == kMinute) continue;
    const size_t one_minute = counts.count(kMinute) ? counts.at(kMinute) : 0;
    out.push_back(fmt::format(
        "{}: the bars are not 1-minute bars: the most common gap between consecutive bars is {} ({} of {} gaps "
        "sampled; 1 minute: {}); Orbit analyses 1-minute bars stamped at their open{}",
        s.symbol.empty() ? std::string("bars") : s.symbol, Spacing(mode->first), mode->second, sampled, one_minute,
        mode->first < kMinute && epoch_unit_ns_ > 0 ? " (check --ts-unit)" : ""));
  }
  return out;
}

}  // namespace orbit::source
