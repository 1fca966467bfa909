#include "strategy/trade.h"

#include <cmath>
#include <limits>

namespace orbit::strategy {
namespace {

// numpy's max over a set that contains a NaN is NaN (spec Appendix A).
inline void MaxPropagatingNaN(double& acc, double v) {
  if (!std::isnan(acc) && !(v <= acc)) acc = v;
}

// Running MAE/MFE from the entry bar on (TradeExcursion's rules).
struct ExcursionTracker {
  double mae = 0.0, mfe = 0.0;
  int64_t mae_ns, mfe_ns;
  explicit ExcursionTracker(int64_t entry_ns) : mae_ns(entry_ns), mfe_ns(entry_ns) {}
  void Add(double adverse, double favourable, int64_t ts) {
    if (adverse > mae) {
      mae = adverse;
      mae_ns = ts;
    }
    if (favourable > mfe) {
      mfe = favourable;
      mfe_ns = ts;
    }
  }
  TradeExcursion Through(const BarSeries& bars, size_t first, size_t exit_bar) const {
    return {mae, mfe, mae_ns, mfe_ns, exit_bar - first + 1, bars.ts_ns[exit_bar]};
  }
};

// The entry bar's adverse move after the fill (TradeExcursion's rule).
double EntryBarAdverse(const BarSeries& bars, size_t i, const TradeSetup& s) {
  const bool is_long = s.direction == Direction::kLong;
  const double open = bars.open[i], high = bars.high[i], low = bars.low[i], close = bars.close[i];
  const double whole = is_long ? s.entry - low : high - s.entry;
  if (is_long ? open >= s.entry : open <= s.entry) return whole;  // filled at the open
  // The bar's path: O -> L -> H -> C when it closed at or above its open,
  // else O -> H -> L -> C. A Long fills on the way up: after the low when the
  // low comes first, so only the move to the close follows; before it
  // otherwise. A Short mirrors.
  const bool adverse_after_fill = is_long ? close < open : close > open;
  if (adverse_after_fill) return whole;
  const double to_close = is_long ? s.entry - close : close - s.entry;
  return to_close > 0 ? to_close : 0.0;
}

template <bool kMeasure>
TradeOutcome Walk(const BarSeries& bars, const TradeSetup& s, int64_t as_of_ns, const Fixes& fixes) {
  const bool is_long = s.direction == Direction::kLong;
  const size_t first = bars.LowerBound(s.entry_time_ns);
  const size_t last = bars.LowerBoundFrom(first, s.mfe_end_ns);  // A = [first, last)

  TradeOutcome out;
  bool exited = false;
  bool t1 = false;
  bool t1_prev = false;
  double stop = s.stop0;

  // Peak state: k = first bar touching stop0; mfe = max fav before k.
  bool stop0_touched = false;
  bool any_before_stop = false;
  double mfe_before_stop = -std::numeric_limits<double>::infinity();
  double mfe_all = -std::numeric_limits<double>::infinity();
  // BE-scan: first bar of A with ts <= expiry touching be_stop (§5.5 step 2).
  size_t be_touch = last;
  // Last bar of A with ts <= expiry (price of an in-loop expiry exit).
  size_t last_at_or_before_expiry = last;
  ExcursionTracker excursion(s.entry_time_ns);
  TradeExcursion at_be_touch;  // the excursion through be_touch
  auto finish_excursion = [&](size_t exit_bar) {
    if constexpr (kMeasure) out.excursion = excursion.Through(bars, first, exit_bar);
  };

  // BE-scan at settlement [KI-01, KI-02]: true when it turned the trade into BE.
  auto settle_by_be_scan = [&]() {
    if (!t1 || fixes.be_scan_post_t1_only || be_touch == last) return false;
    SettleBreakEven(bars, s, be_touch, fixes, out);
    if constexpr (kMeasure) out.excursion = at_be_touch;
    return true;
  };
  auto settle_expired = [&](size_t bar_idx) {
    if (settle_by_be_scan()) return;
    out.result = Outcome::kTime;
    out.exit_time_ns = s.expiry_ns;
    out.exit_clock = ExitClock::kLocal;
    const size_t priced = last_at_or_before_expiry != last ? last_at_or_before_expiry : bar_idx;
    out.exit_price = bars.close[priced];
    finish_excursion(bar_idx);
  };

  for (size_t i = first; i < last; ++i) {
    const int64_t ts = bars.ts_ns[i];
    const double high = bars.high[i];
    const double low = bars.low[i];
    const double fav = is_long ? high - s.entry : s.entry - low;

    MaxPropagatingNaN(mfe_all, fav);
    if (!stop0_touched) {
      if (is_long ? low <= s.stop0 : high >= s.stop0) {
        stop0_touched = true;
      } else {
        MaxPropagatingNaN(mfe_before_stop, fav);
        any_before_stop = true;
      }
    }
    if constexpr (kMeasure) {
      if (!exited) {
        const double adverse = i == first && s.fill_inside_entry_bar && ts == s.entry_time_ns
                                   ? EntryBarAdverse(bars, i, s)
                                   : (is_long ? s.entry - low : high - s.entry);
        excursion.Add(adverse, fav, ts);
      }
    }
    if (ts <= s.expiry_ns) {
      last_at_or_before_expiry = i;
      if (be_touch == last && (is_long ? low <= s.be_stop : high >= s.be_stop)) {
        be_touch = i;
        if constexpr (kMeasure) at_be_touch = excursion.Through(bars, first, i);
      }
    }

    if (!exited) {
      if (fixes.expiry_checked_first && ts >= s.expiry_ns) {
        settle_expired(i);
        exited = true;
      } else {
        if (!t1 && fav >= s.t1_threshold) {
          t1 = true;
          stop = s.be_stop;
        }
        const bool target_hit = is_long ? high >= s.target_level : low <= s.target_level;
        const bool stop_hit = is_long ? low <= stop : high >= stop;
        enum { kNoExit, kTarget, kStop } bar_exit = kNoExit;
        const bool t1_bar = t1 && !t1_prev;  // T1 first triggered on this bar
        bool initial_stop_exit = false;      // stop-first on the T1 bar through stop0
        const bool ambiguous_bar =
            target_hit && (stop_hit || (t1_bar && (is_long ? low <= s.stop0 : high >= s.stop0)));
        if (ambiguous_bar) {
          out.ambiguous = true;
          if (s.intrabar == IntrabarPolicy::kTargetFirst) {
            bar_exit = kTarget;
          } else if (s.intrabar == IntrabarPolicy::kStopFirst) {
            bar_exit = kStop;
            initial_stop_exit = t1_bar && (is_long ? low <= s.stop0 : high >= s.stop0);
          }
        }
        if (ambiguous_bar && s.intrabar != IntrabarPolicy::kReference) {
          // decided by the policy above
        } else if (stop_hit && t1_bar) {
          bar_exit = target_hit ? kTarget : kNoExit;  // stop ignored on the T1 bar (KI-14)
        } else if (target_hit && !stop_hit) {
          bar_exit = kTarget;
        } else if (stop_hit && !target_hit) {
          bar_exit = kStop;
        } else if (target_hit && stop_hit) {
          const double close = bars.close[i];
          bar_exit = std::fabs(close - s.target_level) < std::fabs(close - stop) ? kTarget : kStop;
        }
        if (bar_exit == kTarget && s.mode == TargetMode::kFixed) {
          out.result = Outcome::kWin;
          out.exit_price = s.target_level;
          out.exit_time_ns = ts;
          out.exit_clock = ExitClock::kLocal;
          exited = true;
          finish_excursion(i);
        } else if (bar_exit == kStop) {
          out.result = t1 && !initial_stop_exit ? Outcome::kBE : Outcome::kLoss;
          out.exit_price = initial_stop_exit ? s.stop0 : stop;
          out.exit_time_ns = ts;
          out.exit_clock = ExitClock::kLocal;
          exited = true;
          finish_excursion(i);
        } else {
          t1_prev = t1;
          if (ts >= s.expiry_ns) {  // only with sub-minute bars (KI-34)
            settle_expired(i);
            exited = true;
          }
        }
      }
    }
    // After the exit only Peak needs more bars: until stop0 is touched, and to
    // the end of A only if the zero-peak fallback may need mfe_all.
    if (exited && stop0_touched) {
      const double mfe = any_before_stop ? mfe_before_stop : 0.0;
      if (fixes.no_zero_peak_fallback || mfe != 0.0) break;
    }
  }

  const double mfe = any_before_stop ? mfe_before_stop : 0.0;
  const bool have_bars = first < last;
  const bool fallback_applies = mfe == 0.0 && have_bars && mfe_all > 0.0;
  out.t1_triggered = t1;
  out.bars_walked = last - first;

  if (!exited) {
    if (s.expiry_ns > as_of_ns) {
      SettleOpen(bars, first, last, out);
      if (have_bars) finish_excursion(last - 1);
      out.peak = SettledPeak(mfe, mfe_all, fallback_applies, /*open=*/true, fixes);
      return out;
    }
    if (!settle_by_be_scan()) {
      out.result = Outcome::kTime;
      out.exit_time_ns = s.expiry_ns;
      out.exit_clock = ExitClock::kLocal;
      if (have_bars) finish_excursion(last - 1);
      if (!have_bars) {
        out.exit_price = std::nan("");
      } else if (s.expiry_ns > bars.ts_ns[last - 1]) {
        out.exit_price = bars.close[last - 1];
      } else {
        out.exit_price = bars.close[bars.LowerBoundFrom(first, s.expiry_ns)];
      }
    }
  }
  out.peak = SettledPeak(mfe, mfe_all, fallback_applies, /*open=*/false, fixes);
  return out;
}

}  // namespace

void SettleOpen(const BarSeries& bars, size_t first, size_t last, TradeOutcome& out) {
  const bool have_bars = first < last;
  out.result = Outcome::kOpen;
  out.exit_clock = ExitClock::kNone;
  out.exit_price = have_bars ? bars.close[last - 1] : std::nan("");
  out.has_open_as_of = have_bars;
  out.open_as_of_ns = have_bars ? bars.ts_ns[last - 1] : 0;
}

void SettleBreakEven(const BarSeries& bars, const TradeSetup& s, size_t be_touch, const Fixes& fixes,
                     TradeOutcome& out) {
  out.result = Outcome::kBE;
  out.exit_price = s.be_stop;
  out.exit_time_ns = bars.ts_ns[be_touch];
  out.exit_clock = fixes.be_scan_local_time ? ExitClock::kLocal : ExitClock::kUtc;
}

double SettledPeak(double mfe_before_stop, double mfe_all, bool fallback_applies, bool open, const Fixes& fixes) {
  const bool fallback = !fixes.no_zero_peak_fallback && (!open || fixes.uniform_peak_rule);
  return fallback && fallback_applies ? mfe_all : mfe_before_stop;
}

TradeOutcome ExecuteTrade(const BarSeries& bars, const TradeSetup& setup, int64_t as_of_ns, const Fixes& fixes) {
  return setup.measure_excursion ? Walk<true>(bars, setup, as_of_ns, fixes) : Walk<false>(bars, setup, as_of_ns, fixes);
}

}  // namespace orbit::strategy
