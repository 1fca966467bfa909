// The result and sweep files `orbit report` reads back: their readers use
// Arrow's CSV and Parquet readers, so the work is in the Arrow module
// (module/arrow_module.h); these are the entry points every interface calls.
#include "module/arrow_module.h"
#include "report/result_table_reader.h"
#include "report/sweep_summary.h"

namespace orbit::report {

std::vector<TradeRecord> ReadResultFile(const std::string& path) { return ArrowModule::Get().read_result_file(path); }

bool IsSweepSummaryFile(const std::string& path) { return ArrowModule::Get().is_sweep_summary_file(path); }

std::vector<SweepSummaryRow> ReadSweepSummary(const std::string& path) {
  return ArrowModule::Get().read_sweep_summary(path);
}

}  // namespace orbit::report
