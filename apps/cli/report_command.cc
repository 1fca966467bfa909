// apps/cli/report_command.cc -- `orbit report`: statistics over result tables.
#include <algorithm>
#include <cmath>
#include <cstdio>
#include <filesystem>
#include <memory>

#include "commands.h"
#include "core/output_set.h"
#include "orbit/report.h"

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
    if (!out.empty()) outputs.Declare(out, "--out", files);
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
      const report::SweepPage page = report::BuildSweepPage(rows, {a->x, a->y, a->top}, files);
      outputs.StageContents(out, report::RenderSweepPage(page));
      outputs.Commit();
      if (!a->quiet)
        std::fprintf(stderr, "orbit report: sweep page, %zu combinations, %zu groups (%s x %s) -> %s\n",
                     page.combinations, page.heatmaps.size(), page.x.c_str(), page.y.c_str(), out.c_str());
      return 0;
    }
    if (!a->x.empty() || !a->y.empty()) ThrowUsage("--x/--y: only for sweep SUMMARY files");
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
