#include "strategy/range_analysis.h"

#include <cmath>
#include <cstdio>
#include <string>

#include "core/error.h"
#include "strategy/entry.h"
#include "strategy/horizon.h"
#include "strategy/range_window.h"
#include "strategy/trade.h"

namespace orbit::strategy {
namespace {

double ProfitOf(const InstrumentSpec& spec, Direction dir, Outcome result, double entry, double exit,
                const Fixes& fixes) {
  switch (result) {
    case Outcome::kWin:
      return spec.target * spec.profit_scale;
    case Outcome::kBE:
      return fixes.scale_be_profit && spec.micro ? -spec.tick * spec.profit_scale : -spec.tick;
    case Outcome::kNoTrade:
      return 0.0;
    default: {
      const double pnl = dir == Direction::kLong ? exit - entry : entry - exit;
      return spec.micro ? pnl * 0.1 : pnl;
    }
  }
}

}  // namespace

RangeResult AnalyzeRange(const BarSeries& bars, const cctz::civil_day& date, const calendar::SlotSpec& slot,
                         const RangeContext& ctx) {
  RangeResult result;
  // KI-04 corrected: no range on a closed trading date, whatever stray bars it has.
  const calendar::ExchangeCalendar* exchange_calendar = ctx.Calendar();
  if (exchange_calendar != nullptr && exchange_calendar->IsClosed(date)) return result;
  const calendar::TimeZone& zone = *ctx.zone;
  const calendar::LocalTime start = calendar::Session(slot.session).start;
  const int64_t window_start = zone.ToInstant(date, start.hour, start.minute, 0);
  const int64_t slot_end = zone.ToInstant(date, slot.end.hour, slot.end.minute, 0);
  const size_t begin = bars.LowerBound(window_start);
  const size_t end = bars.LowerBoundFrom(begin, slot_end);
  if (begin == end) return result;
  result.range_exists = true;

  const InstrumentSpec& spec = ctx.instrument;
  const RangeValues range = MeasureRange(bars, begin, end);
  const BreakoutLevels levels = ComputeBreakoutLevels(range.high, range.low, spec.tick);
  const int64_t cutoff = EntryCutoff(zone, date, exchange_calendar);
  const EntryDecision entry = DetectEntry(bars, slot_end, cutoff, levels, range.freeze_close);

  TradeRow row;
  row.date = date;
  row.slot = slot;
  row.range = range.size;
  if (entry.direction == Direction::kNone) {
    if (ctx.write_no_trade_rows) result.row = row;
    return result;
  }

  const bool is_long = entry.direction == Direction::kLong;
  const double target = spec.target;
  const double cap = 3.0 * target;
  const double sl_pts = cap < range.size ? cap : range.size;  // keeps range_size on ties and NaN
  const Horizon horizon = ComputeHorizon(zone, date, slot, ctx.mode, ctx.fixes, exchange_calendar);
  TradeSetup setup;
  setup.direction = entry.direction;
  setup.entry = entry.price;
  setup.entry_time_ns = entry.entry_time_ns;
  setup.target_level = is_long ? entry.price + target : entry.price - target;
  setup.stop0 = is_long ? entry.price - sl_pts : entry.price + sl_pts;
  setup.be_stop = is_long ? entry.price - spec.tick : entry.price + spec.tick;
  setup.t1_threshold = target * 0.65;
  setup.expiry_ns = horizon.expiry_ns;
  setup.mfe_end_ns = horizon.mfe_end_ns;
  setup.mode = ctx.mode;
  setup.intrabar = ctx.intrabar;
  setup.measure_excursion = ctx.extended_columns;
  const TradeOutcome trade = ExecuteTrade(bars, setup, ctx.as_of_ns, ctx.fixes);
  if (trade.bars_walked == 0) {
    // Only an immediate entry (§4.2: NaN highs/lows, or prices near 2^53
    // ticks) can leave the trade without a single bar. The reference crashes
    // into its malformed-row path here (KI-10); the spec asks for an error.
    char when[64];
    std::snprintf(when, sizeof when, "%04d-%02d-%02d %s", static_cast<int>(date.year()), date.month(), date.day(),
                  std::string(slot.label).c_str());
    ThrowBadInput(std::string(spec.symbol) + " " + when +
                  ": immediate entry at the slot end with no bar at or after it, so the trade cannot be evaluated "
                  "(the reference fails here too, KI-10); check the prices of the range window");
  }

  row.result = trade.result;
  row.direction = entry.direction;
  row.has_entry = true;
  row.entry_time_ns = entry.entry_time_ns;
  row.exit_clock = trade.exit_clock;
  row.exit_time_ns = trade.exit_time_ns;
  row.entry_price = entry.price;
  row.exit_price = trade.exit_price;
  row.stop_loss = is_long ? entry.price - setup.stop0 : setup.stop0 - entry.price;
  row.peak = trade.peak;
  row.profit = ProfitOf(spec, entry.direction, trade.result, entry.price, trade.exit_price, ctx.fixes);
  row.has_open_as_of = trade.has_open_as_of;
  row.open_as_of_ns = trade.open_as_of_ns;
  row.ambiguous = trade.ambiguous;
  if (ctx.extended_columns) FillExtendedColumns(trade, row);
  result.row = row;
  return result;
}

}  // namespace orbit::strategy
