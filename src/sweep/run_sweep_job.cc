// The front of sweep_job.h: the sweep's own work is in the Arrow module
// (module/arrow_module.h), which writes its TRADES and Parquet SUMMARY files.
#include "core/error.h"
#include "module/arrow_module.h"
#include "sweep/sweep_job.h"

namespace orbit::sweep {

report::Dimension ParseSweepGrouping(const std::string& text) {
  if (text == "slot") return report::Dimension::kSlot;
  if (text == "stream") return report::Dimension::kStream;
  if (text == "year") return report::Dimension::kYear;
  ThrowUsage("--by: '" + text + "' is not slot, stream or year");
}

SweepJobResult RunSweepJob(const SweepJob& job) { return ArrowModule::Get().run_sweep_job(job); }

}  // namespace orbit::sweep
