#include "report/report_stats.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <map>
#include <set>
#include <utility>

#include "core/error.h"
#include "report/money.h"

namespace orbit::report {
namespace {

using strategy::Outcome;

double NetUsd(const TradeRecord& r, const StatsOptions& options) {
  const InstrumentSpec& spec = SpecFor(r.instrument);
  return TradeMoneyOf(r, spec, PointValueUsd(spec.symbol), options).net;
}

std::string TwoDigits(int v) {
  std::string s = std::to_string(v);
  return s.size() < 2 ? "0" + s : s;
}

// Sort rank of a key inside its dimension: weekdays by day, others by text.
int KeyRank(const TradeRecord& r, Dimension d) {
  if (d != Dimension::kWeekday) return 0;
  return static_cast<int>(cctz::get_weekday(r.date));  // cctz: monday == 0
}

}  // namespace

TradeMoney TradeMoneyOf(const TradeRecord& r, const InstrumentSpec& spec, double point_value_usd,
                        const StatsOptions& options) {
  TradeMoney m;
  const double report_commission = 2.0 * options.commission_per_side_usd;
  if (r.has_extended) {
    m.gross = r.gross_usd;
    m.commission = r.commission_usd + report_commission;
    m.slippage = r.slippage_usd;
    m.net = r.net_usd - report_commission;  // NetUSD: the run's costs already taken
  } else {
    m.gross = ProfitUsd(r, spec, point_value_usd);
    m.commission = report_commission;
    m.net = m.gross - report_commission;
  }
  return m;
}

void SetPerTradeFigures(GroupStats& s) {
  const size_t decided = s.count(Outcome::kWin) + s.count(Outcome::kLoss) + s.count(Outcome::kBE);
  s.win_rate_pct = decided ? 100.0 * static_cast<double>(s.count(Outcome::kWin)) / static_cast<double>(decided) : 0.0;
  if (s.trades) {
    const double n = static_cast<double>(s.trades);
    s.avg_points = s.total_points / n;
    s.avg_usd = s.gross_usd / n;
    s.expectancy_usd = s.net_usd / n;
  }
}

GroupStats ComputeStats(const std::vector<const TradeRecord*>& records, const StatsOptions& options,
                        std::string key) {
  GroupStats s;
  s.key = std::move(key);
  std::set<std::string> instruments;
  // Records come in runs of one instrument: the set and the instrument table
  // are consulted only when the symbol changes.
  const std::string* symbol = nullptr;
  const InstrumentSpec* spec = nullptr;
  double point_value_usd = 0.0;
  double equity = 0.0, high = 0.0;
  std::optional<cctz::civil_day> high_date;
  double positive = 0.0, negative = 0.0, peak_sum = 0.0, range_sum = 0.0;
  size_t streak = 0;
  for (const TradeRecord* r : records) {
    ++s.rows;
    ++s.results[static_cast<size_t>(r->result)];
    if (!symbol || *symbol != r->instrument) {
      instruments.insert(r->instrument);
      symbol = &r->instrument;
      spec = nullptr;
    }
    s.profit_column += r->profit;
    range_sum += r->range;
    if (!s.first_date || r->date < *s.first_date) s.first_date = r->date;
    if (!s.last_date || r->date > *s.last_date) s.last_date = r->date;
    if (!high_date) high_date = r->date;
    if (!IsTrade(r->result)) continue;
    if (!spec) {
      spec = &SpecFor(r->instrument);
      point_value_usd = PointValueUsd(spec->symbol);
    }
    ++s.trades;
    peak_sum += r->peak;
    s.total_points += ProfitPoints(*r, *spec);
    const TradeMoney money = TradeMoneyOf(*r, *spec, point_value_usd, options);
    const double net = money.net;
    s.gross_usd += money.gross;
    s.commission_usd += money.commission;
    s.slippage_usd += money.slippage;
    if (net > 0) positive += net;
    if (net < 0) negative += net;
    streak = net < 0 ? streak + 1 : 0;
    s.longest_losing_streak = std::max(s.longest_losing_streak, streak);
    equity += net;
    if (equity > high) {
      high = equity;
      high_date = r->date;
    }
    if (high - equity > s.max_drawdown_usd) {
      s.max_drawdown_usd = high - equity;
      s.drawdown_start = high_date;
      s.drawdown_end = r->date;
    }
  }
  s.instruments.assign(instruments.begin(), instruments.end());
  s.points_valid = s.instruments.size() <= 1;
  s.net_usd = s.gross_usd - s.commission_usd - s.slippage_usd;
  SetPerTradeFigures(s);
  if (s.trades) s.avg_peak = peak_sum / static_cast<double>(s.trades);
  if (s.rows) s.avg_range = range_sum / static_cast<double>(s.rows);
  if (negative < 0) s.profit_factor = positive / -negative;
  else s.profit_factor = positive > 0 ? std::numeric_limits<double>::infinity() : std::nan("");
  return s;
}

GroupStats ComputeStats(const std::vector<TradeRecord>& records, const StatsOptions& options, std::string key) {
  std::vector<const TradeRecord*> pointers;
  pointers.reserve(records.size());
  for (const TradeRecord& r : records) pointers.push_back(&r);
  return ComputeStats(pointers, options, std::move(key));
}

const char* DimensionName(Dimension d) {
  switch (d) {
    case Dimension::kStream: return "stream";
    case Dimension::kSlot: return "slot";
    case Dimension::kYear: return "year";
    case Dimension::kMonth: return "month";
    case Dimension::kWeekday: return "weekday";
    case Dimension::kDirection: return "direction";
  }
  return "";
}

std::vector<Dimension> AllDimensions() {
  return {Dimension::kStream, Dimension::kSlot,    Dimension::kYear,
          Dimension::kMonth,  Dimension::kWeekday, Dimension::kDirection};
}

std::vector<Dimension> ParseDimensions(const std::string& list) {
  std::vector<Dimension> out;
  size_t start = 0;
  while (start <= list.size()) {
    size_t end = list.find(',', start);
    if (end == std::string::npos) end = list.size();
    std::string token = list.substr(start, end - start);
    token.erase(0, token.find_first_not_of(" \t"));
    token.erase(token.find_last_not_of(" \t") + 1);
    if (!token.empty()) {
      bool found = false;
      for (Dimension d : AllDimensions()) {
        if (token == DimensionName(d)) {
          if (std::find(out.begin(), out.end(), d) == out.end()) out.push_back(d);
          found = true;
        }
      }
      if (!found)
        ThrowUsage("--by: unknown dimension '" + token + "' (stream, slot, year, month, weekday, direction)");
    }
    start = end + 1;
  }
  if (out.empty()) ThrowUsage("--by: no dimension given");
  return out;
}

const char* WeekdayName(const cctz::civil_day& day) {
  static constexpr const char* kNames[] = {"Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"};
  return kNames[static_cast<int>(cctz::get_weekday(day))];
}

std::string GroupKey(const TradeRecord& r, Dimension d) {
  switch (d) {
    case Dimension::kStream: return r.stream;
    case Dimension::kSlot: return r.stream + " " + r.time;
    case Dimension::kYear: return std::to_string(r.date.year());
    case Dimension::kMonth: return std::to_string(r.date.year()) + "-" + TwoDigits(r.date.month());
    case Dimension::kWeekday: return WeekdayName(r.date);
    case Dimension::kDirection: return r.direction;
  }
  return "";
}

std::vector<RecordGroup> GroupRecords(const std::vector<TradeRecord>& records, Dimension d) {
  std::map<std::pair<int, std::string>, std::vector<const TradeRecord*>> groups;
  for (const TradeRecord& r : records) groups[{KeyRank(r, d), GroupKey(r, d)}].push_back(&r);
  std::vector<RecordGroup> out;
  out.reserve(groups.size());
  for (auto& [key, members] : groups) out.push_back({key.second, std::move(members)});
  return out;
}

std::vector<GroupStats> GroupBy(const std::vector<TradeRecord>& records, Dimension d, const StatsOptions& options) {
  std::vector<GroupStats> out;
  for (const RecordGroup& g : GroupRecords(records, d)) out.push_back(ComputeStats(g.members, options, g.key));
  return out;
}

std::vector<EquitySeries> EquityByStream(const std::vector<TradeRecord>& records, const StatsOptions& options) {
  std::map<std::string, EquitySeries> by_stream;
  std::map<std::string, double> highs;
  for (const TradeRecord& r : records) {
    EquitySeries& series = by_stream[r.stream];
    series.stream = r.stream;
    if (!IsTrade(r.result)) continue;
    const double previous = series.points.empty() ? 0.0 : series.points.back().equity_usd;
    EquityPoint p;
    p.date = r.date;
    p.equity_usd = previous + NetUsd(r, options);
    double& high = highs[r.stream];
    high = std::max(high, p.equity_usd);
    p.drawdown_usd = p.equity_usd - high;
    series.points.push_back(p);
  }
  std::vector<EquitySeries> out;
  for (auto& [stream, series] : by_stream) out.push_back(std::move(series));
  return out;
}

namespace {

Heatmap MakeHeatmap(std::string title, std::vector<std::string> rows, std::vector<std::string> columns) {
  Heatmap h;
  h.title = std::move(title);
  h.row_labels = std::move(rows);
  h.column_labels = std::move(columns);
  h.net_usd.assign(h.row_labels.size(), std::vector<double>(h.column_labels.size(), 0.0));
  h.trades.assign(h.row_labels.size(), std::vector<size_t>(h.column_labels.size(), 0));
  return h;
}

size_t IndexOf(const std::vector<std::string>& labels, const std::string& label) {
  return static_cast<size_t>(std::find(labels.begin(), labels.end(), label) - labels.begin());
}

}  // namespace

Heatmap SlotWeekdayHeatmap(const std::vector<TradeRecord>& records, const StatsOptions& options) {
  std::set<std::string> slots;
  bool weekend = false;
  for (const TradeRecord& r : records) {
    slots.insert(GroupKey(r, Dimension::kSlot));
    weekend = weekend || cctz::get_weekday(r.date) >= cctz::weekday::saturday;
  }
  std::vector<std::string> days = {"Mon", "Tue", "Wed", "Thu", "Fri"};
  if (weekend) days.insert(days.end(), {"Sat", "Sun"});
  Heatmap h = MakeHeatmap("Net USD by slot and weekday", {slots.begin(), slots.end()}, days);
  for (const TradeRecord& r : records) {
    if (!IsTrade(r.result)) continue;
    const size_t row = IndexOf(h.row_labels, GroupKey(r, Dimension::kSlot));
    const size_t col = IndexOf(h.column_labels, WeekdayName(r.date));
    h.net_usd[row][col] += NetUsd(r, options);
    ++h.trades[row][col];
  }
  return h;
}

Heatmap YearMonthHeatmap(const std::vector<TradeRecord>& records, const StatsOptions& options) {
  std::set<std::string> years;
  for (const TradeRecord& r : records) years.insert(std::to_string(r.date.year()));
  Heatmap h = MakeHeatmap("Net USD by year and month", {years.begin(), years.end()},
                          {"Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"});
  for (const TradeRecord& r : records) {
    if (!IsTrade(r.result)) continue;
    const size_t row = IndexOf(h.row_labels, std::to_string(r.date.year()));
    const size_t col = static_cast<size_t>(r.date.month() - 1);
    h.net_usd[row][col] += NetUsd(r, options);
    ++h.trades[row][col];
  }
  return h;
}

Report BuildReport(std::vector<TradeRecord> records, const StatsOptions& options,
                   const std::vector<Dimension>& dimensions, std::vector<std::string> sources) {
  SortChronologically(records);
  Report report;
  report.sources = std::move(sources);
  report.options = options;
  report.dimensions = dimensions;
  report.overall = ComputeStats(records, options, "all");
  report.streams = GroupBy(records, Dimension::kStream, options);
  for (Dimension d : dimensions) report.breakdowns.emplace_back(d, GroupBy(records, d, options));
  report.equity = EquityByStream(records, options);
  report.slot_weekday = SlotWeekdayHeatmap(records, options);
  report.year_month = YearMonthHeatmap(records, options);
  report.research = ResearchByStream(records);
  report.portfolio = DistinctTradeEquity(records, options);
  for (const TradeRecord& r : records) {
    if (!r.has_extended) continue;
    report.run_costs = true;
    report.run_commission_usd += r.commission_usd;
    report.run_slippage_usd += r.slippage_usd;
  }
  return report;
}

}  // namespace orbit::report
