// apps/cli/report_command.cc -- `orbit report`: statistics over result tables.
#include <algorithm>
#include <cmath>
#include <cstdio>
#include <filesystem>
#include <memory>

#include "commands.h"
#include "core/atomic_file.h"
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
  };
  auto a = std::make_shared<Args>();
  CLI::App* sub = app.add_subcommand("report", "Statistics, HTML and JSON reports over result tables (CSV/Parquet)");
  sub->add_option("RESULTS", a->results, "Result tables written by `orbit run` (files or folders)")->required();
  sub->add_option("--out", a->out, "Output file (default report.html; with --json default stdout)");
  sub->add_option("--by", a->by, "Breakdowns: stream,slot,year,month,weekday,direction (default all)");
  sub->add_flag("--json", a->json, "Write the statistics as JSON instead of HTML");
  sub->add_option("--commission", a->commission, "Commission in USD per side and contract (default 0)");
  sub->add_flag("--quiet", a->quiet, "No summary table");
  return [a]() {
    if (!std::isfinite(a->commission) || a->commission < 0)
      ThrowUsage("--commission: expected a non-negative amount of USD per side");
    report::StatsOptions options;
    options.commission_per_side_usd = a->commission;
    const std::vector<report::Dimension> dimensions = report::ParseDimensions(a->by);
    const std::vector<std::string> files = ExpandInputs(a->results);
    std::vector<report::TradeRecord> records;
    for (const std::string& file : files) {
      std::vector<report::TradeRecord> part = report::ReadResultFile(file);
      records.insert(records.end(), std::make_move_iterator(part.begin()), std::make_move_iterator(part.end()));
    }
    const report::Report r = report::BuildReport(std::move(records), options, dimensions, files);
    if (a->json) {
      const std::string json = report::ReportToJson(r);
      if (a->out.empty()) std::fwrite(json.data(), 1, json.size(), stdout);
      else WriteFileAtomically(a->out, json);
      return 0;
    }
    const std::string out = a->out.empty() ? "report.html" : a->out;
    report::WriteHtmlReport(r, out);
    if (!a->quiet) {
      std::fputs(report::FormatStreamTable(r.streams, r.overall).c_str(), stdout);
      std::fprintf(stderr, "orbit report: %zu rows from %zu files -> %s\n", r.overall.rows, files.size(), out.c_str());
    }
    return 0;
  };
}

}  // namespace orbit::cli
