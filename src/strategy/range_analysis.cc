#include "strategy/range_analysis.h"
#include "core/civil_text.h"

#include <cmath>
#include <cstdio>
#include <string>

#include "core/error.h"
#include "strategy/range_window.h"
#include "strategy/trade.h"

namespace orbit::strategy {

double ProfitOf(const InstrumentSpec& spec, const ExitRule& rule, Direction dir, Outcome result, double entry,
                double exit, const Fixes& fixes) {
  switch (result) {
    case Outcome::kWin:
      return rule.target * spec.profit_scale;
    case Outcome::kBE: {
      // -1.0 * tick == -tick exactly, so the default offset keeps the reference's value.
      const double be_loss = static_cast<double>(-rule.be_offset_ticks) * spec.tick;
      return fixes.scale_be_profit && spec.micro ? be_loss * spec.profit_scale : be_loss;
    }
    case Outcome::kNoTrade:
      return 0.0;
    default: {
      const double pnl = dir == Direction::kLong ? exit - entry : entry - exit;
      return spec.micro ? pnl * 0.1 : pnl;
    }
  }
}

RangeEntry BuildRangeEntry(const BarSeries& bars, const cctz::civil_day& date, const calendar::SlotSpec& slot,
                           const RunParams& params, const RangeContext& ctx) {
  RangeEntry out;
  out.mode = params.target_mode;
  // KI-04 corrected: no range on a closed trading date, whatever stray bars it has.
  const calendar::ExchangeCalendar* exchange_calendar = ctx.Calendar();
  if (exchange_calendar != nullptr && exchange_calendar->IsClosed(date)) return out;
  const calendar::TimeZone& zone = *ctx.zone;
  const calendar::LocalTime start = RangeStartOf(params, slot.session);
  const int64_t window_start = zone.ToInstant(date, start.hour, start.minute, 0);
  const int64_t slot_end = zone.ToInstant(date, slot.end.hour, slot.end.minute, 0);
  const size_t begin = bars.LowerBound(window_start);
  const size_t end = bars.LowerBoundFrom(begin, slot_end);
  if (begin == end) return out;
  out.range_exists = true;

  const RangeValues range = MeasureRange(bars, begin, end);
  const BreakoutLevels levels = ComputeBreakoutLevels(range.high, range.low, ctx.instrument.tick);
  const int64_t cutoff = EntryCutoff(zone, date, exchange_calendar);
  out.entry = DetectEntry(bars, slot_end, cutoff, levels, range.freeze_close);
  out.no_trade_row.date = date;
  out.no_trade_row.slot = slot;
  out.no_trade_row.range = range.size;
  if (out.entry.direction != Direction::kNone)
    out.horizon = ComputeHorizon(zone, date, slot, params.target_mode, ctx.fixes, exchange_calendar);
  return out;
}

TradeSetup MakeTradeSetup(const RangeEntry& e, const ExitRule& rule, const RangeContext& ctx) {
  const double tick = ctx.instrument.tick;
  const bool is_long = e.entry.direction == Direction::kLong;
  const double price = e.entry.price;
  const double target = rule.target;
  const double cap = rule.stop_cap * target;
  const double range_size = e.no_trade_row.range;
  const double sl_pts = cap < range_size ? cap : range_size;  // keeps range_size on ties and NaN
  const double be_distance = static_cast<double>(rule.be_offset_ticks) * tick;  // 1 * tick == tick
  TradeSetup setup;
  setup.direction = e.entry.direction;
  setup.entry = price;
  setup.entry_time_ns = e.entry.entry_time_ns;
  setup.target_level = is_long ? price + target : price - target;
  setup.stop0 = is_long ? price - sl_pts : price + sl_pts;
  setup.be_stop = is_long ? price - be_distance : price + be_distance;
  setup.t1_threshold = target * rule.t1_fraction;
  setup.expiry_ns = e.horizon.expiry_ns;
  setup.mfe_end_ns = e.horizon.mfe_end_ns;
  setup.mode = e.mode;
  setup.intrabar = ctx.intrabar;
  setup.measure_excursion = ctx.extended_columns;
  setup.fill_inside_entry_bar = !e.entry.immediate;
  return setup;
}

TradeRow ExitTrade(const BarSeries& bars, const RangeEntry& e, const ExitRule& rule, const RangeContext& ctx) {
  const TradeSetup setup = MakeTradeSetup(e, rule, ctx);
  return TradeRowOf(e, setup, ExecuteTrade(bars, setup, ctx.as_of_ns, ctx.fixes), rule, ctx);
}

TradeRow TradeRowOf(const RangeEntry& e, const TradeSetup& setup, const TradeOutcome& trade, const ExitRule& rule,
                    const RangeContext& ctx) {
  const InstrumentSpec& spec = ctx.instrument;
  if (trade.bars_walked == 0) {
    // Only an immediate entry (§4.2: NaN highs/lows, or prices near 2^53
    // ticks) can leave the trade without a single bar. The reference crashes
    // into its malformed-row path here (KI-10); the spec asks for an error.
    const cctz::civil_day date = e.no_trade_row.date;
    ThrowBadInput(std::string(spec.symbol) + " " + DateText(date) + " " + std::string(e.no_trade_row.slot.label) +
                  ": immediate entry at the slot end with no bar at or after it, so the trade cannot be evaluated "
                  "(the reference fails here too, KI-10); check the prices of the range window");
  }
  const bool is_long = e.entry.direction == Direction::kLong;
  TradeRow row = e.no_trade_row;
  row.result = trade.result;
  row.direction = e.entry.direction;
  row.has_entry = true;
  row.entry_time_ns = e.entry.entry_time_ns;
  row.exit_clock = trade.exit_clock;
  row.exit_time_ns = trade.exit_time_ns;
  row.entry_price = e.entry.price;
  row.exit_price = trade.exit_price;
  row.stop_loss = is_long ? e.entry.price - setup.stop0 : setup.stop0 - e.entry.price;
  row.peak = trade.peak;
  row.profit = ProfitOf(spec, rule, e.entry.direction, trade.result, e.entry.price, trade.exit_price, ctx.fixes);
  row.has_open_as_of = trade.has_open_as_of;
  row.open_as_of_ns = trade.open_as_of_ns;
  row.ambiguous = trade.ambiguous;
  if (ctx.extended_columns) FillExtendedColumns(trade, row);
  return row;
}

RangeResult AnalyzeRange(const BarSeries& bars, const cctz::civil_day& date, const calendar::SlotSpec& slot,
                         const RunParams& params, const RangeContext& ctx) {
  const RangeEntry entry = BuildRangeEntry(bars, date, slot, params, ctx);
  RangeResult result;
  result.range_exists = entry.range_exists;
  if (!entry.range_exists) return result;
  if (entry.entry.direction == Direction::kNone) {
    if (params.write_no_trade_rows) result.row = entry.no_trade_row;
    return result;
  }
  result.row = ExitTrade(bars, entry, ResolveExitRule(params, ctx.instrument), ctx);
  return result;
}

}  // namespace orbit::strategy
