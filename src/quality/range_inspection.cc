#include "quality/range_inspection.h"

namespace orbit::quality {

RangeInspection InspectRange(const BarSeries& bars, const cctz::civil_day& date, const calendar::SlotSpec& slot,
                             const strategy::RunParams& params, const strategy::RangeContext& ctx) {
  RangeInspection out;
  const calendar::TimeZone& zone = *ctx.zone;
  const calendar::LocalTime start = strategy::RangeStartOf(params, slot.session);
  out.window_start_ns = zone.ToInstant(date, start.hour, start.minute, 0);
  out.slot_end_ns = zone.ToInstant(date, slot.end.hour, slot.end.minute, 0);
  // The run's cutoff: 16:00, or an early close of the run's exchange calendar.
  out.entry_cutoff_ns = strategy::EntryCutoff(zone, date, ctx.Calendar());
  const size_t begin = bars.LowerBound(out.window_start_ns);
  const size_t end = bars.LowerBoundFrom(begin, out.slot_end_ns);
  if (begin == end) return out;
  out.range_exists = true;
  out.range = strategy::MeasureRange(bars, begin, end);
  out.levels = strategy::ComputeBreakoutLevels(out.range.high, out.range.low, ctx.instrument.tick);
  strategy::RunParams with_no_trade = params;
  with_no_trade.write_no_trade_rows = true;
  const strategy::RangeResult result = strategy::AnalyzeRange(bars, date, slot, with_no_trade, ctx);
  out.range_exists = result.range_exists;  // false on a day the run's exchange calendar closes
  out.row = result.row;
  return out;
}

}  // namespace orbit::quality
