// python/src/report_binding.cc -- `orbit report`'s statistics from Python.
//
// The records come from result files (report::ReadResultFile, as `orbit
// report` reads them) or from a result table in memory (an Arrow C stream,
// report::RecordsFromArrowTable); report::BuildReport computes everything and
// report::ReportToJson renders the same JSON document as `orbit report
// --json`. The HTML report is written by report::WriteHtmlReport. Nothing is
// computed here. The GIL is released while records are read and the report
// is built.
#include <nanobind/stl/optional.h>
#include <nanobind/stl/pair.h>
#include <nanobind/stl/string.h>
#include <nanobind/stl/vector.h>

#include <cmath>
#include <iterator>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "app_bindings.h"
#include "core/atomic_file.h"
#include "core/error.h"
#include "core/output_set.h"
#include "orbit/option_values.h"
#include "report/html_report.h"
#include "report/json_report.h"
#include "report/report_stats.h"
#include "report/result_table_reader.h"

namespace nb = nanobind;

namespace orbit::python {
namespace {

struct ReportRequest {
  std::string by = "stream,slot,year,month,weekday,direction";
  double commission = 0.0;  // USD per side and contract
  std::string html_path;    // "" = no HTML report
  std::string json_path;    // "" = no JSON file
};

nb::dict HeatmapDict(const report::Heatmap& h) {
  nb::dict d;
  d["title"] = h.title;
  d["rows"] = h.row_labels;
  d["columns"] = h.column_labels;
  d["net_usd"] = h.net_usd;
  d["trades"] = h.trades;
  return d;
}

// Equity and drawdown per stream and the two heatmaps: what the HTML report
// charts, beyond the JSON statistics.
nb::dict SeriesDict(const report::Report& r) {
  nb::list equity;
  for (const report::EquitySeries& series : r.equity) {
    std::vector<std::string> dates;
    std::vector<double> equity_usd, drawdown_usd;
    for (const report::EquityPoint& p : series.points) {
      dates.push_back(FormatDate(p.date));
      equity_usd.push_back(p.equity_usd);
      drawdown_usd.push_back(p.drawdown_usd);
    }
    nb::dict s;
    s["stream"] = series.stream;
    s["date"] = dates;
    s["equity_usd"] = equity_usd;
    s["drawdown_usd"] = drawdown_usd;
    equity.append(s);
  }
  nb::dict d;
  d["equity"] = equity;
  d["slot_weekday"] = HeatmapDict(r.slot_weekday);
  d["year_month"] = HeatmapDict(r.year_month);
  return d;
}

// Builds the report of `records`, writes the requested files and returns
// (the JSON document, the chart series or None).
std::pair<std::string, nb::object> Finish(std::vector<report::TradeRecord> records, std::vector<std::string> sources,
                                          const ReportRequest& request, bool series) {
  if (!std::isfinite(request.commission) || request.commission < 0)
    ThrowUsage("commission: expected a non-negative amount of USD per side, got " + std::to_string(request.commission));
  std::optional<report::Report> r;
  std::string json;
  {
    nb::gil_scoped_release unlocked;
    report::StatsOptions options;
    options.commission_per_side_usd = request.commission;
    const std::vector<report::Dimension> dimensions = report::ParseDimensions(request.by);
    r = report::BuildReport(std::move(records), options, dimensions, std::move(sources));
    json = report::ReportToJson(*r);
    if (!request.html_path.empty()) report::WriteHtmlReport(*r, request.html_path);
    if (!request.json_path.empty()) WriteFileAtomically(request.json_path, json);
  }
  return {std::move(json), series ? nb::object(SeriesDict(*r)) : nb::none()};
}

std::pair<std::string, nb::object> ReportFiles(const std::vector<std::string>& files, const ReportRequest& request,
                                               bool series) {
  std::vector<report::TradeRecord> records;
  {
    nb::gil_scoped_release unlocked;
    if (files.empty()) ThrowUsage("results: no result table given");
    // The destination is checked before any table is read: never one of the
    // inputs (also through a symlink or a hard link).
    OutputSet check;
    if (!request.html_path.empty()) check.Declare(request.html_path, "out", files);
    if (!request.json_path.empty()) check.Declare(request.json_path, "out", files);
    for (const std::string& file : files) {
      std::vector<report::TradeRecord> part = report::ReadResultFile(file);
      records.insert(records.end(), std::make_move_iterator(part.begin()), std::make_move_iterator(part.end()));
    }
  }
  return Finish(std::move(records), files, request, series);
}

std::pair<std::string, nb::object> ReportStream(nb::handle capsule, const std::string& source_name,
                                                const ReportRequest& request, bool series) {
  const std::shared_ptr<arrow::Table> table = TableFromStreamCapsule(capsule, source_name);
  std::vector<report::TradeRecord> records;
  {
    nb::gil_scoped_release unlocked;
    records = report::RecordsFromArrowTable(*table, source_name);
  }
  return Finish(std::move(records), {source_name}, request, series);
}

}  // namespace

void BindReport(nb::module_& m) {
  nb::class_<ReportRequest>(m, "_ReportRequest")
      .def(nb::init<>())
      .def_rw("by", &ReportRequest::by)
      .def_rw("commission", &ReportRequest::commission)
      .def_rw("html_path", &ReportRequest::html_path)
      .def_rw("json_path", &ReportRequest::json_path);
  m.def("report_files", &ReportFiles, nb::arg("files"), nb::arg("request"), nb::arg("series"),
        "`orbit report --json` over result files; returns (JSON text, chart series or None).");
  m.def("report_stream", &ReportStream, nb::arg("stream"), nb::arg("source_name"), nb::arg("request"),
        nb::arg("series"),
        "`orbit report --json` over a result table (Arrow C stream capsule); returns (JSON text, series or None).");
  BindDataTools(m);
}

}  // namespace orbit::python
