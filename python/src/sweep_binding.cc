// python/src/sweep_binding.cc -- `_core.sweep_files`: the sweep job of
// `orbit sweep` (sweep::RunSweepJob), run options as catalogue (name, text). The
// Python wrapper (orbit/_sweep.py) hands frames over as a temporary Parquet
// file and reads SUMMARY/TRADES back with pyarrow. The GIL is released while
// the job runs; orbit::Error maps to Python through the module's translator.
#include "sweep_binding.h"

#include <nanobind/stl/pair.h>
#include <nanobind/stl/string.h>
#include <nanobind/stl/tuple.h>
#include <nanobind/stl/vector.h>

#include "orbit/run_options.h"
#include "sweep/sweep_job.h"

namespace nb = nanobind;

namespace orbit::python {
namespace {

std::vector<std::string> SweepFiles(const std::vector<std::string>& bars,
                                    const std::vector<std::pair<std::string, std::string>>& run_options,
                                    const std::string& target, const std::string& stop_cap, const std::string& t1,
                                    const std::string& be_offset, const std::string& out,
                                    const std::string& trades_out, const std::string& by, size_t max_combos) {
  sweep::SweepJob job;
  job.spec = ParseRunOptions(run_options);
  job.bars = bars;
  job.target = target;
  job.stop_cap = stop_cap;
  job.t1 = t1;
  job.be_offset = be_offset;
  job.max_combos = max_combos;
  job.out = out;
  job.trades_out = trades_out;
  job.by = sweep::ParseSweepGrouping(by);
  nb::gil_scoped_release unlocked;
  return sweep::RunSweepJob(job).warnings;
}

}  // namespace

void BindSweep(nb::module_& m) {
  m.def("sweep_files", &SweepFiles, nb::arg("bars"), nb::arg("run_options"), nb::arg("target"),
        nb::arg("stop_cap"), nb::arg("t1"), nb::arg("be_offset"), nb::arg("out"), nb::arg("trades_out"),
        nb::arg("by"), nb::arg("max_combos"),
        "Runs `orbit sweep` over bar files with catalogue run options (name, text); writes SUMMARY to `out` "
        "(and TRADES to `trades_out`); returns the warnings.");
}

}  // namespace orbit::python
