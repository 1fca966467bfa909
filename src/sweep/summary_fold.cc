#include "sweep/summary_fold.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <set>
#include <tuple>

#include "calendar/session.h"
#include "report/trade_record.h"

namespace orbit::sweep {

report::GroupStats StatsFold::Finish(std::string key) const {
  // The tail of report::ComputeStats.
  report::GroupStats s;
  s.key = std::move(key);
  s.rows = rows_;
  s.trades = trades_;
  s.results = results_;
  s.total_points = total_points_;
  s.gross_usd = gross_usd_;
  s.commission_usd = commission_usd_;
  s.longest_losing_streak = longest_streak_;
  s.max_drawdown_usd = max_drawdown_;
  s.drawdown_start = drawdown_start_;
  s.drawdown_end = drawdown_end_;
  s.points_valid = true;
  s.net_usd = s.gross_usd - s.commission_usd;
  report::SetPerTradeFigures(s);
  if (negative_ < 0)
    s.profit_factor = positive_ / -negative_;
  else
    s.profit_factor = positive_ > 0 ? std::numeric_limits<double>::infinity() : std::nan("");
  return s;
}

SummaryPlan MakeSummaryPlan(const std::string& symbol,
                            const std::vector<std::pair<size_t, const strategy::TradeRow*>>& rows,
                            report::Dimension by) {
  SummaryPlan plan;
  // Eligible when no two rows share (Date, slot end, Session).
  std::set<std::tuple<cctz::civil_day, int, int>> keys;
  for (const auto& [entry, row] : rows)
    if (!keys.emplace(row->date, row->slot.end.hhmm(), static_cast<int>(row->slot.session)).second) return plan;
  plan.eligible = true;
  // The records SummaryBuilder makes (RecordsFromResultTable: date, slot
  // label, stream), sorted chronologically; their keys are distinct, so the
  // order does not depend on the rows' order in a table.
  std::vector<report::TradeRecord> records;
  records.reserve(rows.size());
  for (const auto& [entry, row] : rows) {
    report::TradeRecord r;
    r.date = row->date;
    r.time = std::string(row->slot.label);
    r.instrument = symbol;
    r.stream = symbol + calendar::Session(row->slot.session).stream_suffix;
    records.push_back(std::move(r));
  }
  std::vector<size_t> order(records.size());
  for (size_t k = 0; k < order.size(); ++k) order[k] = k;
  std::stable_sort(order.begin(), order.end(), [&](size_t a, size_t b) {
    return std::tie(records[a].date, records[a].time, records[a].stream) <
           std::tie(records[b].date, records[b].time, records[b].stream);
  });
  std::vector<report::TradeRecord> chronological;
  chronological.reserve(records.size());
  for (size_t k : order) chronological.push_back(records[k]);
  const std::vector<report::RecordGroup> groups = report::GroupRecords(chronological, by);
  std::vector<size_t> group_of(chronological.size());
  for (size_t g = 0; g < groups.size(); ++g) {
    SummaryPlan::Group out;
    out.key = groups[g].key;
    const report::TradeRecord& first = *groups[g].members.front();
    if (by == report::Dimension::kStream || by == report::Dimension::kSlot) out.stream = first.stream;
    if (by == report::Dimension::kSlot) out.slot = first.time;
    plan.groups.push_back(std::move(out));
    for (const report::TradeRecord* m : groups[g].members) group_of[static_cast<size_t>(m - chronological.data())] = g;
  }
  static const cctz::civil_day kEpoch(1970, 1, 1);
  for (size_t k = 0; k < order.size(); ++k) {
    SummaryPlan::Row r;
    r.entry = rows[order[k]].first;
    r.group = group_of[k];
    r.date = chronological[k].date;
    r.day = static_cast<int32_t>(r.date - kEpoch);
    plan.rows.push_back(r);
  }
  return plan;
}

}  // namespace orbit::sweep
