// python/src/matrix_binding.cc -- `orbit matrix` from Python (orbit.matrix).
//
// The inputs are result files (read as `orbit matrix` reads them) and/or
// result tables in memory (Arrow C stream capsules, e.g. what orbit.scan
// returns); selection::ComputeMatrix builds the matrix and the same
// functions as the CLI render the statistics, state and timetables. The
// matrix comes back as an Arrow C stream (the wrapper makes it a DataFrame).
// Nothing is computed here. The GIL is released while the matrix is built.
#include <nanobind/stl/pair.h>
#include <nanobind/stl/string.h>
#include <nanobind/stl/tuple.h>
#include <nanobind/stl/vector.h>

#include <string>
#include <tuple>
#include <vector>

#include "app_bindings.h"
#include "core/error.h"
#include "orbit/matrix.h"
#include "selection/arrow_column_table.h"
#include "selection/civil_date.h"

namespace nb = nanobind;

namespace orbit::python {
namespace {

struct MatrixPyRequest {
  std::string filters_json;               // the filters document, '' for none
  std::vector<std::string> fixes;         // "KI-M05", ...
  bool strict = false;
  std::string resume_json;                // a saved state document, '' for none
  std::vector<std::string> timetable_dates;
  std::string timetable_mode = "live";
  bool pinned_clock = false;
  std::string out;                        // also write the matrix here (.csv/.parquet), '' = no
};

// (matrix stream capsule, stats JSON, state JSON, [timetable JSON per date], warnings)
std::tuple<nb::capsule, std::string, std::string, std::vector<std::string>, std::vector<std::string>> Matrix(
    nb::list sources, const MatrixPyRequest& request) {
  std::vector<selection::ColumnTable> tables;
  std::vector<std::string> names;
  std::vector<std::pair<nb::object, std::string>> pending;  // in-memory tables, read with the GIL held
  for (nb::handle item : sources) {
    auto pair = nb::cast<std::pair<nb::object, std::string>>(item);
    pending.push_back(std::move(pair));
  }
  std::vector<std::shared_ptr<arrow::Table>> arrow_tables(pending.size());
  for (size_t i = 0; i < pending.size(); ++i)
    if (!nb::isinstance<nb::str>(pending[i].first))
      arrow_tables[i] = TableFromStreamCapsule(pending[i].first, pending[i].second);
  selection::SelectionFixes fixes;
  for (const std::string& id : request.fixes) selection::EnableSelectionFix(fixes, id);
  const selection::TimetableMode mode = request.timetable_mode == "historical" ? selection::TimetableMode::kHistorical
                                        : request.timetable_mode == "live"
                                            ? selection::TimetableMode::kLive
                                            : (ThrowUsage("timetable_mode: expected live or historical, got " +
                                                          request.timetable_mode),
                                               selection::TimetableMode::kLive);
  std::vector<int32_t> dates;
  for (const std::string& d : request.timetable_dates) {
    int32_t day = 0;
    if (d.size() != 10 || !selection::ParseIsoDate(d, day)) ThrowUsage("timetable: " + d + " is not a YYYY-MM-DD date");
    dates.push_back(day);
  }
  std::shared_ptr<arrow::Table> out_table;
  std::string stats, state;
  std::vector<std::string> timetables, warnings;
  {
    nb::gil_scoped_release unlocked;
    for (size_t i = 0; i < pending.size(); ++i) {
      names.push_back(pending[i].second);
      tables.push_back(arrow_tables[i] ? selection::ColumnsFromArrowTable(*arrow_tables[i], pending[i].second)
                                       : selection::ReadResultColumns(pending[i].second));
    }
    if (tables.empty()) ThrowUsage("results: no result table given");
    selection::JsonValue filters;
    if (!request.filters_json.empty()) filters = selection::ParseJson(request.filters_json, "filters");
    selection::SequencerState resume;
    if (!request.resume_json.empty())
      resume = selection::ParseSequencerState(selection::ParseJson(request.resume_json, "resume"), "resume");
    selection::Diagnostics diagnostics;
    diagnostics.strict = request.strict;
    const selection::Matrix m = selection::ComputeMatrix(
        std::move(tables), names, request.filters_json.empty() ? nullptr : &filters, "filters", fixes,
        request.resume_json.empty() ? nullptr : &resume, diagnostics);
    const selection::ColumnTable table = selection::MatrixTable(m);
    if (!request.out.empty()) selection::WriteColumnTable(table, request.out);
    out_table = selection::ColumnTableToArrow(table);
    stats = selection::MatrixStatisticsJson(m);
    state = selection::SequencerStateJson(m.final_state);
    for (int32_t d : dates) {
      selection::TimetableOptions options;
      options.session_date = d;
      options.mode = mode;
      options.pinned_clock = request.pinned_clock;
      timetables.push_back(selection::TimetableJson(m, options));
    }
    warnings = diagnostics.warnings;
  }
  return {StreamCapsuleFromTable(out_table), stats, state, timetables, warnings};
}

}  // namespace

void BindMatrix(nb::module_& m) {
  nb::class_<MatrixPyRequest>(m, "_MatrixRequest")
      .def(nb::init<>())
      .def_rw("filters_json", &MatrixPyRequest::filters_json)
      .def_rw("fixes", &MatrixPyRequest::fixes)
      .def_rw("strict", &MatrixPyRequest::strict)
      .def_rw("resume_json", &MatrixPyRequest::resume_json)
      .def_rw("timetable_dates", &MatrixPyRequest::timetable_dates)
      .def_rw("timetable_mode", &MatrixPyRequest::timetable_mode)
      .def_rw("pinned_clock", &MatrixPyRequest::pinned_clock)
      .def_rw("out", &MatrixPyRequest::out);
  m.def("matrix", &Matrix, nb::arg("sources"), nb::arg("request"),
        "`orbit matrix` over [(path or Arrow C stream capsule, name)]; returns (matrix stream, stats JSON, state "
        "JSON, [timetable JSON], warnings).");
}

}  // namespace orbit::python
