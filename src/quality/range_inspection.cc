#include "quality/range_inspection.h"

namespace orbit::quality {

RangeInspection InspectRange(const BarSeries& bars, const cctz::civil_day& date, const calendar::SlotSpec& slot,
                             const strategy::RangeContext& ctx) {
  RangeInspection out;
  const calendar::TimeZone& zone = *ctx.zone;
  const calendar::LocalTime start = calendar::Session(slot.session).start;
  out.window_start_ns = zone.ToInstant(date, start.hour, start.minute, 0);
  out.slot_end_ns = zone.ToInstant(date, slot.end.hour, slot.end.minute, 0);
  out.entry_cutoff_ns = zone.ToInstant(date, calendar::kEntryCutoff.hour, calendar::kEntryCutoff.minute, 0);
  const size_t begin = bars.LowerBound(out.window_start_ns);
  const size_t end = bars.LowerBoundFrom(begin, out.slot_end_ns);
  if (begin == end) return out;
  out.range_exists = true;
  out.range = strategy::MeasureRange(bars, begin, end);
  out.levels = strategy::ComputeBreakoutLevels(out.range.high, out.range.low, ctx.instrument.tick);
  strategy::RangeContext with_no_trade = ctx;
  with_no_trade.write_no_trade_rows = true;
  out.row = strategy::AnalyzeRange(bars, date, slot, with_no_trade).row;
  return out;
}

}  // namespace orbit::quality
