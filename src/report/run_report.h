// src/report/run_report.h
//
// The report step of `orbit run`: statistics over the run's result tables,
// printed as the per-stream terminal table and/or written as the HTML report
// (`--report`). No commission (orbit report --commission applies one).
#pragma once

#include <cstdio>
#include <string>
#include <vector>

#include "engine/result_table.h"

namespace orbit::report {

// `terminal`: where the per-stream table goes (nullptr: nowhere). `html_path`:
// the HTML report (empty: none). `sources` label the report. Errors:
// Error(kIo) when the report cannot be written, Error(kBadInput) for an
// instrument without a point value.
void ReportRun(const std::vector<const engine::ResultTable*>& tables, const std::vector<std::string>& sources,
               const std::string& html_path, std::FILE* terminal);

}  // namespace orbit::report
