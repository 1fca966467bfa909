// src/source/bar_spacing.h
//
// BarSpacingCheck: Orbit analyses 1-minute bars. Bars of another spacing
// (5-minute or daily exports, seconds bars) or epoch timestamps read in the
// wrong unit (seconds read with --ts-unit ms are 60 ms apart and in 1970) run
// without any error but give empty or meaningless rows. The check keeps the
// first kSampleBars timestamps of each instrument (so it costs nothing on
// large inputs), sorts them, and warns
// when the most common gap is not one minute, naming the spacing it found; and
// when a timestamp read as an epoch integer falls before 1980, naming the unit
// that would put it in 1990-2100. It also keeps the first closes and warns
// when their median is implausible for the instrument (a price table of wide
// historical ranges, kPlausiblePrices: an NQ file read as ES, prices scaled
// by 100 or by 1e9 as Databento's fixed-point integers are).
//
// Thread safety: not thread-safe (one per read, fed on the reading thread).
#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <vector>

namespace orbit::source {

class BarSpacingCheck {
 public:
  // `epoch_unit_ns` > 0 when timestamps are epoch integers in that unit.
  explicit BarSpacingCheck(int64_t epoch_unit_ns = 0) : epoch_unit_ns_(epoch_unit_ns) {}

  static constexpr size_t kSampleBars = 20000;

  // Names the series (once per instrument).
  void Name(const void* series, const std::string& symbol) { series_[series].symbol = symbol; }
  // True while `series` still takes samples (called per row: the last
  // series is cached, so a full one costs a compare).
  bool Sampling(const void* series) {
    if (series != cached_series_) {
      cached_series_ = series;
      cached_ = &series_[series];
    }
    return cached_->sample.size() < kSampleBars;
  }
  // One bar of `series` at `instant_ns` closing at `close`, in input order.
  void Observe(const void* series, int64_t instant_ns, double close);

  // One warning per instrument whose bars are not 1 minute apart, and one for
  // epoch timestamps before 1980. Empty when everything looks like 1-minute bars.
  std::vector<std::string> Warnings() const;

 private:
  struct Series {
    std::string symbol;
    std::vector<int64_t> sample;  // the first kSampleBars instants, input order
    std::vector<double> closes;   // their closes
  };
  int64_t epoch_unit_ns_;
  std::map<const void*, Series> series_;
  const void* cached_series_ = nullptr;
  Series* cached_ = nullptr;  // map nodes are stable
  bool has_earliest_ = false;
  int64_t earliest_ns_ = 0;
};

}  // namespace orbit::source
