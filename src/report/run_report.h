// src/report/run_report.h
//
// The report step of `orbit run`: statistics over the run's result tables,
// rendered as the per-stream terminal table and/or the HTML report
// (`--report`). The run's costs (--commission, --slippage with --columns
// extended) are in the tables' rows: gross, costs and net are shown apart and
// every net figure is after them.
// Rendering only: the caller writes the texts (with the run's other outputs).
#pragma once

#include <string>
#include <vector>

#include "engine/result_table.h"

namespace orbit::report {

struct RunReportTexts {
  std::string terminal;  // the per-stream table; empty unless asked for
  std::string html;      // the self-contained HTML report; empty unless asked for
};

// `sources` label the report. Errors: Error(kBadInput) for an instrument
// without a point value.
RunReportTexts RenderRunReport(const std::vector<const engine::ResultTable*>& tables,
                               const std::vector<std::string>& sources, bool terminal, bool html);

}  // namespace orbit::report
