#include "selection/selection_fixes.h"

#include <algorithm>
#include <cctype>

#include "core/error.h"

namespace orbit::selection {

const std::vector<std::string>& FixableSelectionIssues() {
  static const std::vector<std::string> kIds = {"KI-M05", "KI-M07", "KI-M09", "KI-M10",
                                                "KI-M12", "KI-M13", "KI-M14"};
  return kIds;
}

void EnableSelectionFix(SelectionFixes& fixes, const std::string& id) {
  std::string u;
  for (char c : id) u += static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  if (u.rfind("KI-", 0) != 0) u = "KI-" + u;
  if (u == "KI-M05") fixes.m05_sl_always = true;
  else if (u == "KI-M07") fixes.m07_point_values = true;
  else if (u == "KI-M09") fixes.m09_master_days = true;
  else if (u == "KI-M10") fixes.m10_filter_values = true;
  else if (u == "KI-M12") fixes.m12_chronological = true;
  else if (u == "KI-M13") fixes.m13_drawdown_from_zero = true;
  else if (u == "KI-M14") fixes.m14_sortino_all_days = true;
  else {
    std::string known;
    for (const std::string& k : FixableSelectionIssues()) known += (known.empty() ? "" : ", ") + k;
    ThrowUsage("--fix " + id + ": not a fixable selection known issue (fixable: " + known + ")");
  }
}

}  // namespace orbit::selection
