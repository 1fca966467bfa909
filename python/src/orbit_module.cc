// python/src/orbit_module.cc -- the `orbit._core` extension (nanobind).
//
// A thin layer over the C++ library; it adds no analysis logic of its own:
//  - bars arrive as an Arrow C stream (a PyCapsule "arrow_array_stream" from
//    pyarrow's __arrow_c_stream__), are imported with
//    arrow::ImportRecordBatchReader and decoded by source::ReadBarsFromStream
//    (the readers' validation, messages and timestamp rules);
//  - the run goes through engine::Analyze (one instrument) or
//    pipeline::RunPipeline (files and folders, like `orbit run`);
//  - each result table leaves as sink::ResultToArrow(..., DateColumn::kString)
//    exported with arrow::ExportRecordBatchReader into a new capsule.
// The GIL is released while bars are decoded and the engine runs.
// orbit::Error maps to Python: kUsage -> UsageError, kBadInput ->
// BadInputError (both ValueError subclasses), kIo -> OSError, kInternal ->
// RuntimeError, always with the CLI's message.
#include <Python.h>
#include <arrow/api.h>
#include <arrow/c/abi.h>
#include <arrow/c/bridge.h>
#include <nanobind/nanobind.h>
#include <nanobind/stl/map.h>
#include <nanobind/stl/optional.h>
#include <nanobind/stl/pair.h>
#include <nanobind/stl/string.h>
#include <nanobind/stl/tuple.h>
#include <nanobind/stl/vector.h>

#include <chrono>
#include <cstdlib>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <tuple>
#include <utility>
#include <vector>

#include "calendar/session.h"
#include "calendar/time_zone.h"
#include "core/error.h"
#include "engine/analyzer.h"
#include "engine/progress.h"
#include "engine/result_table.h"
#include "source/bar_reader.h"
#include "sink/result_writer.h"
#include "pipeline/run_pipeline.h"
#include "storage/atomic_output.h"
#include "storage/location.h"
#include "strategy/fixes.h"
#include "core/instrument.h"
#include "strategy/run_params.h"

namespace nb = nanobind;

namespace orbit::python {
namespace {

PyObject* g_usage_error = nullptr;      // orbit.UsageError(ValueError)
PyObject* g_bad_input_error = nullptr;  // orbit.BadInputError(ValueError)

constexpr const char* kStreamCapsuleName = "arrow_array_stream";

// ---------------------------------------------------------------------------
// Run parameters: the Python RunParams checks Python types; values are
// checked here, by the library's own rules.

struct ParamsIn {
  std::string instrument;
  std::vector<std::string> sessions;
  std::map<std::string, std::vector<std::string>> slots;  // keys other than S1/S2 are ignored (§2.3)
  std::vector<int> trade_days;
  bool write_no_trade_rows = true;
  std::string target_mode;
};

strategy::RunParams ToRunParams(const ParamsIn& in, const strategy::Fixes& fixes) {
  std::vector<std::string> problems;
  strategy::RunParams p;
  p.instrument = in.instrument;
  p.enabled_sessions.clear();
  for (const std::string& s : in.sessions) {
    const std::optional<calendar::SessionId> id = calendar::ParseSessionName(s);
    if (!id) problems.push_back("unknown session '" + s + "' (S1 or S2)");
    else p.enabled_sessions.push_back(*id);
  }
  for (const auto& [key, labels] : in.slots) {
    const std::optional<calendar::SessionId> id = calendar::ParseSessionName(key);
    if (id) p.enabled_slots[static_cast<size_t>(*id)] = labels;
  }
  p.trade_days = in.trade_days;
  p.write_no_trade_rows = in.write_no_trade_rows;
  if (in.target_mode == "fixed") p.target_mode = strategy::TargetMode::kFixed;
  else if (in.target_mode == "time") p.target_mode = strategy::TargetMode::kTime;
  else problems.push_back("target_mode '" + in.target_mode + "' is not 'fixed' or 'time'");
  if (!problems.empty()) {
    std::string message = "Parameter validation failed:";
    for (const std::string& problem : problems) message += "\n  - " + problem;
    ThrowUsage(message);
  }
  strategy::ValidateRunParams(p, fixes);
  return p;
}

void ValidateParams(const ParamsIn& in, const std::string& fixes_text) {
  ToRunParams(in, strategy::Fixes::Parse(fixes_text));
}

// ---------------------------------------------------------------------------
// Arrow C stream in and out.

std::shared_ptr<arrow::RecordBatchReader> ImportStream(nb::handle capsule) {
  if (!PyCapsule_IsValid(capsule.ptr(), kStreamCapsuleName))
    throw nb::type_error("expected a PyCapsule named 'arrow_array_stream' (from __arrow_c_stream__)");
  auto* stream = static_cast<ArrowArrayStream*>(PyCapsule_GetPointer(capsule.ptr(), kStreamCapsuleName));
  if (stream == nullptr || stream->release == nullptr)
    throw nb::value_error("the Arrow stream was already consumed");
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
  if (!st.ok()) throw Error(ErrorKind::kInternal, "exporting the result table: " + st.ToString());
  return nb::capsule(stream.release(), kStreamCapsuleName, &ReleaseStreamCapsule);
}

// ---------------------------------------------------------------------------
// Reader options shared by run() and scan().

struct ReadIn {
  std::string input_tz = "America/Chicago";
  std::string nan_prices = "error";
  std::string duplicates = "keep-all";
};

source::BarReadOptions ToReadOptions(const ReadIn& in, const calendar::TimeZone* zone, const strategy::Fixes& fixes) {
  source::BarReadOptions read;
  read.input_zone = zone;
  if (in.nan_prices != "error" && in.nan_prices != "accept") ThrowUsage("nan_prices: expected 'error' or 'accept'");
  read.nan_policy = in.nan_prices == "accept" ? source::NanPolicy::kAccept : source::NanPolicy::kError;
  if (in.duplicates == "keep-all") read.duplicate_policy = source::DuplicatePolicy::kKeepAll;
  else if (in.duplicates == "keep-first") read.duplicate_policy = source::DuplicatePolicy::kKeepFirst;
  else if (in.duplicates == "keep-last") read.duplicate_policy = source::DuplicatePolicy::kKeepLast;
  else if (in.duplicates == "error") read.duplicate_policy = source::DuplicatePolicy::kError;
  else ThrowUsage("duplicates: expected 'keep-all', 'keep-first', 'keep-last' or 'error'");
  read.per_row_negative_prices = fixes.per_row_negative_prices;
  return read;
}

// A Python callable progress(label, done, total) as an engine::ProgressSink.
// The sink takes the GIL for each call; an exception raised by the callable
// is reported as unraisable and does not stop the run. The returned sink must
// be destroyed with the GIL held (it owns a reference to the callable).
engine::ProgressSink MakeProgressSink(const nb::object& callback) {
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

int64_t AsOfOrNow(const std::optional<int64_t>& as_of_ns) {
  if (as_of_ns) return *as_of_ns;
  return std::chrono::duration_cast<std::chrono::nanoseconds>(std::chrono::system_clock::now().time_since_epoch())
      .count();
}

// ---------------------------------------------------------------------------
// run(): one instrument from an Arrow stream.
//
// Returns (result capsule, warnings, bars of the instrument).
std::tuple<nb::capsule, std::vector<std::string>, size_t> Run(nb::handle stream_capsule, const std::string& source_name,
                                                              const ParamsIn& params_in, const std::string& fixes_text,
                                                              std::optional<int64_t> as_of_ns, const ReadIn& read_in,
                                                              int threads, nb::object progress) {
  const engine::ProgressSink sink = MakeProgressSink(progress);
  const strategy::Fixes fixes = strategy::Fixes::Parse(fixes_text);
  const strategy::RunParams params = ToRunParams(params_in, fixes);
  const calendar::TimeZone zone = calendar::TimeZone::Load(read_in.input_tz);
  source::BarReadOptions read = ToReadOptions(read_in, &zone, fixes);
  read.instruments = {params.instrument};
  const int64_t as_of = AsOfOrNow(as_of_ns);
  std::shared_ptr<arrow::RecordBatchReader> reader = ImportStream(stream_capsule);

  std::shared_ptr<arrow::Table> out;
  std::vector<std::string> warnings;
  size_t bars = 0;
  {
    nb::gil_scoped_release unlocked;
    source::BarData data = source::ReadBarsFromStream(*reader, read, source_name);
    reader.reset();  // releases the producer's stream (and what it holds) early
    warnings = std::move(data.warnings);
    const calendar::TimeZone& chicago = calendar::TimeZone::Chicago();
    strategy::RangeContext ctx;
    ctx.zone = &chicago;
    ctx.instrument = strategy::ValidateRunParams(params, fixes);
    ctx.mode = params.target_mode;
    ctx.write_no_trade_rows = params.write_no_trade_rows;
    ctx.as_of_ns = as_of;
    ctx.fixes = fixes;
    const auto it = data.by_instrument.find(params.instrument);
    source::BarColumns empty;
    const source::BarColumns& columns = it == data.by_instrument.end() ? empty : it->second;
    bars = columns.size();
    if (bars == 0) warnings.push_back("no rows for instrument " + params.instrument + " in the input");
    engine::Progress days("orbit " + params.instrument + " days", false, sink);
    engine::AnalyzeOptions options;
    options.threads = threads;
    options.on_progress = [&days](size_t done, size_t total) { days.Update(done, total); };
    const engine::ResultTable table = engine::Analyze(columns.view(), params, ctx, options);
    days.Finish();
    out = sink::ResultToArrow(table, chicago, sink::DateColumn::kString);
  }
  return {ExportTable(out), std::move(warnings), bars};
}

// ---------------------------------------------------------------------------
// scan(): files and folders, with `orbit run`'s options and pipeline.

struct ScanIn {
  std::vector<std::string> paths;
  std::vector<std::string> instruments;  // empty = every instrument found ("all")
  std::vector<std::string> sessions;
  std::string slots;                     // CLI tokens "S1:07:30,S2:09:30"; "" = all
  std::vector<int> trade_days;
  bool write_no_trade_rows = true;
  std::string target_mode;
  std::string start, end;                // YYYY-MM-DD; "" = no bound
  std::string mode = "auto";
  int64_t memory_limit_bytes = 0;
  std::string analyze_from, analyze_to;  // YYYY-MM-DD; "" = no bound (pipeline::PipelineRequest)
};

cctz::civil_day ParseDay(const std::string& text, const char* what) {
  int y = 0, m = 0, d = 0;
  char tail = 0;
  if (text.size() != 10 || std::sscanf(text.c_str(), "%4d-%2d-%2d%c", &y, &m, &d, &tail) != 3)
    ThrowUsage(std::string(what) + ": '" + text + "' is not a date YYYY-MM-DD");
  const cctz::civil_day day(y, m, d);
  if (day.year() != y || day.month() != m || day.day() != d)
    ThrowUsage(std::string(what) + ": '" + text + "' is not a valid calendar date");
  return day;
}

// Returns ([(symbol, capsule, bars)], warnings).
std::pair<std::vector<std::tuple<std::string, nb::capsule, size_t>>, std::vector<std::string>> Scan(
    const ScanIn& in, const std::string& fixes_text, std::optional<int64_t> as_of_ns, const ReadIn& read_in,
    int threads, nb::object progress) {
  const strategy::Fixes fixes = strategy::Fixes::Parse(fixes_text);
  std::vector<std::string> warnings;
  ParamsIn p;
  p.instrument = in.instruments.empty() ? "ES" : in.instruments.front();
  p.sessions = in.sessions;
  p.trade_days = in.trade_days;
  p.write_no_trade_rows = in.write_no_trade_rows;
  p.target_mode = in.target_mode;
  strategy::RunParams params = ToRunParams(p, fixes);
  if (params.enabled_sessions.empty()) ThrowUsage("sessions: no session given");
  if (!in.slots.empty()) {  // as `orbit run --slots` (§2.3, KI-23)
    strategy::ApplyCliSlots(params, in.slots, fixes, &warnings);
  }
  for (const std::string& symbol : in.instruments) {
    params.instrument = symbol;
    strategy::ValidateRunParams(params, fixes);
  }

  const calendar::TimeZone zone = calendar::TimeZone::Load(read_in.input_tz);
  pipeline::PipelineRequest request;
  request.read = ToReadOptions(read_in, &zone, fixes);
  request.read.paths = in.paths;
  request.read.instruments = in.instruments;
  request.read.default_instrument = in.instruments.size() == 1 ? in.instruments[0] : "";
  if ((!in.start.empty() && !in.end.empty()) || fixes.independent_date_bounds) {
    if (!in.start.empty()) request.read.start_date = ParseDay(in.start, "start");
    if (!in.end.empty()) request.read.end_date = ParseDay(in.end, "end");
  } else if (!in.start.empty() || !in.end.empty()) {
    warnings.push_back("start/end: a single bound is ignored, as the reference does (KI-21); add fix KI-21 to apply it");
  }
  request.params = params;
  request.fixes = fixes;
  request.as_of_ns = AsOfOrNow(as_of_ns);
  request.threads = threads;
  if (in.mode == "auto") request.mode = pipeline::ExecutionMode::kAuto;
  else if (in.mode == "memory") request.mode = pipeline::ExecutionMode::kInMemory;
  else if (in.mode == "stream") request.mode = pipeline::ExecutionMode::kStreaming;
  else ThrowUsage("mode: expected 'auto', 'memory' or 'stream'");
  request.memory_limit_bytes = in.memory_limit_bytes;
  if (!in.analyze_from.empty()) request.analyze_from = ParseDay(in.analyze_from, "analyze_from");
  if (!in.analyze_to.empty()) request.analyze_to = ParseDay(in.analyze_to, "analyze_to");
  request.progress_sink = MakeProgressSink(progress);

  std::vector<std::pair<std::string, std::shared_ptr<arrow::Table>>> tables;
  std::vector<size_t> bars;
  {
    nb::gil_scoped_release unlocked;
    pipeline::PipelineResult result = pipeline::RunPipeline(request);
    warnings.insert(warnings.end(), result.warnings.begin(), result.warnings.end());
    if (result.tables.empty()) throw Error(ErrorKind::kBadInput, "no instrument found in the data");
    const calendar::TimeZone& chicago = calendar::TimeZone::Chicago();
    for (size_t k = 0; k < result.tables.size(); ++k) {
      tables.emplace_back(result.tables[k].first, sink::ResultToArrow(result.tables[k].second, chicago,
                                                                    sink::DateColumn::kString));
      bars.push_back(result.instruments[k].bars);
    }
  }
  std::vector<std::tuple<std::string, nb::capsule, size_t>> out;
  for (size_t k = 0; k < tables.size(); ++k) out.emplace_back(tables[k].first, ExportTable(tables[k].second), bars[k]);
  return {std::move(out), std::move(warnings)};
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
  }
}

}  // namespace
}  // namespace orbit::python

NB_MODULE(_core, m) {
  using namespace orbit::python;
  m.doc() = "Orbit's C++ engine (internal; use the `orbit` package)";

  g_usage_error = PyErr_NewExceptionWithDoc("orbit.UsageError", "Bad run parameters or options (CLI exit code 1).",
                                            PyExc_ValueError, nullptr);
  g_bad_input_error = PyErr_NewExceptionWithDoc(
      "orbit.BadInputError", "Input data that fails validation (CLI exit code 2).", PyExc_ValueError, nullptr);
  m.attr("UsageError") = nb::borrow(g_usage_error);
  m.attr("BadInputError") = nb::borrow(g_bad_input_error);
  nb::register_exception_translator(&TranslateError);
  orbit::storage::EnableUriOutputs();

  nb::class_<ParamsIn>(m, "_Params")
      .def(nb::init<>())
      .def_rw("instrument", &ParamsIn::instrument)
      .def_rw("sessions", &ParamsIn::sessions)
      .def_rw("slots", &ParamsIn::slots)
      .def_rw("trade_days", &ParamsIn::trade_days)
      .def_rw("write_no_trade_rows", &ParamsIn::write_no_trade_rows)
      .def_rw("target_mode", &ParamsIn::target_mode);
  nb::class_<ReadIn>(m, "_ReadOptions")
      .def(nb::init<>())
      .def_rw("input_tz", &ReadIn::input_tz)
      .def_rw("nan_prices", &ReadIn::nan_prices)
      .def_rw("duplicates", &ReadIn::duplicates);
  nb::class_<ScanIn>(m, "_ScanRequest")
      .def(nb::init<>())
      .def_rw("paths", &ScanIn::paths)
      .def_rw("instruments", &ScanIn::instruments)
      .def_rw("sessions", &ScanIn::sessions)
      .def_rw("slots", &ScanIn::slots)
      .def_rw("trade_days", &ScanIn::trade_days)
      .def_rw("write_no_trade_rows", &ScanIn::write_no_trade_rows)
      .def_rw("target_mode", &ScanIn::target_mode)
      .def_rw("start", &ScanIn::start)
      .def_rw("end", &ScanIn::end)
      .def_rw("mode", &ScanIn::mode)
      .def_rw("memory_limit_bytes", &ScanIn::memory_limit_bytes)
      .def_rw("analyze_from", &ScanIn::analyze_from)
      .def_rw("analyze_to", &ScanIn::analyze_to);

  m.def("validate_params", &ValidateParams, nb::arg("params"), nb::arg("fixes"),
        "Checks run parameters like the library (ValidateRunParams); raises UsageError.");
  m.def("run", &Run, nb::arg("stream"), nb::arg("source_name"), nb::arg("params"), nb::arg("fixes"),
        nb::arg("as_of_ns").none(), nb::arg("read"), nb::arg("threads"), nb::arg("progress").none() = nb::none(),
        "Analyses one instrument from an Arrow C stream capsule; returns (result stream capsule, warnings, bars).");
  m.def("scan", &Scan, nb::arg("request"), nb::arg("fixes"), nb::arg("as_of_ns").none(), nb::arg("read"),
        nb::arg("threads"), nb::arg("progress").none() = nb::none(),
        "Runs `orbit run`'s pipeline over files and folders; returns ([(symbol, capsule, bars)], warnings).");
  m.def(
      "discover",
      [](const std::vector<std::string>& paths, const std::vector<std::string>& instruments) {
        std::vector<std::tuple<std::string, std::string, bool, std::string>> out;
        for (const orbit::source::InputFile& f : orbit::source::DiscoverInputFiles(paths, instruments))
          out.emplace_back(f.path, f.location.empty() ? f.path : f.location, f.format == orbit::source::FileFormat::kParquet,
                           f.partition_instrument);
        return out;
      },
      nb::arg("paths"), nb::arg("instruments"),
      "The input files `scan` reads for these paths: [(display path, path or URI to open, is_parquet, "
      "partition instrument)].");
  m.def("_finalize_storage", []() { orbit::storage::FinalizeObjectStorage(); },
        "Shuts Arrow's S3 support down (registered with atexit by the package).");
  m.def("fix_catalogue", []() { return orbit::strategy::Fixes::Catalogue(); },
        "The known KI ids with one-line descriptions (as `orbit run --help`).");
}
