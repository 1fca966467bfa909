#include "engine/known_issues.h"

#include <fmt/format.h>

#include "calendar/time_zone.h"
#include "strategy/horizon.h"

namespace orbit::engine {

std::vector<KnownIssueCount> CountKnownIssues(const ResultTable& table, const strategy::Fixes& fixes,
                                              const calendar::ExchangeCalendar* exchange_calendar) {
  // With an exchange calendar the horizon is its next open day: neither arises.
  if (exchange_calendar != nullptr || fixes.exchange_calendar) return {};
  const calendar::TimeZone& chicago = calendar::TimeZone::Chicago();
  const calendar::ExchangeCalendar& cme = calendar::ExchangeCalendar::Cme();
  strategy::Fixes calendar_days = fixes;
  calendar_days.calendar_day_horizon = true;
  KnownIssueCount ki03{"KI-03", 0}, ki04{"KI-04", 0};
  for (const strategy::TradeRow& row : table.rows) {
    if (!row.has_entry) continue;  // NoTrade rows have no horizon
    const cctz::civil_day horizon = strategy::HorizonDate(chicago, row.date, fixes);
    if (!fixes.calendar_day_horizon && horizon != strategy::HorizonDate(chicago, row.date, calendar_days)) ++ki03.rows;
    const cctz::weekday day = cctz::get_weekday(horizon);
    const bool weekday = day != cctz::weekday::saturday && day != cctz::weekday::sunday;
    if (weekday && cme.IsClosed(horizon)) ++ki04.rows;
  }
  std::vector<KnownIssueCount> out;
  for (const KnownIssueCount& c : {ki03, ki04})
    if (c.rows > 0) out.push_back(c);
  return out;
}

std::string KnownIssueMessage(const KnownIssueCount& c) {
  const char* trades = c.rows == 1 ? "trade" : "trades";
  if (c.id == "KI-03")
    return fmt::format(
        "KI-03: {} {} entered on the Friday before the autumn DST change expire on the Sunday, as the reference "
        "does (Peak sees Friday's bars only); add --fix KI-03 to expire them on Monday",
        c.rows, trades);
  if (c.id == "KI-04")
    return fmt::format(
        "KI-04: {} {} expire on an exchange holiday (CME Globex closed), as the reference does; add --fix KI-04 "
        "(or --calendar cme) to expire them on the next open day",
        c.rows, trades);
  return fmt::format("{}: {} {}", c.id, c.rows, trades);
}

}  // namespace orbit::engine
