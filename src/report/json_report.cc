#include "report/json_report.h"
#include "core/civil_text.h"

#include <cmath>
#include <cstdio>

#include "report/json_writer.h"

namespace orbit::report {
namespace {

using strategy::Outcome;

// Divides by an exact power of ten, so the shortest repr is the short decimal.
double Rounded(double v, double per_unit) { return std::isfinite(v) ? std::nearbyint(v * per_unit) / per_unit + 0.0 : v; }
double Usd(double v) { return Rounded(v, 100.0); }  // + 0.0 above: no "-0.0"
double Points(double v) { return Rounded(v, 1e6); }

void Date(JsonWriter& w, const std::optional<cctz::civil_day>& d) {
  if (!d) {
    w.Null();
    return;
  }
  w.String(DateText(*d));
}

void PointsOrNull(JsonWriter& w, const GroupStats& s, double v) {
  if (s.points_valid) w.Number(Points(v));
  else w.Null();
}

void Stats(JsonWriter& w, const GroupStats& s, bool costs) {
  w.BeginObject();
  w.Key("key");
  w.String(s.key);
  w.Key("rows");
  w.Integer(static_cast<int64_t>(s.rows));
  w.Key("trades");
  w.Integer(static_cast<int64_t>(s.trades));
  w.Key("results");
  w.BeginObject();
  for (Outcome o : {Outcome::kWin, Outcome::kLoss, Outcome::kBE, Outcome::kTime, Outcome::kOpen, Outcome::kNoTrade}) {
    w.Key(strategy::OutcomeName(o));
    w.Integer(static_cast<int64_t>(s.count(o)));
  }
  w.EndObject();
  w.Key("win_rate_pct");
  w.Number(Points(s.win_rate_pct));
  w.Key("instruments");
  w.BeginArray();
  for (const std::string& i : s.instruments) w.String(i);
  w.EndArray();
  w.Key("profit_column");
  w.Number(Points(s.profit_column));
  w.Key("total_points");
  PointsOrNull(w, s, s.total_points);
  w.Key("avg_points");
  PointsOrNull(w, s, s.avg_points);
  w.Key("gross_usd");
  w.Number(Usd(s.gross_usd));
  w.Key("avg_usd");
  w.Number(Usd(s.avg_usd));
  w.Key("commission_usd");
  w.Number(Usd(s.commission_usd));
  if (costs) {  // the run's slippage (extended columns)
    w.Key("slippage_usd");
    w.Number(Usd(s.slippage_usd));
  }
  w.Key("net_usd");
  w.Number(Usd(s.net_usd));
  w.Key("profit_factor");
  w.Number(Points(s.profit_factor));  // null when +inf or NaN
  w.Key("expectancy_usd");
  w.Number(Usd(s.expectancy_usd));
  w.Key("max_drawdown_usd");
  w.Number(Usd(s.max_drawdown_usd));
  w.Key("max_drawdown_start");
  Date(w, s.drawdown_start);
  w.Key("max_drawdown_end");
  Date(w, s.drawdown_end);
  w.Key("longest_losing_streak");
  w.Integer(static_cast<int64_t>(s.longest_losing_streak));
  w.Key("avg_peak");
  PointsOrNull(w, s, s.avg_peak);
  w.Key("avg_range");
  PointsOrNull(w, s, s.avg_range);
  w.Key("first_date");
  Date(w, s.first_date);
  w.Key("last_date");
  Date(w, s.last_date);
  w.EndObject();
}

void Research(JsonWriter& w, const ResearchStats& s) {
  w.BeginObject();
  w.Key("key");
  w.String(s.key);
  w.Key("trades");
  w.Integer(static_cast<int64_t>(s.trades));
  w.Key("distinct_trades");
  w.Integer(static_cast<int64_t>(s.distinct_trades));
  w.Key("extended_columns");
  w.Bool(s.extended);
  if (s.extended) {
    w.Key("net_after_costs_usd");
    w.Number(Usd(s.net_after_costs_usd));
    w.Key("ambiguous");
    w.Integer(static_cast<int64_t>(s.ambiguous));
    w.Key("ambiguous_share_pct");
    w.Number(Points(s.ambiguous_share_pct));
    for (const auto& [name, value] : {std::pair{"mae_median", s.mae_median}, std::pair{"mae_p90", s.mae_p90},
                                      std::pair{"mae_max", s.mae_max}}) {
      w.Key(name);
      if (s.mae_valid) w.Number(Points(value));
      else w.Null();
    }
  }
  w.EndObject();
}

}  // namespace

std::string ReportToJson(const Report& report) {
  JsonWriter w;
  w.BeginObject();
  w.Key("format");
  w.String("orbit-report");
  w.Key("version");
  w.Integer(1);
  w.Key("sources");
  w.BeginArray();
  for (const std::string& s : report.sources) w.String(s);
  w.EndArray();
  w.Key("commission_per_side_usd");
  w.Number(report.options.commission_per_side_usd);
  if (report.run_costs) {  // the costs the run's rows carry (--columns extended), in every net figure
    w.Key("run_costs");
    w.BeginObject();
    w.Key("commission_usd");
    w.Number(Usd(report.run_commission_usd));
    w.Key("slippage_usd");
    w.Number(Usd(report.run_slippage_usd));
    w.EndObject();
  }
  w.Key("overall");
  Stats(w, report.overall, report.run_costs);
  w.Key("breakdowns");
  w.BeginObject();
  for (const auto& [dimension, groups] : report.breakdowns) {
    w.Key(DimensionName(dimension));
    w.BeginArray();
    for (const GroupStats& g : groups) Stats(w, g, report.run_costs);
    w.EndArray();
  }
  w.EndObject();
  w.Key("research");
  w.BeginArray();
  for (const ResearchStats& r : report.research) Research(w, r);
  w.EndArray();
  w.Key("portfolio_distinct_trades");
  w.BeginObject();
  w.Key("trades");
  w.Integer(static_cast<int64_t>(report.portfolio.trades));
  w.Key("distinct_trades");
  w.Integer(static_cast<int64_t>(report.portfolio.distinct_trades));
  w.Key("net_usd");
  w.Number(Usd(report.portfolio.net_usd));
  w.Key("max_drawdown_usd");
  w.Number(Usd(report.portfolio.max_drawdown_usd));
  w.EndObject();
  w.EndObject();
  return w.text();
}

}  // namespace orbit::report
