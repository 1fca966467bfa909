#include "selection/matrix_statistics.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <future>
#include <limits>

#include "core/pairwise_sum.h"
#include "selection/civil_date.h"
#include "selection/python_json.h"

namespace orbit::selection {

double PyRound(double x, int digits) {
  if (!std::isfinite(x)) return x;
  char buf[512];
  std::snprintf(buf, sizeof buf, "%.*f", digits, x);
  double r = std::strtod(buf, nullptr);
  if (r == 0.0) r = std::copysign(0.0, x);
  return r;
}


namespace {

using Kind = ResultKind;

// One matrix row as §7 reads it.
struct StatRow {
  Kind kind;
  bool executed;
  bool allowed;
  int32_t date;
  uint32_t stream;
  double pd;  // Profit x value(Instrument)
};

double Mean(const std::vector<double>& x) { return x.empty() ? 0.0 : PairwiseSum(x.data(), x.size()) / x.size(); }

// Sample (ddof 1) or population (ddof 0) standard deviation as numpy/pandas
// compute it; `scratch` holds the squared deviations (a caller's buffer, reused).
double StdDev(const std::vector<double>& x, int ddof, std::vector<double>& scratch) {
  const double mean = Mean(x);
  scratch.resize(x.size());
  for (size_t i = 0; i < x.size(); ++i) scratch[i] = (x[i] - mean) * (x[i] - mean);
  return std::sqrt(PairwiseSum(scratch.data(), scratch.size()) / static_cast<double>(x.size() - ddof));
}

double StdDev(const std::vector<double>& x, int ddof) {
  std::vector<double> scratch;
  return StdDev(x, ddof, scratch);
}

std::vector<StatRow> StatRows(const Matrix& m) {
  std::vector<StatRow> rows(m.rows.size());
  for (size_t i = 0; i < m.rows.size(); ++i) {
    const MatrixRow& r = m.rows[i];
    StatRow& s = rows[i];
    s.allowed = r.allowed;
    s.date = r.date;
    s.stream = r.stream;
    s.kind = r.source >= 0 ? m.input.kinds[static_cast<size_t>(r.source)] : Kind::kNoTrade;
    s.executed = s.kind == Kind::kWin || s.kind == Kind::kLoss || s.kind == Kind::kBe || s.kind == Kind::kTime;
    s.pd = r.pd;
  }
  return rows;
}

int64_t DistinctDates(const std::vector<const StatRow*>& rows) {
  if (rows.empty()) return 0;
  int32_t lo = rows[0]->date, hi = rows[0]->date;
  for (const StatRow* r : rows) lo = std::min(lo, r->date), hi = std::max(hi, r->date);
  std::vector<uint8_t> seen(static_cast<size_t>(hi - lo) + 1, 0);
  int64_t distinct = 0;
  for (const StatRow* r : rows) {
    uint8_t& s = seen[static_cast<size_t>(r->date - lo)];
    distinct += s == 0;
    s = 1;
  }
  return distinct;
}

void WriteSummary(PythonJson& j, const std::vector<StatRow>& all, bool include_filtered, const SelectionFixes& fixes) {
  int64_t total = static_cast<int64_t>(all.size()), allowed = 0, executed = 0, exec_allowed = 0, notrade = 0;
  std::vector<const StatRow*> executed_rows, e;
  executed_rows.reserve(all.size());
  e.reserve(all.size());
  for (const StatRow& r : all) {
    allowed += r.allowed;
    executed += r.executed;
    exec_allowed += r.executed && r.allowed;
    notrade += r.kind == Kind::kNoTrade;
    if (r.executed) executed_rows.push_back(&r);
    if (r.executed && (include_filtered || r.allowed)) e.push_back(&r);
  }
  if (fixes.m12_chronological)
    std::stable_sort(e.begin(), e.end(), [](const StatRow* a, const StatRow* b) {
      return a->date != b->date ? a->date < b->date : a->stream < b->stream;
    });

  j.BeginObject();
  j.Key("sample_counts");
  j.BeginObject();
  j.Key("total_rows"), j.Integer(total);
  j.Key("filtered_rows"), j.Integer(total - allowed);
  j.Key("allowed_rows"), j.Integer(allowed);
  j.Key("executed_trades_total"), j.Integer(executed);
  j.Key("executed_trades_allowed"), j.Integer(exec_allowed);
  j.Key("executed_trades_filtered"), j.Integer(executed - exec_allowed);
  j.Key("notrade_total"), j.Integer(notrade);
  j.EndObject();

  static const char* const kTradeKeys[] = {"total_profit", "wins", "losses", "be", "time", "win_rate",
                                           "profit_factor", "rr_ratio", "mean_pnl_per_trade", "median_pnl_per_trade",
                                           "stddev_pnl_per_trade", "max_consecutive_losses", "max_drawdown", "var95",
                                           "cvar95"};
  if (e.empty()) {
    j.Key("performance_trade_metrics");
    j.BeginObject();
    for (const char* k : kTradeKeys) {
      j.Key(k);
      const std::string key = k;
      if (key == "wins" || key == "losses" || key == "be" || key == "time" || key == "max_consecutive_losses")
        j.Integer(0);
      else
        j.Float(0.0);
    }
    j.EndObject();
    j.Key("performance_daily_metrics");
    j.BeginObject();
    for (const char* k : {"executed_trading_days", "allowed_trading_days", "avg_trades_per_day", "profit_per_day",
                          "profit_per_week", "profit_per_month", "profit_per_year", "sharpe_ratio", "sortino_ratio",
                          "calmar_ratio", "time_to_recovery_days", "avg_drawdown_daily", "avg_drawdown_duration_days",
                          "drawdown_episodes_per_year", "monthly_return_stddev"}) {
      j.Key(k);
      const std::string key = k;
      if (key == "executed_trading_days" || key == "allowed_trading_days" || key == "time_to_recovery_days")
        j.Integer(0);
      else
        j.Float(0.0);
    }
    j.EndObject();
    if (total > 0) {
      j.Key("day_counts");
      j.BeginObject();
      j.Key("executed_trading_days"), j.Integer(DistinctDates(executed_rows));
      j.Key("active_trading_days"), j.Integer(0);
      j.EndObject();
    }
    j.EndObject();
    return;
  }

  // §7.1. One scratch buffer serves every subset sum, the median and the tail
  // (fresh memory costs more than the arithmetic here).
  // Branch-free loops: wins and losses alternate unpredictably.
  const size_t n = e.size();
  std::vector<double> x(n), scratch(n);
  std::vector<Kind> kind(n);
  int64_t wins = 0, losses = 0, be = 0, time = 0;
  int64_t run = 0, max_run = 0;
  for (size_t i = 0; i < n; ++i) {
    x[i] = e[i]->pd;
    const Kind k = kind[i] = e[i]->kind;
    wins += k == Kind::kWin;
    losses += k == Kind::kLoss;
    be += k == Kind::kBe;
    time += k == Kind::kTime;
    run = (run + 1) * (k == Kind::kLoss);
    max_run = std::max(max_run, run);
  }
  // numpy's sum (pairwise, in row order) of the values `keep` selects.
  auto subset_sum = [&](auto keep) {
    scratch.resize(n);
    size_t kept = 0;
    for (size_t i = 0; i < n; ++i) {
      scratch[kept] = x[i];
      kept += keep(i) ? 1 : 0;
    }
    return std::make_pair(PairwiseSum(scratch.data(), kept), kept);
  };
  auto subset_mean = [&](auto keep) {
    const auto [sum, n] = subset_sum(keep);
    return n ? sum / static_cast<double>(n) : 0.0;
  };
  const double inf = std::numeric_limits<double>::infinity();
  const double total_profit = PyRound(PairwiseSum(x.data(), x.size()), 2);
  const double gp = subset_sum([&](size_t i) { return x[i] > 0; }).first;
  const double gl = std::fabs(subset_sum([&](size_t i) { return x[i] < 0; }).first);
  const double avg_w = subset_mean([&](size_t i) { return kind[i] == Kind::kWin; });
  const double avg_l = subset_mean([&](size_t i) { return kind[i] == Kind::kLoss; });
  const double mean_x = Mean(x);
  const double sd_x = x.size() > 1 ? StdDev(x, 1, scratch) : 0.0;
  double max_dd = 0.0;
  {
    double c = 0.0, peak = fixes.m13_drawdown_from_zero ? 0.0 : -inf, min_dd = 0.0;
    for (double v : x) {
      c += v;
      peak = std::max(peak, c);
      min_dd = std::min(min_dd, c - peak);
    }
    max_dd = std::fabs(min_dd);
  }
  // The median (numpy's: the mean of the two middle values of an even count).
  scratch.assign(x.begin(), x.end());
  const size_t half = x.size() / 2;
  std::nth_element(scratch.begin(), scratch.begin() + static_cast<long>(half), scratch.end());
  double median = scratch[half];
  if (x.size() % 2 == 0) median = (*std::max_element(scratch.begin(), scratch.begin() + static_cast<long>(half)) + median) / 2.0;
  // VaR: the k-th smallest; CVaR: the mean of the k + 1 smallest in ascending order.
  const size_t k = static_cast<size_t>(std::floor(0.05 * static_cast<double>(x.size())));
  if (k < half) {  // the k + 1 smallest are below the median already selected
    std::nth_element(scratch.begin(), scratch.begin() + static_cast<long>(k), scratch.begin() + static_cast<long>(half));
  } else {
    scratch.assign(x.begin(), x.end());
    std::nth_element(scratch.begin(), scratch.begin() + static_cast<long>(k), scratch.end());
  }
  scratch.resize(k + 1);
  std::sort(scratch.begin(), scratch.end());
  const double var95 = scratch[k];
  const double cvar95 = Mean(scratch);

  j.Key("performance_trade_metrics");
  j.BeginObject();
  j.Key("total_profit"), j.Float(total_profit);
  j.Key("wins"), j.Integer(wins);
  j.Key("losses"), j.Integer(losses);
  j.Key("be"), j.Integer(be);
  j.Key("time"), j.Integer(time);
  j.Key("win_rate"), j.Float(wins + losses ? PyRound(100.0 * wins / (wins + losses), 1) : 0.0);
  j.Key("profit_factor"), j.Float(gl == 0 ? (gp > 0 ? inf : 0.0) : PyRound(gp / gl, 2));
  j.Key("rr_ratio"), j.Float(std::fabs(avg_l) == 0 ? (avg_w > 0 ? inf : 0.0) : PyRound(avg_w / std::fabs(avg_l), 2));
  j.Key("mean_pnl_per_trade"), j.Float(PyRound(mean_x, 2));
  j.Key("median_pnl_per_trade"), j.Float(PyRound(median, 2));
  j.Key("stddev_pnl_per_trade"), j.Float(x.size() > 1 ? PyRound(sd_x, 2) : 0.0);
  j.Key("max_consecutive_losses"), j.Integer(max_run);
  j.Key("max_drawdown"), j.Float(PyRound(max_dd, 2));
  j.Key("var95"), j.Float(PyRound(var95, 2));
  j.Key("cvar95"), j.Float(PyRound(cvar95, 2));
  j.EndObject();

  // §7.2: the daily series in first-appearance order (by date with KI-M12 fixed).
  std::vector<int32_t> days;
  std::vector<double> y;
  {
    int32_t lo = e[0]->date, hi = e[0]->date;
    for (const StatRow* r : e) lo = std::min(lo, r->date), hi = std::max(hi, r->date);
    std::vector<int64_t> index(static_cast<size_t>(hi - lo) + 1, -1);  // per date: its place in `days`
    for (const StatRow* r : e) {
      int64_t& at = index[static_cast<size_t>(r->date - lo)];
      if (at < 0) {
        at = static_cast<int64_t>(days.size());
        days.push_back(r->date);
        y.push_back(0.0);
      }
      y[static_cast<size_t>(at)] += r->pd;
    }
    if (fixes.m12_chronological) {
      std::vector<size_t> order(days.size());
      for (size_t i = 0; i < order.size(); ++i) order[i] = i;
      std::sort(order.begin(), order.end(), [&](size_t a, size_t b) { return days[a] < days[b]; });
      std::vector<int32_t> d2;
      std::vector<double> y2;
      for (size_t i : order) d2.push_back(days[i]), y2.push_back(y[i]);
      days.swap(d2);
      y.swap(y2);
    }
  }
  const double mean_y = Mean(y);
  const double sigma = y.size() > 1 ? StdDev(y, 0) : 0.0;
  std::vector<double> dd(y.size());
  {
    double z = 0.0, peak = fixes.m13_drawdown_from_zero ? 0.0 : -inf;
    for (size_t i = 0; i < y.size(); ++i) {
      z += y[i];
      peak = std::max(peak, z);
      dd[i] = z - peak;
    }
  }
  std::vector<double> episodes;
  {
    long start = -1;
    for (size_t i = 0; i < dd.size(); ++i) {
      if (start < 0 && dd[i] < 0) start = static_cast<long>(i);
      else if (start >= 0 && dd[i] >= 0) {
        episodes.push_back(static_cast<double>(static_cast<long>(i) - start));
        start = -1;
      }
    }
    if (start >= 0) episodes.push_back(static_cast<double>(static_cast<long>(dd.size()) - start));
  }
  double min_dd = 0.0;
  std::vector<double> neg_dd;
  for (double v : dd) {
    min_dd = std::min(min_dd, v);
    if (v < 0) neg_dd.push_back(std::fabs(v));
  }
  const double max_dd_daily = std::fabs(min_dd);
  std::vector<double> neg_sq;
  for (double v : y)
    if (v < 0 || fixes.m14_sortino_all_days) neg_sq.push_back(v < 0 ? v * v : 0.0);
  const double delta = neg_sq.empty() ? 0.0 : std::sqrt(Mean(neg_sq));
  const double sqrt252 = std::sqrt(252.0);
  // Monthly sums in calendar order (each month's values added in row order).
  const int32_t first_day = *std::min_element(days.begin(), days.end());
  const int32_t last_day = *std::max_element(days.begin(), days.end());
  const CivilDate first_civil = CivilFromDays(first_day);
  const int first_month = first_civil.year * 12 + static_cast<int>(first_civil.month);
  std::vector<int32_t> month_of_day(static_cast<size_t>(last_day - first_day) + 1);  // per date: month index
  for (int32_t d = first_day; d <= last_day; ++d) {
    const CivilDate c = CivilFromDays(d);
    month_of_day[static_cast<size_t>(d - first_day)] = c.year * 12 + static_cast<int>(c.month) - first_month;
  }
  std::vector<double> month_total(static_cast<size_t>(month_of_day.back()) + 1, 0.0);
  std::vector<uint8_t> month_seen(month_total.size(), 0);
  for (const StatRow* r : e) {
    const size_t at = static_cast<size_t>(month_of_day[static_cast<size_t>(r->date - first_day)]);
    month_total[at] += r->pd;
    month_seen[at] = 1;
  }
  std::vector<double> month_sums;
  for (size_t i = 0; i < month_total.size(); ++i)
    if (month_seen[i]) month_sums.push_back(month_total[i]);
  const double years = (static_cast<double>(last_day - first_day) + 1.0) / 365.25;
  const double active = static_cast<double>(days.size());
  const double p = total_profit / active;
  int64_t longest = 0;
  for (double ep : episodes) longest = std::max(longest, static_cast<int64_t>(ep));

  j.Key("performance_daily_metrics");
  j.BeginObject();
  j.Key("sharpe_ratio"), j.Float(sigma == 0 ? 0.0 : PyRound(252.0 * mean_y / (sigma * sqrt252), 2));
  j.Key("sortino_ratio"), j.Float(delta == 0 ? 0.0 : PyRound(252.0 * mean_y / (delta * sqrt252), 2));
  j.Key("calmar_ratio"), j.Float(max_dd_daily == 0 ? 0.0 : PyRound(252.0 * mean_y / max_dd_daily, 2));
  j.Key("time_to_recovery_days"), j.Integer(longest);
  j.Key("avg_drawdown_daily"), j.Float(neg_dd.empty() ? 0.0 : PyRound(Mean(neg_dd), 2));
  j.Key("avg_drawdown_duration_days"), j.Float(episodes.empty() ? 0.0 : PyRound(Mean(episodes), 1));
  j.Key("drawdown_episodes_per_year"), j.Float(PyRound(static_cast<double>(episodes.size()) / years, 2));
  j.Key("monthly_return_stddev"), j.Float(month_sums.size() > 1 ? PyRound(StdDev(month_sums, 1), 2) : 0.0);
  j.Key("max_drawdown_daily"), j.Float(PyRound(max_dd_daily, 2));
  j.Key("avg_trades_per_day"), j.Float(PyRound(static_cast<double>(e.size()) / active, 2));
  j.Key("profit_per_day"), j.Float(PyRound(p * 1, 2));
  j.Key("profit_per_week"), j.Float(PyRound(p * 5, 2));
  j.Key("profit_per_month"), j.Float(PyRound(p * 21, 2));
  j.Key("profit_per_year"), j.Float(PyRound(p * 252, 2));
  j.EndObject();

  j.Key("day_counts");
  j.BeginObject();
  j.Key("executed_trading_days"), j.Integer(DistinctDates(executed_rows));
  j.Key("active_trading_days"), j.Integer(static_cast<int64_t>(days.size()));
  j.Key("allowed_trading_days"), j.Integer(static_cast<int64_t>(days.size()));
  j.EndObject();
  j.EndObject();
}

void WriteStreams(PythonJson& j, const Matrix& m, const std::vector<StatRow>& all, bool include_filtered) {
  j.BeginObject();
  // Rows come stream by stream (§6 order): each stream's rows are one range.
  std::vector<size_t> begin(m.streams.size() + 1, all.size()), end(m.streams.size(), all.size());
  for (size_t i = all.size(); i-- > 0;) begin[all[i].stream] = i;
  for (size_t i = 0; i < all.size(); ++i) end[all[i].stream] = i + 1;
  std::vector<double> pd(all.size());
  for (uint32_t s = 0; s < m.streams.size(); ++s) {
    int64_t total = 0, allowed = 0, executed = 0, wins = 0, losses = 0;
    size_t kept = 0;
    for (size_t i = begin[s]; i < end[s]; ++i) {  // branch-free: the counted rows vary unpredictably
      const StatRow& r = all[i];
      const bool own = r.stream == s;
      const bool counted = own && r.executed && (include_filtered || r.allowed);
      total += own;
      allowed += own && r.allowed;
      executed += counted;
      wins += counted && r.kind == Kind::kWin;
      losses += counted && r.kind == Kind::kLoss;
      pd[kept] = r.pd;
      kept += counted;
    }
    if (total == 0) continue;  // a stream without rows is not in M
    j.Key(m.streams[s].id);
    j.BeginObject();
    j.Key("total_rows"), j.Integer(total);
    j.Key("filtered_rows"), j.Integer(total - allowed);
    j.Key("allowed_rows"), j.Integer(allowed);
    j.Key("executed_trades"), j.Integer(executed);
    j.Key("wins"), j.Integer(wins);
    j.Key("losses"), j.Integer(losses);
    j.Key("win_rate"), j.Float(wins + losses ? PyRound(100.0 * wins / (wins + losses), 1) : 0.0);
    j.Key("profit"), j.Float(kept == 0 ? 0.0 : PyRound(PairwiseSum(pd.data(), kept), 2));
    j.EndObject();
  }
  j.EndObject();
}

}  // namespace

std::string MatrixStatisticsJson(const Matrix& m) {
  const std::vector<StatRow> rows = StatRows(m);
  // The four parts are independent: two are written on a second thread.
  auto summary = [&](bool include_filtered) {
    PythonJson part = PythonJson::Fragment(1);
    WriteSummary(part, rows, include_filtered, m.fixes);
    return part.Finish();
  };
  auto streams = [&](bool include_filtered) {
    PythonJson part = PythonJson::Fragment(1);
    WriteStreams(part, m, rows, include_filtered);
    return part.Finish();
  };
  std::future<std::pair<std::string, std::string>> with_filtered =
      std::async(std::launch::async, [&] { return std::make_pair(summary(true), streams(true)); });
  const std::string summary_allowed = summary(false), streams_allowed = streams(false);
  const auto [summary_all, streams_all] = with_filtered.get();
  PythonJson j;
  j.BeginObject();
  j.Key("input"), j.String("saved master matrix parquet (as the API reads it)");
  j.Key("summary_stats_include_filtered_executed_true");
  j.Raw(summary_all);
  j.Key("summary_stats_include_filtered_executed_false");
  j.Raw(summary_allowed);
  j.Key("stream_stats_include_filtered_executed_true");
  j.Raw(streams_all);
  j.Key("stream_stats_include_filtered_executed_false");
  j.Raw(streams_allowed);
  j.EndObject();
  return j.Finish();
}

}  // namespace orbit::selection
