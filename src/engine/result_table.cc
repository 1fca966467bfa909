#include "engine/result_table.h"

#include <algorithm>
#include <cmath>
#include <tuple>

#include "core/rounding.h"

namespace orbit::engine {

using strategy::Outcome;
using strategy::TradeRow;

namespace {

// pandas sorts NaN last in both directions.
bool PeakDescending(double a, double b) {
  if (std::isnan(a)) return false;
  if (std::isnan(b)) return true;
  return a > b;
}

}  // namespace

ResultTable FinalizeResults(const InstrumentSpec& instrument, std::vector<TradeRow> rows,
                            size_t ranges_built, const strategy::Fixes& fixes) {
  ResultTable table;
  table.instrument = instrument;
  table.target_is_int = instrument.target_is_int && !fixes.fixed_empty_schema;
  table.date_as_date32 = fixes.date_column_as_date;
  table.has_open_as_of_column = ranges_built > 0 || fixes.fixed_empty_schema;

  // Step 3: rank, sort (Date, HHMM, Target, rank desc, Peak desc), dedupe.
  const auto step3_order = [](const TradeRow& a, const TradeRow& b) {
    if (a.date != b.date) return a.date < b.date;
    if (a.slot.end.hhmm() != b.slot.end.hhmm()) return a.slot.end.hhmm() < b.slot.end.hhmm();
    const int ra = strategy::OutcomeRank(a.result), rb = strategy::OutcomeRank(b.result);
    if (ra != rb) return ra > rb;
    return PeakDescending(a.peak, b.peak);
  };
  // The engine emits rows in (date, slot) order; a stable sort of an ordered
  // sequence is the identity, so the check saves the moves (sweeps finalize a
  // table per combination).
  if (!std::is_sorted(rows.begin(), rows.end(), step3_order)) std::stable_sort(rows.begin(), rows.end(), step3_order);
  auto same_key = [](const TradeRow& a, const TradeRow& b) {
    return a.date == b.date && a.slot.end.hhmm() == b.slot.end.hhmm() && a.direction == b.direction &&
           a.slot.session == b.slot.session;
  };
  // Dedupe in place: rows[0, kept) are the rows kept so far.
  size_t kept = 0;
  for (size_t i = 0; i < rows.size(); ++i) {
    // Rows with the same (Date, Time) are adjacent after the sort; the key
    // also holds Target and Instrument, which are constant within a table.
    bool duplicate = false;
    for (size_t k = kept; k > 0; --k) {
      const TradeRow& prev = rows[k - 1];
      if (prev.date != rows[i].date || prev.slot.end.hhmm() != rows[i].slot.end.hhmm()) break;
      if (same_key(prev, rows[i])) {
        duplicate = true;
        break;
      }
    }
    if (duplicate) continue;
    if (kept != i) rows[kept] = std::move(rows[i]);
    ++kept;
  }
  rows.resize(kept);

  // Step 4: round the price columns (Target is a constant, exact already).
  const int d = instrument.decimals;
  const int profit_d = fixes.micro_profit_decimals && instrument.micro ? d + 1 : d;
  for (TradeRow& row : rows) {
    row.entry_price = RoundDecimals(row.entry_price, d);
    row.exit_price = RoundDecimals(row.exit_price, d);
    row.stop_loss = RoundDecimals(row.stop_loss, d);
    row.peak = RoundDecimals(row.peak, d);
    row.profit = RoundDecimals(row.profit, profit_d);
    row.excursion.mae = RoundDecimals(row.excursion.mae, d);
    row.excursion.mfe = RoundDecimals(row.excursion.mfe, d);
    if (fixes.round_range) row.range = RoundDecimals(row.range, d);
  }
  // Steps 5 and 7: stable sort by (Date, HHMM). Already in that order, since
  // step 3 sorted by it first; the supplementary pass (step 6) never adds rows
  // here because a range that fails raises an error instead (KI-10).
  table.rows = std::move(rows);

  const bool all_win = !table.rows.empty() && std::all_of(table.rows.begin(), table.rows.end(), [](const TradeRow& r) {
    return r.result == Outcome::kWin;
  });
  table.profit_is_int = all_win && instrument.target_is_int && !instrument.micro && !fixes.fixed_empty_schema;
  return table;
}

ResultSummary Summarize(const ResultTable& table) {
  ResultSummary s;
  s.rows = table.rows.size();
  std::vector<double> profits;
  profits.reserve(table.rows.size());
  for (const TradeRow& row : table.rows) {
    profits.push_back(row.profit);
    if (row.ambiguous) ++s.ambiguous;
    switch (row.result) {
      case Outcome::kWin: ++s.win; break;
      case Outcome::kBE: ++s.be; break;
      case Outcome::kLoss: ++s.loss; break;
      case Outcome::kTime: ++s.time; break;
      case Outcome::kOpen: ++s.open; break;
      case Outcome::kNoTrade: ++s.no_trade; break;
    }
  }
  s.total_profit = PairwiseSum(profits.data(), profits.size());
  const size_t decided = s.win + s.loss + s.be;
  s.win_rate_pct = decided == 0 ? 0.0 : 100.0 * static_cast<double>(s.win) / static_cast<double>(decided);
  return s;
}

}  // namespace orbit::engine
