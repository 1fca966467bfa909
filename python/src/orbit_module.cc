// python/src/orbit_module.cc -- the `orbit._core` extension (nanobind).
//
// A thin layer over the public C++ API (include/orbit); it has no option rule
// or analysis logic of its own:
//  - options arrive as (name, text) pairs, converted from Python values by
//    orbit/_options.py using the catalogue this module exports, and are parsed
//    by orbit::ParseRunOptions — the CLI's parser, messages and rules;
//  - bars are files/folders (BarSource::Files) or an Arrow C stream
//    (BarSource::ArrowStream, from a PyCapsule "arrow_array_stream");
//  - orbit::Run runs on a worker thread with the GIL released; the calling
//    thread polls for Ctrl-C (PyErr_CheckSignals) every 50 ms and raises the
//    run's stop flag, so KeyboardInterrupt stops a run within a chunk of work,
//    with no thread left running and nothing written;
//  - each result table leaves as an Arrow C stream capsule.
// orbit::Error maps to Python: kUsage -> UsageError, kBadInput ->
// BadInputError (both OrbitError and ValueError), kIo -> OSError, kInternal ->
// RuntimeError, always with the CLI's message.
#include <Python.h>
#include <arrow/api.h>
#include <arrow/c/abi.h>
#include <arrow/c/bridge.h>
#include <nanobind/nanobind.h>
#include <nanobind/stl/pair.h>
#include <nanobind/stl/string.h>
#include <nanobind/stl/tuple.h>
#include <nanobind/stl/vector.h>

#include <chrono>
#include <csignal>
#include <exception>
#include <future>
#include <memory>
#include <string>
#include <tuple>
#include <utility>
#include <vector>

#include "cli.h"
#include "interruptible.h"
#include "orbit/orbit.h"
#include "overfit_binding.h"
#include "sweep_binding.h"
#include "storage/atomic_output.h"
#include "storage/location.h"
#include "strategy/fixes.h"
#include "app_bindings.h"

namespace nb = nanobind;

namespace orbit::python {
namespace {

PyObject* g_orbit_error = nullptr;      // orbit.OrbitError(Exception)
PyObject* g_usage_error = nullptr;      // orbit.UsageError(OrbitError, ValueError)
PyObject* g_bad_input_error = nullptr;  // orbit.BadInputError(OrbitError, ValueError)

constexpr const char* kStreamCapsuleName = "arrow_array_stream";

std::shared_ptr<arrow::RecordBatchReader> ImportStream(nb::handle capsule) {
  if (!PyCapsule_IsValid(capsule.ptr(), kStreamCapsuleName))
    throw nb::type_error("expected a PyCapsule named 'arrow_array_stream' (from __arrow_c_stream__)");
  auto* stream = static_cast<ArrowArrayStream*>(PyCapsule_GetPointer(capsule.ptr(), kStreamCapsuleName));
  if (stream == nullptr || stream->release == nullptr) throw nb::value_error("the Arrow stream was already consumed");
  arrow::Result<std::shared_ptr<arrow::RecordBatchReader>> reader = arrow::ImportRecordBatchReader(stream);
  if (!reader.ok()) ThrowBadInput("cannot import the Arrow stream: " + reader.status().ToString());
  return *reader;
}

void ReleaseStreamCapsule(void* p) noexcept {
  auto* stream = static_cast<ArrowArrayStream*>(p);
  if (stream == nullptr) return;
  if (stream->release != nullptr) stream->release(stream);
  delete stream;
}

// Exports `table` as a new "arrow_array_stream" capsule (owned by Python).
nb::capsule ExportTable(const std::shared_ptr<arrow::Table>& table) {
  auto stream = std::make_unique<ArrowArrayStream>();
  stream->release = nullptr;
  const arrow::Status st = arrow::ExportRecordBatchReader(std::make_shared<arrow::TableBatchReader>(table), stream.get());
  if (!st.ok()) ThrowInternal("exporting the result table: " + st.ToString());
  return nb::capsule(stream.release(), kStreamCapsuleName, &ReleaseStreamCapsule);
}

using TableList = std::vector<std::tuple<std::string, nb::capsule, size_t>>;

// Returns ([(symbol, capsule, bars)], warnings).
std::pair<TableList, std::vector<std::string>> RunWith(const BarSource& source,
                                                       const std::vector<std::pair<std::string, std::string>>& options,
                                                       const nb::object& progress) {
  const RunSpec spec = ParseRunOptions(options);
  std::vector<std::pair<InstrumentResult, std::shared_ptr<arrow::Table>>> tables;
  std::vector<std::string> warnings;
  engine::StopFlag stop{0};
  RunControl control;
  control.progress_sink = MakeProgressSink(progress);
  control.stop = &stop;
  RunInterruptibly(stop, [&]() {
    RunResult result = Run(spec, source, ResultSink::Arrow([&](const InstrumentResult& r, std::shared_ptr<arrow::Table> t) {
                             tables.emplace_back(r, std::move(t));
                           }),
                           control);
    warnings = std::move(result.warnings);
  });
  TableList out;
  for (auto& [r, table] : tables) out.emplace_back(r.symbol, ExportTable(table), r.stats.bars);
  return {std::move(out), std::move(warnings)};
}

std::pair<TableList, std::vector<std::string>> RunFiles(const std::vector<std::string>& paths,
                                                        const std::vector<std::pair<std::string, std::string>>& options,
                                                        nb::object progress) {
  return RunWith(BarSource::Files(paths), options, progress);
}

std::pair<TableList, std::vector<std::string>> RunStream(nb::handle capsule, const std::string& name,
                                                         const std::vector<std::pair<std::string, std::string>>& options,
                                                         nb::object progress) {
  return RunWith(BarSource::ArrowStream(ImportStream(capsule), name), options, progress);
}

// (name, kind, choices, default, help, required) per catalogue entry.
std::vector<std::tuple<std::string, std::string, std::vector<std::string>, std::string, std::string, bool>>
Catalogue() {
  static const char* const kKinds[] = {"text", "choice", "list", "integer", "switch", "size", "date", "instant"};
  std::vector<std::tuple<std::string, std::string, std::vector<std::string>, std::string, std::string, bool>> out;
  for (const OptionInfo& o : RunOptionCatalogue())
    out.emplace_back(o.name, kKinds[static_cast<int>(o.kind)], o.choices, o.default_text, o.help, o.required);
  return out;
}

// (name, probe) of every catalogue entry with a probe (OptionInfo::probe).
std::vector<std::pair<std::string, RunOptions>> OptionProbes() {
  std::vector<std::pair<std::string, RunOptions>> out;
  for (const OptionInfo& o : RunOptionCatalogue())
    if (!o.probe.empty()) out.emplace_back(o.name, o.probe);
  return out;
}

int CliMain(const std::vector<std::string>& args) {
  std::vector<std::string> storage = args;
  std::vector<char*> argv;
  for (std::string& a : storage) argv.push_back(a.data());
  argv.push_back(nullptr);
  nb::gil_scoped_release unlocked;
  return cli::RunCli(static_cast<int>(storage.size()), argv.data());
}

void TranslateError(const std::exception_ptr& p, void*) {
  try {
    std::rethrow_exception(p);
  } catch (const Error& e) {
    switch (e.kind()) {
      case ErrorKind::kUsage: PyErr_SetString(g_usage_error, e.what()); break;
      case ErrorKind::kBadInput: PyErr_SetString(g_bad_input_error, e.what()); break;
      case ErrorKind::kIo: PyErr_SetString(PyExc_OSError, e.what()); break;
      default: PyErr_SetString(PyExc_RuntimeError, e.what()); break;
    }
  } catch (const Interrupted&) {
    PyErr_SetNone(PyExc_KeyboardInterrupt);
  }
}

PyObject* NewError(const char* name, const char* doc, PyObject* bases) {
  PyObject* type = PyErr_NewExceptionWithDoc(name, doc, bases, nullptr);
  if (type == nullptr) throw nb::python_error();
  return type;
}

}  // namespace
}  // namespace orbit::python

NB_MODULE(_core, m) {
  using namespace orbit::python;
  m.doc() = "Orbit's C++ engine (internal; use the `orbit` package)";
  m.attr("__version__") = orbit::kVersion;

  g_orbit_error = NewError("orbit.OrbitError", "Base class of Orbit's errors.", PyExc_Exception);
  nb::object value_bases = nb::make_tuple(nb::handle(g_orbit_error), nb::handle(PyExc_ValueError));
  g_usage_error = NewError("orbit.UsageError", "Bad run parameters or options (CLI exit code 1).", value_bases.ptr());
  g_bad_input_error = NewError("orbit.BadInputError", "Input data that fails validation (CLI exit code 2).",
                               value_bases.ptr());
  m.attr("OrbitError") = nb::borrow(g_orbit_error);
  m.attr("UsageError") = nb::borrow(g_usage_error);
  m.attr("BadInputError") = nb::borrow(g_bad_input_error);
  nb::register_exception_translator(&TranslateError);
  orbit::python::BindSweep(m);
  orbit::python::BindOverfit(m);
  orbit::storage::EnableUriOutputs();  // results to s3://... (core/output_set.h)

  m.def("check_options", [](const std::vector<std::pair<std::string, std::string>>& options) { orbit::ParseRunOptions(options); },
        nb::arg("options"), "Parses run options like orbit::ParseRunOptions; raises UsageError.");
  m.def("catalogue", &Catalogue, "The run options: (name, kind, choices, default, help, required) each.");
  m.def("option_probes", &OptionProbes,
        "[(name, [(option, text)])]: a non-default setting of every run option that changes result rows "
        "(OptionInfo::probe; the every-door test runs each through every door).");
  m.def("run_files", &RunFiles, nb::arg("paths"), nb::arg("options"), nb::arg("progress").none() = nb::none(),
        "orbit::Run over files and folders; returns ([(symbol, result capsule, bars)], warnings).");
  m.def("run_stream", &RunStream, nb::arg("stream"), nb::arg("name"), nb::arg("options"),
        nb::arg("progress").none() = nb::none(),
        "orbit::Run over an Arrow C stream capsule; returns ([(symbol, result capsule, bars)], warnings).");
  m.def("_finalize_storage", []() { orbit::storage::FinalizeObjectStorage(); },
        "Shuts Arrow's S3 support down (registered with atexit by the package).");
  m.def("fix_catalogue", []() { return orbit::strategy::Fixes::Catalogue(); },
        "The known KI ids with one-line descriptions (as `orbit run --help`).");
  BindReport(m);
  BindMatrix(m);
  m.def("cli_main", &CliMain, nb::arg("argv"), "Runs the `orbit` command line; returns its exit code.");
}
