// src/engine/known_issues.h
//
// Reference behaviours (known issues, spec §8.1) that decided rows of a
// finished result, counted so that a run announces each once, with the rows
// affected and the --fix that corrects it. Only what a result shows is
// counted here; the option-level ones (KI-21, KI-23) are announced by the
// option parser (src/api/run_options.cc).
//  * KI-03: trades whose reference horizon date (spec §5.2) is not D + N
//    calendar days: entered on the Friday before the autumn DST change, they
//    expire on the Sunday.
//  * KI-04: trades whose horizon date is a weekday the CME Globex calendar
//    lists as closed (an exchange holiday): they expire on the holiday.
// Neither arises once its fix (or an exchange calendar, --calendar) is on.
#pragma once

#include <string>
#include <vector>

#include "calendar/exchange_calendar.h"
#include "engine/result_table.h"
#include "strategy/fixes.h"

namespace orbit::engine {

struct KnownIssueCount {
  std::string id;   // "KI-03"
  size_t rows = 0;  // trades it decided
};

// The counts of `table` (a result of a run with `fixes` and
// `exchange_calendar`, null for none), KI-03 then KI-04, only those > 0.
std::vector<KnownIssueCount> CountKnownIssues(const ResultTable& table, const strategy::Fixes& fixes,
                                              const calendar::ExchangeCalendar* exchange_calendar);

// The announcement of `count` (summed over a run's instruments): what the
// reference did to how many rows, and the --fix that corrects it.
std::string KnownIssueMessage(const KnownIssueCount& count);

}  // namespace orbit::engine
