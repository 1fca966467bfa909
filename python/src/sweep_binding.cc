// python/src/sweep_binding.cc -- `_core.sweep_files`: the sweep job of
// `orbit sweep` (sweep::RunSweepJob), run options as catalogue (name, text). The
// Python wrapper (orbit/_sweep.py) hands frames over as a temporary Parquet
// file and reads SUMMARY/TRADES/P&L back with pyarrow. The job runs on a worker
// thread with the GIL released while the calling thread polls for Ctrl-C every
// 50 ms and raises the job's stop flag (as orbit.scan does, orbit_module.cc),
// so KeyboardInterrupt stops a sweep within one block of combinations and
// nothing is written; progress(label, done, total) is called from the engine.
// orbit::Error maps to Python through the module's translator.
#include "sweep_binding.h"

#include <Python.h>
#include <nanobind/stl/pair.h>
#include <nanobind/stl/string.h>
#include <nanobind/stl/tuple.h>
#include <nanobind/stl/vector.h>

#include <chrono>
#include <csignal>
#include <exception>
#include <future>
#include <memory>
#include <thread>

#include "orbit/run_options.h"
#include "sweep/sweep_job.h"

namespace nb = nanobind;

namespace orbit::python {
namespace {

// A Python callable progress(label, done, total) as an engine::ProgressSink;
// the sink takes the GIL per call; the callable's exceptions are reported as
// unraisable. Destroy with the GIL held.
engine::ProgressSink SweepProgressSink(const nb::object& callback) {
  if (callback.is_none()) return {};
  auto holder = std::make_shared<nb::object>(callback);
  return [holder](const std::string& label, uint64_t done, uint64_t total) {
    nb::gil_scoped_acquire gil;
    try {
      (*holder)(label, done, total);
    } catch (nb::python_error& e) {
      e.discard_as_unraisable("orbit progress callback");
    }
  };
}

std::vector<std::string> SweepFiles(const std::vector<std::string>& bars,
                                    const std::vector<std::pair<std::string, std::string>>& run_options,
                                    const std::string& target, const std::string& stop_cap, const std::string& t1,
                                    const std::string& be_offset, const std::string& out, const std::string& trades_out,
                                    const std::string& by, size_t max_combos, const std::string& pnl_out,
                                    nb::object progress) {
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
  job.pnl_out = pnl_out;
  job.by = sweep::ParseSweepGrouping(by);
  engine::StopFlag stop{0};
  job.stop = &stop;
  job.progress_sink = SweepProgressSink(progress);
  std::vector<std::string> warnings;
  std::exception_ptr error;
  bool interrupted = false;
  {
    nb::gil_scoped_release unlocked;
    std::packaged_task<void()> task([&]() {
      try {
        warnings = sweep::RunSweepJob(job).warnings;
      } catch (...) {
        error = std::current_exception();
      }
    });
    std::future<void> done = task.get_future();
    std::thread worker(std::move(task));
    while (done.wait_for(std::chrono::milliseconds(50)) != std::future_status::ready) {
      nb::gil_scoped_acquire gil;
      if (!interrupted && PyErr_CheckSignals() != 0) {  // sets KeyboardInterrupt (or the handler's error)
        interrupted = true;
        stop.store(SIGINT);
      }
    }
    worker.join();
  }
  job.progress_sink = nullptr;  // the callable is released with the GIL held
  if (interrupted) throw nb::python_error();
  if (error) std::rethrow_exception(error);
  return warnings;
}

}  // namespace

void BindSweep(nb::module_& m) {
  m.def("sweep_files", &SweepFiles, nb::arg("bars"), nb::arg("run_options"), nb::arg("target"), nb::arg("stop_cap"),
        nb::arg("t1"), nb::arg("be_offset"), nb::arg("out"), nb::arg("trades_out"), nb::arg("by"),
        nb::arg("max_combos"), nb::arg("pnl_out") = "", nb::arg("progress").none() = nb::none(),
        "Runs `orbit sweep` over bar files with catalogue run options (name, text); writes SUMMARY to `out` "
        "(TRADES to `trades_out`, the daily P&L to `pnl_out` when not empty); progress(label, done, total) "
        "when given; Ctrl-C raises KeyboardInterrupt; returns the warnings.");
}

}  // namespace orbit::python
