// apps/cli/report_command.cc -- `orbit report`: statistics over result tables.
#include <cctz/civil_time.h>
#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <filesystem>
#include <memory>

#include "commands.h"
#include "core/output_set.h"
#include "orbit/report.h"
#include "research/overfit_report.h"
#include "research/pnl_table.h"
#include "research/walk_forward.h"

namespace orbit::cli {
namespace {

bool IsResultFile(const std::filesystem::path& p) {
  const std::string ext = p.extension().string();
  return ext == ".csv" || ext == ".CSV" || ext == ".parquet" || ext == ".PARQUET";
}

// Files as given; folders expand to their .csv/.parquet files (recursively, sorted).
std::vector<std::string> ExpandInputs(const std::vector<std::string>& inputs) {
  std::vector<std::string> files;
  for (const std::string& input : inputs) {
    std::error_code ec;
    if (!std::filesystem::is_directory(input, ec)) {
      files.push_back(input);
      continue;
    }
    std::vector<std::string> found;
    for (const auto& entry : std::filesystem::recursive_directory_iterator(input, ec))
      if (entry.is_regular_file() && IsResultFile(entry.path())) found.push_back(entry.path().string());
    if (ec) ThrowIo("cannot list folder " + input + ": " + ec.message());
    if (found.empty()) ThrowIo("folder " + input + " holds no .csv or .parquet result table");
    std::sort(found.begin(), found.end());
    files.insert(files.end(), found.begin(), found.end());
  }
  return files;
}

// A research table's cells as text (the page shows them as given): numbers in
// their shortest exact form, dates YYYY-MM-DD, nulls empty.
report::SweepWalkForwardTable TextTable(const research::OutTable& table, std::string title) {
  report::SweepWalkForwardTable out;
  out.title = std::move(title);
  for (const research::OutColumn& c : table.columns) out.header.push_back(c.name);
  for (size_t r = 0; r < table.rows(); ++r) {
    std::vector<std::string> row;
    for (const research::OutColumn& c : table.columns) {
      if (!c.valid.empty() && !c.valid[r]) {
        row.emplace_back();
        continue;
      }
      switch (c.type) {
        case research::OutColumn::Type::kText: row.push_back(c.text[r]); break;
        case research::OutColumn::Type::kInt: row.push_back(std::to_string(c.ints[r])); break;
        case research::OutColumn::Type::kDate: row.push_back(research::IsoDay(static_cast<int32_t>(c.ints[r]))); break;
        case research::OutColumn::Type::kReal: row.push_back(fmt::format("{}", c.reals[r])); break;
      }
    }
    out.rows.push_back(std::move(row));
  }
  return out;
}

// The stitched out-of-sample equity of a walk-forward group as an equity series.
report::EquitySeries OosEquity(const research::WalkForwardGroup& g) {
  report::EquitySeries series;
  double high = 0;
  for (size_t i = 0; i < g.equity.size(); ++i) {
    high = std::max(high, g.equity[i]);
    series.points.push_back({cctz::civil_day(1970, 1, 1) + g.equity_dates[i], g.equity[i], g.equity[i] - high});
  }
  return series;
}

}  // namespace

std::function<int()> AddReportCommand(CLI::App& app) {
  struct Args {
    std::vector<std::string> results;
    std::string out;
    std::string by = "stream,slot,year,month,weekday,direction";
    bool json = false;
    double commission = 0.0;
    bool quiet = false;
    std::string x, y;
    size_t top = 10;
    std::string pnl;
    int splits = 16;
    std::string walk_forward, objective = "net_usd";
    int64_t min_trades = 20;
  };
  auto a = std::make_shared<Args>();
  CLI::App* sub = app.add_subcommand("report", "Statistics, HTML and JSON reports over result tables (CSV/Parquet)");
  sub->add_option("RESULTS", a->results, "Result tables written by `orbit run` (files or folders)")->required();
  sub->add_option("--out", a->out, "Output file (default report.html; with --json default stdout)");
  CLI::Option* by_option =
      sub->add_option("--by", a->by, "Breakdowns: stream,slot,year,month,weekday,direction (default all)");
  sub->add_flag("--json", a->json, "Write the statistics as JSON instead of HTML");
  CLI::Option* commission_option =
      sub->add_option("--commission", a->commission,
                      "Commission in USD per side and contract (default 0; result tables only)");
  sub->add_flag("--quiet", a->quiet, "No summary table");
  const std::vector<std::string>& axes = report::SweepAxisNames();
  sub->add_option("--x", a->x, "Sweep page: heatmap axis across (target, stop_cap, t1, be_offset; default the first swept)")
      ->check(CLI::IsMember(axes));
  sub->add_option("--y", a->y, "Sweep page: heatmap axis down (default the second swept)")->check(CLI::IsMember(axes));
  sub->add_option("--top", a->top, "Sweep page: combinations listed per stream (default 10)")
      ->check(CLI::Range(size_t{1}, size_t{1000000}));
  sub->add_option("--pnl", a->pnl,
                  "Sweep page: the sweep's daily P&L (`orbit sweep --pnl-out`); adds PBO, DSR and PSR per group "
                  "beside its best (as `orbit overfit`)");
  sub->add_option("--splits", a->splits, "Sweep page with --pnl: CSCV blocks S, even, 2-20 (default 16)");
  sub->add_option("--walk-forward", a->walk_forward,
                  "Sweep page with --pnl: TRAIN:TEST[:anchored] months; adds the walk-forward per group (IS/OOS "
                  "net, efficiency, out-of-sample equity) and its windows table");
  sub->add_option("--objective", a->objective,
                  "Sweep page walk-forward objective: net_usd|profit_factor|sharpe|expectancy (default net_usd)");
  sub->add_option("--min-trades", a->min_trades, "Sweep page walk-forward: min closed trades in train (default 20)");
  sub->footer(
      "Given sweep SUMMARY files (`orbit sweep --out`), `orbit report` writes the sweep page instead: per group, "
      "heatmaps of net USD and profit factor over two swept axes (--x, --y; the other axes held at the group's best "
      "combination) and the top combinations of each stream (--top).");
  return [a, by_option, commission_option]() {
    if (!std::isfinite(a->commission) || a->commission < 0)
      ThrowUsage("--commission: expected a non-negative amount of USD per side");
    report::StatsOptions options;
    options.commission_per_side_usd = a->commission;
    const std::vector<report::Dimension> dimensions = report::ParseDimensions(a->by);
    const std::vector<std::string> files = ExpandInputs(a->results);
    // The destination is checked before any table is read: never one of the
    // inputs (also through a symlink or a hard link), never a folder.
    OutputSet outputs;
    const std::string out = a->out.empty() ? (a->json ? std::string() : "report.html") : a->out;
    std::vector<std::string> inputs = files;  // an output may equal none of them (--pnl too)
    if (!a->pnl.empty()) inputs.push_back(a->pnl);
    if (!out.empty()) outputs.Declare(out, "--out", inputs);
    size_t sweeps = 0;
    for (const std::string& file : files) sweeps += report::IsSweepSummaryFile(file) ? 1 : 0;
    if (sweeps > 0) {
      if (sweeps != files.size()) ThrowUsage("RESULTS: sweep SUMMARY files and result tables cannot be mixed");
      if (a->json) ThrowUsage("--json: not available for sweep SUMMARY files (they are tables already)");
      // A SUMMARY's money is the sweep's (its --commission); breakdowns are its groups (its --by).
      if (commission_option->count() > 0)
        ThrowUsage("--commission: not used for sweep SUMMARY files (their net USD was computed by `orbit sweep "
                   "--commission`)");
      if (by_option->count() > 0)
        ThrowUsage("--by: not used for sweep SUMMARY files (their groups were chosen by `orbit sweep --by`)");
      std::vector<report::SweepSummaryRow> rows;
      for (const std::string& file : files) {
        std::vector<report::SweepSummaryRow> part = report::ReadSweepSummary(file);
        rows.insert(rows.end(), std::make_move_iterator(part.begin()), std::make_move_iterator(part.end()));
      }
      report::SweepPageOptions page_options;
      page_options.x = a->x;
      page_options.y = a->y;
      page_options.top = a->top;
      if (!a->walk_forward.empty() && a->pnl.empty()) ThrowUsage("--walk-forward: needs --pnl PNL");
      if (!a->pnl.empty()) {
        research::WalkForwardSpec spec;
        if (!a->walk_forward.empty())
          spec = research::ParseWalkForwardSpec(a->walk_forward, a->objective, a->min_trades);
        const research::PnlTable table = research::ReadPnlFile(a->pnl);
        if (table.rows() == 0) ThrowBadInput(a->pnl + ": P&L file has no rows");
        for (const research::GroupOverfit& g : research::ComputeOverfit(table, a->splits, 0, a->pnl)) {
          report::SweepGroupTrust& t = page_options.trust[g.key.instrument + " " + g.key.group];
          t.pbo = g.pbo.pbo;
          t.dsr = g.sharpe.dsr;
          t.psr = g.sharpe.psr;
          t.best_sharpe_combo = g.best_combo;
          t.n_days = g.n_days;
          t.splits = g.splits;
        }
        if (!a->walk_forward.empty()) {
          research::ComboParameters params;  // as `orbit overfit --summary`
          params.names = {"target", "stop_cap", "t1", "be_offset"};
          for (const report::SweepSummaryRow& r : rows)
            params.values[{r.instrument, r.combo}] = {r.target, r.stop_cap, r.t1, static_cast<double>(r.be_offset)};
          const research::WalkForwardResult walk = research::RunWalkForward(table, params, spec, a->pnl);
          for (const research::WalkForwardGroup& w : walk.groups) {
            const research::PnlGroup& key = table.groups[w.group];
            report::SweepGroupTrust& t = page_options.trust[key.instrument + " " + key.group];
            t.walk_forward = true;
            t.windows = w.windows;
            t.selected_windows = w.selected_windows;
            t.is_net_usd = w.is_net_usd;
            t.oos_net_usd = w.oos_net_usd;
            t.efficiency = w.efficiency;
            t.oos_max_drawdown_usd = w.max_drawdown_usd;
            t.oos_equity = OosEquity(w);
          }
          const std::string text = research::WalkForwardText(walk, table);
          page_options.walk_forward =
              TextTable(research::WalkForwardTable(walk, table, params), text.substr(0, text.find('\n')));
        }
      }
      const report::SweepPage page = report::BuildSweepPage(rows, page_options, files);
      outputs.StageContents(out, report::RenderSweepPage(page));
      outputs.Commit();
      if (!a->quiet)
        std::fprintf(stderr, "orbit report: sweep page, %zu combinations, %zu groups (%s x %s) -> %s\n",
                     page.combinations, page.heatmaps.size(), page.x.c_str(), page.y.c_str(), out.c_str());
      return 0;
    }
    if (!a->x.empty() || !a->y.empty()) ThrowUsage("--x/--y: only for sweep SUMMARY files");
    if (!a->pnl.empty()) ThrowUsage("--pnl: only for sweep SUMMARY files");
    if (!a->walk_forward.empty()) ThrowUsage("--walk-forward: only for sweep SUMMARY files");
    std::vector<report::TradeRecord> records;
    for (const std::string& file : files) {
      std::vector<report::TradeRecord> part = report::ReadResultFile(file);
      records.insert(records.end(), std::make_move_iterator(part.begin()), std::make_move_iterator(part.end()));
    }
    const report::Report r = report::BuildReport(std::move(records), options, dimensions, files);
    if (a->json) {
      const std::string json = report::ReportToJson(r);
      if (out.empty()) {
        std::fwrite(json.data(), 1, json.size(), stdout);
      } else {
        outputs.StageContents(out, json);
        outputs.Commit();
      }
      return 0;
    }
    outputs.StageContents(out, report::RenderHtmlReport(r));
    outputs.Commit();
    if (!a->quiet) {
      std::fputs(report::FormatStreamTable(r.streams, r.overall, r.run_costs).c_str(), stdout);
      std::fprintf(stderr, "orbit report: %zu rows from %zu files -> %s\n", r.overall.rows, files.size(), out.c_str());
    }
    return 0;
  };
}

}  // namespace orbit::cli
