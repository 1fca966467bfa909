#include "report/report_stats.h"

#include <algorithm>
#include <cmath>
#include <map>
#include <set>
#include <tuple>

#include "report/money.h"

namespace orbit::report {
namespace {

using TradeKey = std::tuple<std::string, std::string, std::string, std::string>;

TradeKey KeyOf(const TradeRecord& r) { return {r.stream, r.direction, r.entry_time, r.exit_time}; }

// Nearest-rank percentile of sorted values. REQUIRES: !sorted.empty().
double Percentile(const std::vector<double>& sorted, double pct) {
  const double rank = std::ceil(pct / 100.0 * static_cast<double>(sorted.size()));
  const size_t index = rank < 1 ? 0 : static_cast<size_t>(rank) - 1;
  return sorted[std::min(index, sorted.size() - 1)];
}

}  // namespace

ResearchStats ComputeResearchStats(const std::vector<const TradeRecord*>& records, std::string key) {
  ResearchStats s;
  s.key = std::move(key);
  s.extended = !records.empty();
  std::set<TradeKey> distinct;
  std::set<std::string> instruments;
  std::vector<double> maes;
  for (const TradeRecord* r : records) {
    s.extended = s.extended && r->has_extended;
    if (!IsTrade(r->result)) continue;
    ++s.trades;
    distinct.insert(KeyOf(*r));
    instruments.insert(r->instrument);
    if (r->ambiguous) ++s.ambiguous;
    s.net_after_costs_usd += r->net_usd;
    if (std::isfinite(r->mae)) maes.push_back(r->mae);
  }
  s.distinct_trades = distinct.size();
  if (s.trades) s.ambiguous_share_pct = 100.0 * static_cast<double>(s.ambiguous) / static_cast<double>(s.trades);
  if (!s.extended) s.net_after_costs_usd = 0.0;
  s.mae_valid = s.extended && instruments.size() == 1 && !maes.empty();
  if (s.mae_valid) {
    std::sort(maes.begin(), maes.end());
    s.mae_median = Percentile(maes, 50);
    s.mae_p90 = Percentile(maes, 90);
    s.mae_max = maes.back();
  }
  return s;
}

DistinctPortfolio DistinctTradeEquity(const std::vector<TradeRecord>& records, const StatsOptions& options) {
  DistinctPortfolio p;
  p.equity.stream = "portfolio (distinct trades)";
  std::set<TradeKey> seen;
  double equity = 0.0, high = 0.0;
  for (const TradeRecord& r : records) {
    if (!IsTrade(r.result)) continue;
    ++p.trades;
    if (!seen.insert(KeyOf(r)).second) continue;
    const InstrumentSpec& spec = SpecFor(r.instrument);
    const double net = TradeMoneyOf(r, spec, PointValueUsd(spec.symbol), options).net;
    equity += net;
    high = std::max(high, equity);
    p.max_drawdown_usd = std::max(p.max_drawdown_usd, high - equity);
    p.equity.points.push_back({r.date, equity, equity - high});
  }
  p.distinct_trades = p.equity.points.size();
  p.net_usd = equity;
  return p;
}

std::vector<ResearchStats> ResearchByStream(const std::vector<TradeRecord>& records) {
  std::vector<const TradeRecord*> all;
  std::map<std::string, std::vector<const TradeRecord*>> by_stream;
  for (const TradeRecord& r : records) {
    all.push_back(&r);
    by_stream[r.stream].push_back(&r);
  }
  std::vector<ResearchStats> out{ComputeResearchStats(all, "all")};
  for (const auto& [stream, rows] : by_stream) out.push_back(ComputeResearchStats(rows, stream));
  return out;
}

}  // namespace orbit::report
