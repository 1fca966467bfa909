// src/sweep/fast_exit.h
//
// A fast exact evaluator of strategy::ExecuteTrade for sweeps. For one entered
// trade it keeps the records of the running high and the running low over the
// trade's bars A (the bars where a new maximum / minimum is set); every
// first-passage question of the trade walk (first T1 bar, first target touch,
// first touch of the initial stop, the MFE before it) is then a binary search
// over those records, and the first break-even touch after the T1 bar walks
// the series' "next lower low" / "next higher high" chains.
//
// Exactness: the comparisons are the walk's own (high >= level, high - entry
// >= threshold, ...) on the same doubles; max(fl(h - e)) == fl(max(h) - e)
// because rounding is monotone. Cases the argument does not cover fall back to
// ExecuteTrade: time target mode, a NaN price in A, a bar of A at or after the
// expiry (sub-minute bars, KI-34), an immediate entry without bars, NaN levels.
// tests/sweep/fast_exit_test.cc checks the equality on random trades.
#pragma once

#include <cstdint>
#include <vector>

#include "core/bar_series.h"
#include "strategy/fixes.h"
#include "strategy/trade.h"

namespace orbit::sweep {

// Per bar series: next_lower[i] = first j > i with low[j] < low[i] (size() if
// none); next_higher likewise with high[j] > high[i]. NaN-free series only
// matter (trades over NaN bars fall back).
struct BarChains {
  std::vector<uint32_t> next_lower, next_higher;
};
BarChains BuildBarChains(const BarSeries& bars);

// One record of a running extreme: the bar and its price (high or low),
// stored together so a binary search reads one contiguous array.
struct PriceRecord {
  uint32_t bar = 0;
  double price = 0.0;
};

// Per trade: the bars A = [first, last) and the records.
struct FastExitIndex {
  bool eligible = false;
  uint32_t first = 0, last = 0;
  std::vector<PriceRecord> high_records;  // strictly rising running high
  std::vector<PriceRecord> low_records;   // strictly falling running low
};

// REQUIRES: setup.direction != kNone. Uses setup's direction, entry time,
// mfe_end, expiry and mode only (not the exit levels).
FastExitIndex BuildFastExitIndex(const BarSeries& bars, const strategy::TradeSetup& setup);

// ExecuteTrade(bars, setup, as_of_ns, fixes), when `index` is eligible and
// the levels are numbers; returns false (and leaves `out`) otherwise.
// REQUIRES: `index` was built for a setup with the same direction, entry,
// entry time, mfe_end, expiry and mode; `chains` for `bars`.
bool FastExecuteTrade(const BarSeries& bars, const BarChains& chains, const FastExitIndex& index,
                      const strategy::TradeSetup& setup, int64_t as_of_ns, const strategy::Fixes& fixes,
                      strategy::TradeOutcome* out);

// The first-passage answers of one trade that depend on one level each: the
// first target touch (target level), the first initial-stop touch and the
// best favourable record before it (stop0), the first T1 bar (threshold).
// Combinations evaluated one after another on the same trade mostly share
// these levels (the break-even offset is the grid's fastest axis), so a
// cache per trade answers them once. Start each trade with a fresh cache.
struct FirstTouchCache {
  bool has_target = false, has_stop = false, has_t1 = false;
  double target_level = 0, stop0 = 0, t1_threshold = 0;
  uint32_t a = 0, k = 0, t = 0;
  const PriceRecord* best = nullptr;
};

// FastExecuteTrade answering the level searches through `cache` (same result).
bool FastExecuteTrade(const BarSeries& bars, const BarChains& chains, const FastExitIndex& index,
                      const strategy::TradeSetup& setup, int64_t as_of_ns, const strategy::Fixes& fixes,
                      strategy::TradeOutcome* out, FirstTouchCache* cache);

}  // namespace orbit::sweep
