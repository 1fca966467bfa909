#include "research/pnl_matrix.h"

#include <algorithm>

#include "core/error.h"

namespace orbit::research {

std::vector<int64_t> CombosOf(const PnlTable& table) {
  std::vector<int64_t> combos(table.combo);
  std::sort(combos.begin(), combos.end());
  combos.erase(std::unique(combos.begin(), combos.end()), combos.end());
  return combos;
}

PnlMatrix BuildMatrix(const PnlTable& table, uint32_t g, const std::vector<int64_t>& combos, bool with_trades,
                      const std::string& source) {
  PnlMatrix m;
  m.combos = combos;
  for (size_t i = 0; i < table.rows(); ++i)
    if (table.group[i] == g) m.dates.push_back(table.date[i]);
  std::sort(m.dates.begin(), m.dates.end());
  m.dates.erase(std::unique(m.dates.begin(), m.dates.end()), m.dates.end());
  const size_t rows = m.rows();
  m.pnl.assign(rows * combos.size(), 0.0);
  if (with_trades) m.trades.assign(rows * combos.size(), 0);
  std::vector<bool> seen(rows * combos.size(), false);
  for (size_t i = 0; i < table.rows(); ++i) {
    if (table.group[i] != g) continue;
    const auto c = std::lower_bound(combos.begin(), combos.end(), table.combo[i]);
    if (c == combos.end() || *c != table.combo[i]) continue;
    const auto t = std::lower_bound(m.dates.begin(), m.dates.end(), table.date[i]);
    const size_t cell = static_cast<size_t>(c - combos.begin()) * rows + static_cast<size_t>(t - m.dates.begin());
    if (seen[cell]) {
      const PnlGroup& grp = table.groups[g];
      ThrowBadInput(source + ": row " + std::to_string(i + 1) + ": combo " + std::to_string(table.combo[i]) +
                    " has a second row for " + grp.instrument + " '" + grp.group + "' on " + IsoDay(table.date[i]));
    }
    seen[cell] = true;
    m.pnl[cell] = table.pnl_usd[i];
    if (with_trades) m.trades[cell] = static_cast<int32_t>(std::min<int64_t>(table.trades[i], INT32_MAX));
  }
  return m;
}

}  // namespace orbit::research
