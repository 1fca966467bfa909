#include "sweep/fast_exit.h"

#include <algorithm>
#include <cmath>

namespace orbit::sweep {

using strategy::Direction;
using strategy::ExitClock;
using strategy::Outcome;
using strategy::TradeOutcome;
using strategy::TradeSetup;

BarChains BuildBarChains(const BarSeries& bars) {
  const size_t n = bars.size();
  BarChains c;
  c.next_lower.assign(n, static_cast<uint32_t>(n));
  c.next_higher.assign(n, static_cast<uint32_t>(n));
  std::vector<uint32_t> stack;
  for (size_t i = n; i-- > 0;) {  // monotonic stack from the right
    while (!stack.empty() && !(bars.low[stack.back()] < bars.low[i])) stack.pop_back();
    c.next_lower[i] = stack.empty() ? static_cast<uint32_t>(n) : stack.back();
    stack.push_back(static_cast<uint32_t>(i));
  }
  stack.clear();
  for (size_t i = n; i-- > 0;) {
    while (!stack.empty() && !(bars.high[stack.back()] > bars.high[i])) stack.pop_back();
    c.next_higher[i] = stack.empty() ? static_cast<uint32_t>(n) : stack.back();
    stack.push_back(static_cast<uint32_t>(i));
  }
  return c;
}

FastExitIndex BuildFastExitIndex(const BarSeries& bars, const TradeSetup& s) {
  FastExitIndex x;
  const size_t first = bars.LowerBound(s.entry_time_ns);
  const size_t last = bars.LowerBoundFrom(first, s.mfe_end_ns);
  x.first = static_cast<uint32_t>(first);
  x.last = static_cast<uint32_t>(last);
  if (first >= last || s.mode != strategy::TargetMode::kFixed || bars.ts_ns[last - 1] >= s.expiry_ns) return x;
  for (size_t i = first; i < last; ++i) {
    const double h = bars.high[i], l = bars.low[i];
    if (std::isnan(h) || std::isnan(l) || std::isnan(bars.close[i])) {
      x.high_records.clear();
      x.low_records.clear();
      return x;
    }
    const auto bar = static_cast<uint32_t>(i);
    if (x.high_records.empty() || h > x.high_records.back().price) x.high_records.push_back({bar, h});
    if (x.low_records.empty() || l < x.low_records.back().price) x.low_records.push_back({bar, l});
  }
  x.high_records.shrink_to_fit();
  x.low_records.shrink_to_fit();
  x.eligible = true;
  return x;
}

namespace {

// The direction's view of prices: "favourable" records are the running high
// of a long (the running low of a short), "adverse" ones the other side. Every
// comparison is the walk's own (strategy/trade.cc) on the same doubles.
template <bool kLong>
struct Side {
  static double Favourable(double price, double entry) { return kLong ? price - entry : entry - price; }
  static bool ReachesTarget(double price, double target) { return kLong ? price >= target : price <= target; }
  static bool TouchesStop(double price, double stop) { return kLong ? price <= stop : price >= stop; }
  // The adverse price of bar i (its low for a long).
  static double Adverse(const BarSeries& bars, uint32_t i) { return kLong ? bars.low[i] : bars.high[i]; }
};

// Index of the first record r with pred(r), or records.size(). REQUIRES: pred
// is monotone (false...false true...true) along the records. Branch-free: the
// step is chosen arithmetically, so a search costs no mispredicted branches
// (sweeps run a few of these per trade and combination).
template <typename Pred>
size_t PartitionPoint(const std::vector<PriceRecord>& records, Pred pred) {
  size_t n = records.size();
  if (n == 0) return 0;
  const PriceRecord* base = records.data();
  // Invariant: the answer is in [base, base + n].
  while (n > 1) {
    const size_t half = n / 2;
    base += static_cast<size_t>(!pred(base[half])) * half;
    n -= half;
  }
  return static_cast<size_t>(base - records.data()) + static_cast<size_t>(!pred(*base));
}

// Bar of the first record whose price satisfies `pred`, or `none`.
template <typename Pred>
uint32_t FirstRecord(const std::vector<PriceRecord>& records, uint32_t none, Pred pred) {
  const size_t i = PartitionPoint(records, [&](const PriceRecord& r) { return pred(r.price); });
  return i == records.size() ? none : records[i].bar;
}

// The last record with bar < k, or nullptr.
const PriceRecord* LastRecordBefore(const std::vector<PriceRecord>& records, uint32_t k) {
  const size_t i = PartitionPoint(records, [&](const PriceRecord& r) { return r.bar >= k; });
  return i == 0 ? nullptr : &records[i - 1];
}

template <bool kLong>
void Execute(const BarSeries& bars, const BarChains& chains, const FastExitIndex& x, const TradeSetup& s,
             int64_t as_of_ns, const strategy::Fixes& fixes, TradeOutcome* result, FirstTouchCache& cache) {
  using S = Side<kLong>;
  const uint32_t first = x.first, last = x.last;
  const double entry = s.entry;
  const std::vector<PriceRecord>& fav_rec = kLong ? x.high_records : x.low_records;
  const std::vector<PriceRecord>& adv_rec = kLong ? x.low_records : x.high_records;

  if (!cache.has_t1 || cache.t1_threshold != s.t1_threshold) {
    cache.t = FirstRecord(fav_rec, last, [&](double p) { return S::Favourable(p, entry) >= s.t1_threshold; });
    cache.t1_threshold = s.t1_threshold;
    cache.has_t1 = true;
  }
  if (!cache.has_target || cache.target_level != s.target_level) {
    cache.a = FirstRecord(fav_rec, last, [&](double p) { return S::ReachesTarget(p, s.target_level); });
    cache.target_level = s.target_level;
    cache.has_target = true;
  }
  if (!cache.has_stop || cache.stop0 != s.stop0) {
    cache.k = FirstRecord(adv_rec, last, [&](double p) { return S::TouchesStop(p, s.stop0); });
    cache.best = LastRecordBefore(fav_rec, cache.k);
    cache.stop0 = s.stop0;
    cache.has_stop = true;
  }
  const uint32_t t = cache.t, a = cache.a, k = cache.k;

  // Written in place, every field but the excursion (never measured on this
  // path) reset to TradeOutcome's defaults: a fresh TradeOutcome per call
  // (zeroed and copied, 120 bytes) was 7 % of this function's cycles.
  TradeOutcome& out = *result;
  out.result = Outcome::kTime;
  out.exit_price = 0.0;
  out.exit_time_ns = 0;
  out.exit_clock = ExitClock::kNone;
  out.peak = 0.0;
  out.has_open_as_of = false;
  out.open_as_of_ns = 0;
  out.t1_triggered = false;
  out.bars_walked = 0;
  out.ambiguous = false;
  bool exited = false;
  auto exit_at = [&](uint32_t i, Outcome o, double price) {
    out.result = o;
    out.exit_price = price;
    out.exit_time_ns = bars.ts_ns[i];
    out.exit_clock = ExitClock::kLocal;
    exited = true;
  };
  auto both_hit_wins = [&](uint32_t i, double stop) {
    const double close = bars.close[i];
    return std::fabs(close - s.target_level) < std::fabs(close - stop);
  };
  // Phase 1: bars before the T1 bar, stop = stop0.
  const uint32_t e1 = std::min(a, k);
  if (e1 < t) {
    if (e1 == a && e1 == k) {
      if (both_hit_wins(e1, s.stop0)) exit_at(e1, Outcome::kWin, s.target_level);
      else exit_at(e1, Outcome::kLoss, s.stop0);
    } else if (e1 == a) {
      exit_at(e1, Outcome::kWin, s.target_level);
    } else {
      exit_at(e1, Outcome::kLoss, s.stop0);
    }
  } else if (t < last) {
    // The T1 bar: the stop is ignored (KI-14), so only the target exits.
    if (a == t) {
      exit_at(t, Outcome::kWin, s.target_level);
    } else {
      // Phase 3: after the T1 bar, stop = be_stop. First break-even touch
      // after t along the adverse chain, cut at the first target touch a.
      const std::vector<uint32_t>& next = kLong ? chains.next_lower : chains.next_higher;
      uint32_t b = t + 1;
      while (b < a && !S::TouchesStop(S::Adverse(bars, b), s.be_stop)) b = next[b];
      if (b < a) {
        exit_at(b, Outcome::kBE, s.be_stop);
      } else if (a < last) {
        if (S::TouchesStop(S::Adverse(bars, a), s.be_stop) && !both_hit_wins(a, s.be_stop))
          exit_at(a, Outcome::kBE, s.be_stop);
        else
          exit_at(a, Outcome::kWin, s.target_level);
      }
    }
  }

  // Peak: MFE over the bars before the first stop0 touch k.
  const PriceRecord* best = cache.best;
  const double mfe = k > first && best ? S::Favourable(best->price, entry) : 0.0;
  const double mfe_all = S::Favourable(fav_rec.back().price, entry);
  const bool fallback_applies = mfe == 0.0 && mfe_all > 0.0;
  const bool t1 = t < last && (!exited || bars.ts_ns[t] <= out.exit_time_ns);
  out.t1_triggered = t1;
  out.bars_walked = last - first;

  if (!exited) {
    if (s.expiry_ns > as_of_ns) {
      strategy::SettleOpen(bars, first, last, out);
      out.peak = strategy::SettledPeak(mfe, mfe_all, fallback_applies, /*open=*/true, fixes);
      return;
    }
    // Every bar of A is before the expiry, so the BE-scan covers all of A.
    const uint32_t be_touch = t1 && !fixes.be_scan_post_t1_only
                                  ? FirstRecord(adv_rec, last, [&](double p) { return S::TouchesStop(p, s.be_stop); })
                                  : last;
    if (be_touch < last) {
      strategy::SettleBreakEven(bars, s, be_touch, fixes, out);
    } else {
      out.result = Outcome::kTime;
      out.exit_time_ns = s.expiry_ns;
      out.exit_clock = ExitClock::kLocal;
      out.exit_price = bars.close[last - 1];
    }
  }
  out.peak = strategy::SettledPeak(mfe, mfe_all, fallback_applies, /*open=*/false, fixes);
}

}  // namespace

bool FastExecuteTrade(const BarSeries& bars, const BarChains& chains, const FastExitIndex& x, const TradeSetup& s,
                      int64_t as_of_ns, const strategy::Fixes& fixes, TradeOutcome* result, FirstTouchCache* cache) {
  if (!x.eligible || std::isnan(s.target_level) || std::isnan(s.stop0) || std::isnan(s.be_stop) ||
      std::isnan(s.t1_threshold) || std::isnan(s.entry))
    return false;
  if (s.direction == Direction::kLong) Execute<true>(bars, chains, x, s, as_of_ns, fixes, result, *cache);
  else Execute<false>(bars, chains, x, s, as_of_ns, fixes, result, *cache);
  return true;
}

bool FastExecuteTrade(const BarSeries& bars, const BarChains& chains, const FastExitIndex& x, const TradeSetup& s,
                      int64_t as_of_ns, const strategy::Fixes& fixes, TradeOutcome* result) {
  FirstTouchCache cache;
  return FastExecuteTrade(bars, chains, x, s, as_of_ns, fixes, result, &cache);
}

}  // namespace orbit::sweep
