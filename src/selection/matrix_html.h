// src/selection/matrix_html.h
//
// The master matrix as an HTML section (no page around it): counts, the
// statistics of §7 (allowed trades and all executed trades side by side), the
// per-stream figures, the chosen slot per stream for the last data days with
// the switch days marked, and the timetables given. `orbit matrix --html`
// wraps it in the report's page; `orbit run --report --matrix` adds it to the
// run's report.
#pragma once

#include <string>
#include <utility>
#include <vector>

#include "selection/master_matrix.h"

namespace orbit::selection {

// `stats_json` is MatrixStatisticsJson(m); `timetables` are (date, TimetableJson) pairs.
// `last_days`: how many of the latest data days the slot grid shows.
std::string MatrixHtmlSection(const Matrix& m, const std::string& stats_json,
                              const std::vector<std::pair<std::string, std::string>>& timetables,
                              size_t last_days = 60);

}  // namespace orbit::selection
