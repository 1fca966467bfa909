// src/selection/selection_fixes.h
//
// The known issues of the selection spec (SELECTION_SPEC.md §9) that have a
// fix switch. Every flag is off by default: the default reproduces the
// reference's full rebuild exactly. `orbit matrix --fix KI-Mnn` sets them.
#pragma once

#include <string>
#include <vector>

namespace orbit::selection {

struct SelectionFixes {
  bool m05_sl_always = false;          // SL = min(3*Target, Range) whatever Target's storage type
  bool m07_point_values = false;       // NQ 20, MCL 100, MNG 1000, MGC 10, M2K 5 $/point
  bool m09_master_days = false;        // master day-of-week/day-of-month filters also set final_allowed
  bool m10_filter_values = false;      // matrix and timetable read filter values alike (names any case, index and number texts)
  bool m12_chronological = false;      // statistics over E in (trade_date, Stream) order, daily series by date
  bool m13_drawdown_from_zero = false;  // drawdowns measured from a 0 start, not the first cumulative value
  bool m14_sortino_all_days = false;   // Sortino downside deviation over all days (min(y,0)^2)
};

// The ids the switch accepts, in §9 order ("KI-M05", ...).
const std::vector<std::string>& FixableSelectionIssues();

// Sets the flag for `id` ("KI-M05" or "M05", any case). Errors:
// Error(kUsage) naming the id and the fixable ones when it is not one of them.
void EnableSelectionFix(SelectionFixes& fixes, const std::string& id);

}  // namespace orbit::selection
