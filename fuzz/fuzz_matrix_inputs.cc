// fuzz/fuzz_matrix_inputs.cc -- libFuzzer target: the master matrix (issue 25)
// on a result table and a stream_filters.json from the input.
// Byte 0 selects: bit 0 the table read as two files (the concatenation
// across files), bit 1 every --fix, bit 2 --strict, bit 3 the timetable in
// historical mode. The rest is the result CSV, then (after a NUL byte) the
// filters JSON. orbit::Error is the documented rejection; anything else
// escaping, a crash or a sanitizer report is a finding.
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "core/error.h"
#include "selection/csv_table.h"
#include "selection/json_value.h"
#include "selection/matrix_run.h"
#include "selection/matrix_statistics.h"
#include "selection/matrix_table.h"
#include "selection/selection_fixes.h"
#include "selection/timetable.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace orbit::selection;
  const uint8_t selector = size > 0 ? data[0] : 0;
  if (size > 0) ++data, --size;
  const std::string_view input(reinterpret_cast<const char*>(data), size);
  const size_t nul = input.find('\0');
  const std::string_view csv = input.substr(0, nul);
  const std::string filters_text = nul == std::string_view::npos ? std::string() : std::string(input.substr(nul + 1));
  try {
    std::vector<ColumnTable> tables;
    std::vector<std::string> names;
    tables.push_back(ParseCsvTable(csv, "a.csv"));
    names.push_back("a.csv");
    if (selector & 1) {
      tables.push_back(ParseCsvTable(csv, "b.csv"));
      names.push_back("b.csv");
    }
    JsonValue filters;
    if (!filters_text.empty()) filters = ParseJson(filters_text, "filters.json");
    SelectionFixes fixes;
    if (selector & 2)
      for (const char* id : {"KI-M05", "KI-M07", "KI-M09", "KI-M10", "KI-M12", "KI-M13", "KI-M14"})
        EnableSelectionFix(fixes, id);
    Diagnostics diagnostics;
    diagnostics.strict = (selector & 4) != 0;
    const Matrix m = ComputeMatrix(std::move(tables), names, filters_text.empty() ? nullptr : &filters, "filters.json",
                                   fixes, nullptr, diagnostics);
    const std::string csv_out = CsvText(MatrixTable(m));
    const std::string stats = MatrixStatisticsJson(m);
    const std::string state = SequencerStateJson(m.final_state);
    TimetableOptions options;
    options.session_date = m.rows.empty() ? 19723 : m.rows.back().date + 1;
    options.mode = (selector & 8) ? TimetableMode::kHistorical : TimetableMode::kLive;
    options.pinned_clock = true;
    const std::string timetable = TimetableJson(m, options);
    if (csv_out.empty() || stats.empty() || state.empty() || timetable.empty()) __builtin_trap();
  } catch (const orbit::Error&) {
    // Rejected with a documented exit code: fine.
  }
  return 0;
}
