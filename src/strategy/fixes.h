// src/strategy/fixes.h
//
// Corrected behaviours for the reference's known issues (spec §8.1). Every
// flag defaults to false, which is the reference's behaviour ("compat"). The
// CLI spells them `--fix KI-01,KI-03` or `--fix all`.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace orbit::strategy {

struct Fixes {
  bool be_scan_post_t1_only = false;     // KI-01: no BE-scan over bars before/at the T1 bar
  bool be_scan_local_time = false;       // KI-02: BE-scan exit time on the local clock
  bool calendar_day_horizon = false;     // KI-03: horizon date D + N calendar days
  bool exchange_calendar = false;        // KI-04: CME Globex calendar (as --calendar cme)
  bool no_zero_peak_fallback = false;    // KI-05: Peak is the MFE before the stop, always
  bool scale_be_profit = false;          // KI-06: BE profit = -tick * scale
  bool micro_profit_decimals = false;    // KI-07: micro Profit rounded to decimals + 1
  bool round_range = false;              // KI-08: Range rounded like the price columns
  bool accept_minutedataexport = false;  // KI-19: MINUTEDATAEXPORT runs with ES constants
  bool independent_date_bounds = false;  // KI-21: --start / --end each apply on their own
  bool strict_cli_slots = false;         // KI-23: --slots selects exactly what it names
  bool strict_slot_labels = false;       // KI-24: unknown slot labels are an error
  bool fixed_empty_schema = false;       // KI-28: always 17 columns, Target/Profit float64
  bool date_column_as_date = false;      // KI-29: Parquet Date is date32 in every file
  bool expiry_checked_first = false;     // KI-34: a bar at/after expiry cannot exit Win/Loss
  bool per_row_negative_prices = false;  // KI-37: CL/MCL negative-price allowance per row
  bool uniform_peak_rule = false;        // KI-42: OPEN rows use the same Peak rule as others

  static Fixes All();
  // "KI-01,KI-03", "ki-1", "all", "" (none). Errors: Error(kUsage) naming the
  // unknown token and listing the known ones.
  static Fixes Parse(std::string_view list);
  // The known ids with one-line descriptions, for --help.
  static std::vector<std::pair<std::string, std::string>> Catalogue();
};

}  // namespace orbit::strategy
