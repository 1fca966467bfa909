#include "gen/synthetic_bars.h"

#include <cmath>
#include <cstdio>

#include "calendar/time_zone.h"
#include "engine/trading_days.h"
#include "module/arrow_module.h"

namespace orbit::gen {
namespace {

using calendar::TimeZone;

// splitmix64: tiny, fast, and the same on every platform.
class Rng {
 public:
  explicit Rng(uint64_t seed) : state_(seed * 0x9E3779B97F4A7C15ull + 0x632BE59BD9B4E019ull) {}
  uint64_t Next() {
    uint64_t z = (state_ += 0x9E3779B97F4A7C15ull);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
    return z ^ (z >> 31);
  }
  double Uniform() { return static_cast<double>(Next() >> 11) * (1.0 / 9007199254740992.0); }
  // Approximately normal (sum of 4 uniforms), enough for a price path.
  double Normal() { return (Uniform() + Uniform() + Uniform() + Uniform() - 2.0) * 1.7320508075688772; }

 private:
  uint64_t state_;
};

cctz::civil_day NthWeekday(int year, int month, cctz::weekday wd, int n) {
  cctz::civil_day d(year, month, 1);
  while (cctz::get_weekday(d) != wd) d += 1;
  return d + 7 * (n - 1);
}

cctz::civil_day LastWeekday(int year, int month, cctz::weekday wd) {
  cctz::civil_day d = cctz::civil_day(year, month + 1, 1) - 1;
  while (cctz::get_weekday(d) != wd) d -= 1;
  return d;
}

cctz::civil_day Easter(int y) {  // anonymous Gregorian algorithm
  const int a = y % 19, b = y / 100, c = y % 100, d = b / 4, e = b % 4, f = (b + 8) / 25, g = (b - f + 1) / 3;
  const int h = (19 * a + b - d - g + 15) % 30, i = c / 4, k = c % 4, l = (32 + 2 * e + 2 * i - h - k) % 7;
  const int m = (a + 11 * h + 22 * l) / 451;
  const int month = (h + l - 7 * m + 114) / 31, day = ((h + l - 7 * m + 114) % 31) + 1;
  return cctz::civil_day(y, month, day);
}

cctz::civil_day Observed(cctz::civil_day d) {
  if (cctz::get_weekday(d) == cctz::weekday::saturday) return d - 1;
  if (cctz::get_weekday(d) == cctz::weekday::sunday) return d + 1;
  return d;
}

// Minutes after local midnight at which the session of calendar day `d` ends
// early (the regular end is 16:00 = 960); 0 = closed all day; -1 = regular.
int SessionEnd(const cctz::civil_day& d) {
  const int y = static_cast<int>(d.year());
  if (d == Easter(y) - 2 || d == Observed(cctz::civil_day(y, 12, 25)) || d == Observed(cctz::civil_day(y, 1, 1)))
    return 0;
  const cctz::civil_day early_noon[] = {
      NthWeekday(y, 1, cctz::weekday::monday, 3), NthWeekday(y, 2, cctz::weekday::monday, 3),
      LastWeekday(y, 5, cctz::weekday::monday),   Observed(cctz::civil_day(y, 7, 4)),
      NthWeekday(y, 9, cctz::weekday::monday, 1), NthWeekday(y, 11, cctz::weekday::thursday, 4),
  };
  for (const cctz::civil_day& h : early_noon)
    if (d == h) return 12 * 60;
  if (y >= 2022 && d == Observed(cctz::civil_day(y, 6, 19))) return 12 * 60;
  if (d == NthWeekday(y, 11, cctz::weekday::thursday, 4) + 1 || d == cctz::civil_day(y, 12, 24)) return 12 * 60 + 15;
  return -1;
}

// Relative volatility of a minute of the local day: busy around the 08:30
// cash open and 15:00, quiet overnight.
double VolatilityProfile(int minute_of_day) {
  const double h = minute_of_day / 60.0;
  double v = 0.35;
  if (h >= 2.0 && h < 8.5) v = 0.55;
  if (h >= 8.5 && h < 9.5) v = 1.6 - 0.6 * (h - 8.5);
  if (h >= 9.5 && h < 14.5) v = 0.8;
  if (h >= 14.5 && h < 16.0) v = 1.1;
  return v;
}

double TypicalPrice(const InstrumentSpec& s) {
  const std::string_view sym = s.symbol;
  if (sym == "NQ" || sym == "MNQ") return 15000.0;
  if (sym == "YM" || sym == "MYM") return 35000.0;
  if (sym == "CL" || sym == "MCL") return 75.0;
  if (sym == "NG" || sym == "MNG") return 3.0;
  if (sym == "GC" || sym == "MGC") return 2000.0;
  if (sym == "RTY" || sym == "M2K") return 2000.0;
  return 4500.0;
}

}  // namespace

uint64_t GenerateBars(const GenOptions& options, const std::function<void(const GeneratedBar&)>& sink) {
  const TimeZone& zone = TimeZone::Chicago();
  const InstrumentSpec& inst = options.instrument;
  Rng rng(options.seed);
  const double tick = inst.tick;
  const double inv_tick = std::nearbyint(1.0 / tick);
  // Per-minute standard deviation in ticks at profile 1.0, scaled so that an
  // ES day ranges ~40-60 points, proportionally for the others.
  const double base = options.start_price > 0 ? options.start_price : TypicalPrice(inst);
  int64_t price_ticks = static_cast<int64_t>(std::llround(base / tick));
  const double sigma_ticks = std::max(1.0, 0.00022 * base / tick);
  uint64_t count = 0;
  for (cctz::civil_day d = options.start; d <= options.end; d += 1) {
    const int wd = engine::WeekdayIndex(d);
    if (wd == 5) continue;  // Saturday: closed
    const int end_today = SessionEnd(d);
    // Minutes of calendar day d that trade: [0, 16:00) unless Sunday, plus
    // [17:00, 24:00) unless Friday/Saturday or the next day is closed.
    const bool next_closed = SessionEnd(d + 1) == 0 || wd == 4;
    double regime = 0.7 + 0.9 * rng.Uniform();  // some days quiet, some wild
    double drift = (rng.Uniform() - 0.5) * options.drift;  // the draw happens at every drift: same noise
    for (int minute = 0; minute < 24 * 60; ++minute) {
      const bool morning_part = minute < 16 * 60;
      if (morning_part) {
        if (wd == 6) continue;  // Sunday trades only from 17:00
        if (end_today == 0) continue;
        if (end_today > 0 && minute >= end_today) continue;
      } else {
        if (minute < 17 * 60 || next_closed) continue;
      }
      const double vol = VolatilityProfile(minute) * regime;
      const double miss_p = minute < 7 * 60 || minute >= 17 * 60 ? 0.03 : 0.002;
      if (rng.Uniform() < miss_p) {
        price_ticks += static_cast<int64_t>(std::llround(rng.Normal() * sigma_ticks * vol));
        continue;
      }
      const int64_t open = price_ticks;
      int64_t hi = open, lo = open, p = open;
      for (int step = 0; step < 4; ++step) {
        p += static_cast<int64_t>(std::llround((rng.Normal() + drift) * sigma_ticks * vol * 0.5));
        hi = std::max(hi, p);
        lo = std::min(lo, p);
      }
      price_ticks = std::max<int64_t>(p, 10);
      hi = std::max(hi, price_ticks);
      lo = std::max<int64_t>(std::min(lo, price_ticks), 1);
      GeneratedBar bar;
      bar.ts_ns = zone.ToInstant(d, minute / 60, minute % 60, 0);
      // ticks / (1/tick) is the nearest double to the decimal price, as a
      // price parsed from a vendor's text file would be.
      bar.open = static_cast<double>(open) / inv_tick;
      bar.high = static_cast<double>(hi) / inv_tick;
      bar.low = static_cast<double>(lo) / inv_tick;
      bar.close = static_cast<double>(price_ticks) / inv_tick;
      bar.volume = 1 + static_cast<int64_t>(rng.Uniform() * 400.0 * vol);
      sink(bar);
      ++count;
    }
  }
  return count;
}

uint64_t WriteSyntheticBars(const GenOptions& options, const std::string& path) {
  return ArrowModule::Get().write_synthetic_bars(options, path);
}

}  // namespace orbit::gen
