// src/strategy/horizon.h
//
// A trade's time horizon (spec §5.2): the end of its bar window (mfe_end,
// exclusive) and its expiry instant. Fixed mode: one second before the same
// slot on the horizon date; time mode: the session start on that date.
#pragma once

#include <cctz/civil_time.h>

#include <cstdint>

#include "calendar/exchange_calendar.h"
#include "calendar/session.h"
#include "calendar/time_zone.h"
#include "strategy/fixes.h"
#include "strategy/run_params.h"

namespace orbit::strategy {

struct Horizon {
  int64_t mfe_end_ns;  // bars with ts < mfe_end belong to the trade
  int64_t expiry_ns;   // settlement instant (TIME/OPEN decision)
};

// `date` is the trading date D. The horizon date D' is the local date of
// local(D, 00:00) + N * 86400 s with N = 3 on Fridays else 1 (KI-03: on the
// Friday before the autumn change D' is the Sunday), or D + N calendar days
// with fixes.calendar_day_horizon. With an exchange calendar (KI-04 corrected)
// D' is the first date after D on which the exchange is open (a Thursday
// before Good Friday: the Monday), and KI-03 cannot arise.
// The horizon date D' alone, by the rules above.
cctz::civil_day HorizonDate(const calendar::TimeZone& zone, const cctz::civil_day& date, const Fixes& fixes,
                            const calendar::ExchangeCalendar* exchange_calendar = nullptr);

Horizon ComputeHorizon(const calendar::TimeZone& zone, const cctz::civil_day& date, const calendar::SlotSpec& slot,
                       TargetMode mode, const Fixes& fixes,
                       const calendar::ExchangeCalendar* exchange_calendar = nullptr);

}  // namespace orbit::strategy
