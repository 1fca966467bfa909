#include "strategy/horizon.h"

namespace orbit::strategy {

cctz::civil_day HorizonDate(const calendar::TimeZone& zone, const cctz::civil_day& date, const Fixes& fixes,
                            const calendar::ExchangeCalendar* exchange_calendar) {
  if (exchange_calendar != nullptr) return exchange_calendar->NextOpenDay(date);
  const int days = cctz::get_weekday(date) == cctz::weekday::friday ? 3 : 1;
  if (fixes.calendar_day_horizon) return date + days;
  const int64_t anchor = zone.ToInstant(date, 0, 0, 0);
  const int64_t shifted = anchor + days * calendar::kNanosPerDay;
  return cctz::civil_day(zone.ToCivil(shifted));
}

Horizon ComputeHorizon(const calendar::TimeZone& zone, const cctz::civil_day& date, const calendar::SlotSpec& slot,
                       TargetMode mode, const Fixes& fixes, const calendar::ExchangeCalendar* exchange_calendar) {
  const cctz::civil_day horizon_date = HorizonDate(zone, date, fixes, exchange_calendar);
  Horizon h;
  if (mode == TargetMode::kTime) {
    const calendar::LocalTime start = calendar::Session(slot.session).start;
    h.mfe_end_ns = zone.ToInstant(horizon_date, start.hour, start.minute, 0);
    h.expiry_ns = h.mfe_end_ns;
    return h;
  }
  h.mfe_end_ns = zone.ToInstant(horizon_date, slot.end.hour, slot.end.minute, 0);
  if (slot.end.minute > 0) {
    h.expiry_ns = zone.ToInstant(horizon_date, slot.end.hour, slot.end.minute - 1, 59);
  } else {
    h.expiry_ns = zone.ToInstant(horizon_date, slot.end.hour - 1, 59, 59);
  }
  return h;
}

}  // namespace orbit::strategy
