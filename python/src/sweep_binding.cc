// python/src/sweep_binding.cc -- `_core.sweep_files`: the sweep job of
// `orbit sweep` (sweep::RunSweepJob) with its options as Python values. The
// Python wrapper (orbit/_sweep.py) hands frames over as a temporary Parquet
// file and reads SUMMARY/TRADES back with pyarrow. The GIL is released while
// the job runs; orbit::Error maps to Python through the module's translator.
#include "sweep_binding.h"

#include <nanobind/stl/optional.h>
#include <nanobind/stl/string.h>
#include <nanobind/stl/tuple.h>
#include <nanobind/stl/vector.h>

#include "core/error.h"
#include "sweep/sweep_job.h"

namespace nb = nanobind;

namespace orbit::python {
namespace {

using Day = std::tuple<int, int, int>;

std::vector<std::string> SweepFiles(const std::vector<std::string>& bars, const std::string& instrument,
                                    const std::string& target, const std::string& stop_cap, const std::string& t1,
                                    const std::string& be_offset, const std::vector<std::string>& sessions,
                                    const std::string& slots, const std::string& range_start,
                                    const std::vector<int>& trade_days, bool no_trade_rows,
                                    const std::string& target_mode, const std::string& fixes, int64_t as_of_ns,
                                    const std::string& input_tz, std::optional<Day> start, std::optional<Day> end,
                                    const std::string& out, const std::string& trades_out, const std::string& by,
                                    int threads, size_t max_combos) {
  sweep::SweepJob job;
  job.fixes = strategy::Fixes::Parse(fixes);
  std::vector<std::string> warnings;
  job.base.enabled_sessions.clear();
  for (const std::string& s : sessions) {
    const auto id = calendar::ParseSessionName(s);
    if (!id) ThrowUsage("sessions: unknown session '" + s + "' (S1, S2)");
    job.base.enabled_sessions.push_back(*id);
  }
  if (!slots.empty()) strategy::ApplyCliSlots(job.base, slots, job.fixes, &warnings);
  if (!range_start.empty()) strategy::ApplyCliRangeStarts(job.base, range_start);
  job.base.trade_days = trade_days;
  job.base.write_no_trade_rows = no_trade_rows;
  if (target_mode != "fixed" && target_mode != "time") ThrowUsage("target_mode: expected 'fixed' or 'time'");
  job.base.target_mode = target_mode == "time" ? strategy::TargetMode::kTime : strategy::TargetMode::kFixed;
  job.bars = bars;
  job.instrument = instrument;
  job.target = target;
  job.stop_cap = stop_cap;
  job.t1 = t1;
  job.be_offset = be_offset;
  job.max_combos = max_combos;
  job.as_of_ns = as_of_ns;
  job.input_tz = input_tz;
  auto day = [](const std::optional<Day>& d) -> std::optional<cctz::civil_day> {
    if (!d) return std::nullopt;
    return cctz::civil_day(std::get<0>(*d), std::get<1>(*d), std::get<2>(*d));
  };
  job.start = day(start);
  job.end = day(end);
  job.out = out;
  job.trades_out = trades_out;
  job.by = sweep::ParseSweepGrouping(by);
  job.threads = threads;
  nb::gil_scoped_release unlocked;
  const sweep::SweepJobResult r = sweep::RunSweepJob(job);
  warnings.insert(warnings.end(), r.warnings.begin(), r.warnings.end());
  return warnings;
}

}  // namespace

void BindSweep(nb::module_& m) {
  m.def("sweep_files", &SweepFiles, nb::arg("bars"), nb::arg("instrument"), nb::arg("target"), nb::arg("stop_cap"),
        nb::arg("t1"), nb::arg("be_offset"), nb::arg("sessions"), nb::arg("slots"), nb::arg("range_start"),
        nb::arg("trade_days"), nb::arg("no_trade_rows"), nb::arg("target_mode"), nb::arg("fixes"),
        nb::arg("as_of_ns"), nb::arg("input_tz"), nb::arg("start").none(), nb::arg("end").none(), nb::arg("out"),
        nb::arg("trades_out"), nb::arg("by"), nb::arg("threads"), nb::arg("max_combos"),
        "Runs `orbit sweep` over bar files; writes SUMMARY to `out` (and TRADES to `trades_out`); returns warnings.");
}

}  // namespace orbit::python
