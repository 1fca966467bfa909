// src/report/terminal_table.h
//
// The per-stream summary `orbit run` prints at the end: one aligned line per
// stream with trades, win rate, profit in points and USD, and the maximum
// drawdown, plus a total line when there is more than one stream. With the
// run's costs (`costs`: some rows carry --commission/--slippage in the
// extended columns) the USD columns are "gross USD", "costs USD" and
// "net USD"; every net figure is after those costs.
#pragma once

#include <string>
#include <vector>

#include "report/report_stats.h"

namespace orbit::report {

// Plain text, columns padded with spaces, '\n' after every line. Points are
// "-" for a total that mixes instruments.
std::string FormatStreamTable(const std::vector<GroupStats>& streams, const GroupStats& overall,
                              bool costs = false);

}  // namespace orbit::report
