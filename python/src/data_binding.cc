// python/src/data_binding.cc -- the data tools of the app, from the engine.
// Each takes run options, parsed and bound like every run (orbit::BindRun,
// src/api/run_binding.h), so they read (zone, CSV format, instrument of files
// without an instrument column, dates) and analyse exactly as `orbit run`:
//  * discover: source::DiscoverInputFiles (what `orbit run --bars` reads) and,
//    file by file, what the run's readers find in each (orbit.dask plans its
//    tasks with it; the app lists a folder with it, one bad file reported);
//  * data_summary: source::ReadBars over every instrument (bars, first, last);
//  * check_data: quality::CheckBarQuality over the bars the readers return;
//    data the readers reject (e.g. an OHLC violation, V6) is reported with
//    the reader's message instead of raising;
//  * inspect_range: quality::InspectRange for one date and slot with the
//    run's RangeContext (intra-bar policy, calendar, ...), its row finalised
//    like the run's (RunBinding::Finalize) and converted like a run's rows
//    (sink::ResultToArrow), plus the bars around it.
// Instants cross as int64 ns (UTC). The GIL is released while bars are read.
#include <nanobind/stl/optional.h>
#include <nanobind/stl/pair.h>
#include <nanobind/stl/string.h>
#include <nanobind/stl/tuple.h>
#include <nanobind/stl/vector.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <optional>
#include <string>
#include <tuple>
#include <vector>

#include "api/run_binding.h"
#include "app_bindings.h"
#include "calendar/session.h"
#include "calendar/time_zone.h"
#include "core/civil_text.h"
#include "core/error.h"
#include "core/instrument.h"
#include "engine/result_table.h"
#include "orbit/option_values.h"
#include "orbit/run_options.h"
#include "quality/bar_quality.h"
#include "quality/range_inspection.h"
#include "sink/result_writer.h"
#include "source/bar_reader.h"
#include "source/file_discovery.h"
#include "strategy/fixes.h"
#include "strategy/run_params.h"

namespace nb = nanobind;

namespace orbit::python {
namespace {

// A RunSpec (orbit::ParseRunOptions, as every run) bound to files
// (orbit::BindRun): the data tools read and analyse exactly as `orbit run`.
RunBinding BindFiles(const std::vector<std::string>& paths, const RunOptions& options) {
  const RunSpec spec = ParseRunOptions(options);
  return BindRun(spec, BarSource::Files(paths), AsOfNs(spec));
}

// The one instrument a data tool looks at. Errors: kUsage.
std::string OneSymbol(const RunBinding& run) {
  if (run.spec().instruments.size() != 1) ThrowUsage("--instrument: name exactly one instrument");
  return run.spec().instruments.front();
}

source::BarColumns& BarsOrThrow(source::BarData& data, const std::string& symbol) {
  const auto it = data.by_instrument.find(symbol);
  if (it == data.by_instrument.end() || it->second.size() == 0)
    ThrowBadInput("no rows for instrument " + symbol + " in the input");
  return it->second;
}

// ---------------------------------------------------------------------------

// The input files a run with `options` reads (source::DiscoverInputFiles for
// the run's paths and instruments), and with `summarize` what each holds, read
// by the run's own readers one file at a time (CSV presets and column maps,
// input zone, dates, policies): per instrument its bars and first/last
// instants. `default_instrument` names the rows of files without an
// instrument column when the options name no single instrument ("all").
// A file the readers reject does not stop the others: its "error" holds the
// reader's message (kind "bad input" or "I/O" in "error_kind").
nb::list Discover(const std::vector<std::string>& paths, const RunOptions& options, bool summarize,
                  const std::string& default_instrument) {
  const RunBinding run = BindFiles(paths, options);
  struct Found {
    source::InputFile file;
    std::vector<std::tuple<std::string, size_t, int64_t, int64_t>> instruments;
    std::vector<std::string> warnings;
    std::string error, error_kind;
  };
  std::vector<Found> found;
  {
    nb::gil_scoped_release unlocked;
    for (source::InputFile& f : source::DiscoverInputFiles(run.read().paths, run.read().instruments))
      found.push_back({std::move(f), {}, {}, {}, {}});
    for (Found& f : found) {
      if (!summarize) break;
      source::BarReadOptions read = run.read();
      read.files = {f.file};
      read.allow_empty = true;
      if (read.default_instrument.empty()) read.default_instrument = default_instrument;
      try {
        const source::BarData data = source::ReadBars(read);
        f.warnings = data.warnings;
        for (const auto& [symbol, columns] : data.by_instrument)
          if (columns.size() > 0)
            f.instruments.emplace_back(symbol, columns.size(), columns.ts_ns.front(), columns.ts_ns.back());
      } catch (const Error& e) {
        if (e.kind() != ErrorKind::kBadInput && e.kind() != ErrorKind::kIo) throw;
        f.error = e.what();
        f.error_kind = e.kind() == ErrorKind::kIo ? "io" : "bad input";
      }
    }
  }
  nb::list out;
  for (const Found& f : found) {
    nb::dict d;
    d["path"] = f.file.path;                                          // for messages
    d["location"] = f.file.location.empty() ? f.file.path : f.file.location;  // to open (URI with its query)
    d["format"] = f.file.format == source::FileFormat::kCsv ? "csv" : "parquet";
    d["partition_instrument"] = f.file.partition_instrument;
    if (summarize) {
      nb::list instruments;
      for (const auto& [symbol, bars, first, last] : f.instruments) {
        nb::dict i;
        i["instrument"] = symbol;
        i["bars"] = bars;
        i["first_ns"] = first;
        i["last_ns"] = last;
        instruments.append(i);
      }
      d["instruments"] = instruments;
      d["warnings"] = f.warnings;
      d["error"] = f.error.empty() ? nb::object(nb::none()) : nb::object(nb::str(f.error.c_str()));
      d["error_kind"] = f.error_kind.empty() ? nb::object(nb::none()) : nb::object(nb::str(f.error_kind.c_str()));
    }
    out.append(d);
  }
  return out;
}

nb::dict DataSummary(const std::vector<std::string>& paths, const RunOptions& options) {
  const RunBinding run = BindFiles(paths, options);
  source::BarData data;
  {
    nb::gil_scoped_release unlocked;
    data = source::ReadBars(run.read());
  }
  nb::list instruments;
  for (const auto& [symbol, columns] : data.by_instrument) {
    if (columns.size() == 0) continue;
    nb::dict d;
    d["instrument"] = symbol;
    d["bars"] = columns.size();
    d["first_ns"] = columns.ts_ns.front();
    d["last_ns"] = columns.ts_ns.back();
    instruments.append(d);
  }
  nb::dict out;
  out["instruments"] = instruments;
  out["files_read"] = data.files_read;
  out["rows_read"] = data.rows_read;
  out["warnings"] = data.warnings;
  return out;
}

nb::dict BarDict(const quality::BarRecord& b) {
  nb::dict d;
  d["ts_ns"] = b.ts_ns;
  d["open"] = b.open;
  d["high"] = b.high;
  d["low"] = b.low;
  d["close"] = b.close;
  return d;
}

nb::list BarList(const std::vector<quality::BarRecord>& bars) {
  nb::list out;
  for (const quality::BarRecord& b : bars) out.append(BarDict(b));
  return out;
}

nb::dict CheckData(const std::vector<std::string>& paths, const RunOptions& run_options, double gap_minutes,
                   double outlier_factor, size_t top) {
  const RunBinding run = BindFiles(paths, run_options);
  const std::string instrument = OneSymbol(run);
  const InstrumentSpec spec = run.InstrumentFor(instrument);
  if (!(gap_minutes > 0) || gap_minutes > 1e7) ThrowUsage("gap_minutes: expected a positive number of minutes");
  if (!(outlier_factor > 0)) ThrowUsage("outlier_factor: expected a positive factor");
  source::BarReadOptions read = run.read();
  read.duplicate_policy = source::DuplicatePolicy::kKeepAll;  // the checks count duplicates themselves
  quality::QualityOptions options;
  options.gap_threshold_ns = static_cast<int64_t>(gap_minutes * static_cast<double>(calendar::kNanosPerMinute));
  options.outlier_factor = outlier_factor;
  options.top = top;

  std::string reader_error;
  std::vector<std::string> warnings;
  quality::QualityReport r;
  {
    nb::gil_scoped_release unlocked;
    try {
      source::BarData data = source::ReadBars(read);
      warnings = data.warnings;
      r = quality::CheckBarQuality(BarsOrThrow(data, instrument).view(), spec, calendar::TimeZone::Chicago(), options);
    } catch (const Error& e) {
      if (e.kind() != ErrorKind::kBadInput || std::string(e.what()).rfind("no rows for instrument", 0) == 0) throw;
      reader_error = e.what();
    }
  }
  nb::dict d;
  d["instrument"] = instrument;
  d["reader_error"] = reader_error.empty() ? nb::object(nb::none()) : nb::object(nb::str(reader_error.c_str()));
  d["warnings"] = warnings;
  d["bars"] = r.bars;
  d["first_ns"] = r.first_ns;
  d["last_ns"] = r.last_ns;
  d["gap_minutes"] = gap_minutes;
  d["gaps"] = r.gaps;
  d["gaps_in_trading_hours"] = r.gaps_in_trading_hours;
  nb::list gaps;
  for (const quality::Gap& g : r.largest_gaps) {
    nb::dict gd;
    gd["from_ns"] = g.from_ns;
    gd["to_ns"] = g.to_ns;
    gd["in_trading_hours"] = g.in_trading_hours;
    gaps.append(gd);
  }
  d["largest_gaps"] = gaps;
  d["duplicate_timestamps"] = r.duplicate_timestamps;
  d["duplicate_examples"] = r.duplicate_examples;
  d["tick"] = spec.tick;
  d["off_tick_bars"] = r.off_tick_bars;
  d["off_tick_examples"] = BarList(r.off_tick_examples);
  d["ohlc_violations"] = r.ohlc_violations;
  d["ohlc_examples"] = BarList(r.ohlc_examples);
  d["nan_price_bars"] = r.nan_price_bars;
  d["outside_hours"] = r.outside_hours;
  d["outside_hours_examples"] = BarList(r.outside_hours_examples);
  d["median_range"] = r.median_range;
  d["outlier_factor"] = outlier_factor;
  d["outliers"] = r.outliers;
  nb::list outliers;
  for (const quality::Outlier& o : r.outlier_examples) {
    nb::dict od = BarDict(o.bar);
    od["size"] = o.size;
    od["ratio"] = o.ratio;
    outliers.append(od);
  }
  d["outlier_examples"] = outliers;
  d["highest_highs"] = BarList(r.highest_highs);
  d["lowest_lows"] = BarList(r.lowest_lows);
  return d;
}

struct InspectIn {
  std::string date;        // trading date YYYY-MM-DD
  std::string session;     // "S1" / "S2"
  std::string slot;        // "07:30"
  int before_minutes = 60;
  int after_minutes = 60;
};

nb::dict InspectRange(const std::vector<std::string>& paths, const RunOptions& run_options, const InspectIn& in) {
  const RunBinding run = BindFiles(paths, run_options);
  const std::string symbol = OneSymbol(run);
  const std::optional<calendar::SessionId> session = calendar::ParseSessionName(in.session);
  if (!session) ThrowUsage("session: '" + in.session + "' is not S1 or S2");
  const std::optional<calendar::SlotSpec> slot = calendar::FindSlot(*session, in.slot);
  if (!slot) {
    std::string known;
    const calendar::SessionSpec& s = calendar::Session(*session);
    for (int k = 0; k < s.slot_count; ++k) known += (k ? ", " : "") + std::string(s.slot_labels[static_cast<size_t>(k)]);
    ThrowUsage("slot: '" + in.slot + "' is not a slot of " + in.session + " (" + known + ")");
  }
  if (in.before_minutes < 0 || in.after_minutes < 0) ThrowUsage("before/after minutes: expected >= 0");
  const cctz::civil_day date = ParseDate(in.date, "date");
  // The run's reader over the date, its eve and the trade's look-ahead (a
  // horizon up to 3 days away, or further over the calendar's closures, + DST).
  const source::BarReadOptions read = run.ReadAround(date, date + 2);
  const strategy::RangeContext ctx = run.ContextFor(symbol);
  const calendar::TimeZone& chicago = calendar::TimeZone::Chicago();
  quality::RangeInspection inspection;
  std::shared_ptr<arrow::Table> row_table;
  std::vector<int64_t> ts;
  std::vector<double> open, high, low, close;
  {
    nb::gil_scoped_release unlocked;
    source::BarData data = source::ReadBars(read);
    const BarSeries bars = BarsOrThrow(data, symbol).view();  // the run's duplicate policy applied (ReadBars)
    inspection = quality::InspectRange(bars, date, *slot, run.ParamsFor(symbol), ctx);
    std::vector<strategy::TradeRow> rows;
    if (inspection.row) rows.push_back(*inspection.row);
    // The row as the run finalises and writes it (columns, costs, output zone).
    const engine::ResultTable table = run.Finalize(symbol, std::move(rows), inspection.range_exists ? 1 : 0);
    row_table = sink::ResultToArrow(table, chicago, sink::DateColumn::kString);
    int64_t last = inspection.slot_end_ns;
    if (inspection.row && inspection.row->has_entry) {
      last = std::max(last, inspection.row->exit_clock != strategy::ExitClock::kNone ? inspection.row->exit_time_ns
                                                                                   : inspection.row->open_as_of_ns);
    }
    const int64_t from = inspection.window_start_ns - in.before_minutes * calendar::kNanosPerMinute;
    const int64_t to = last + in.after_minutes * calendar::kNanosPerMinute;
    for (size_t i = bars.LowerBound(from); i < bars.size() && bars.ts_ns[i] <= to; ++i) {
      ts.push_back(bars.ts_ns[i]);
      open.push_back(bars.open[i]);
      high.push_back(bars.high[i]);
      low.push_back(bars.low[i]);
      close.push_back(bars.close[i]);
    }
  }
  nb::dict d;
  d["window_start_ns"] = inspection.window_start_ns;
  d["slot_end_ns"] = inspection.slot_end_ns;
  d["entry_cutoff_ns"] = inspection.entry_cutoff_ns;
  d["range_exists"] = inspection.range_exists;
  if (inspection.range_exists) {
    d["range_high"] = inspection.range.high;
    d["range_low"] = inspection.range.low;
    d["range_size"] = inspection.range.size;
    d["freeze_close"] = inspection.range.freeze_close;
    d["long_level"] = inspection.levels.long_level;
    d["short_level"] = inspection.levels.short_level;
  }
  const bool entered = inspection.row && inspection.row->has_entry;
  d["entry_time_ns"] = entered ? nb::object(nb::int_(inspection.row->entry_time_ns)) : nb::none();
  const bool exited = entered && inspection.row->exit_clock != strategy::ExitClock::kNone;
  d["exit_time_ns"] = exited ? nb::object(nb::int_(inspection.row->exit_time_ns)) : nb::none();
  d["row"] = StreamCapsuleFromTable(row_table);
  nb::dict bars;
  bars["ts_ns"] = ts;
  bars["open"] = open;
  bars["high"] = high;
  bars["low"] = low;
  bars["close"] = close;
  d["bars"] = bars;
  return d;
}

// [(session, "HH:MM" start, [slot labels])] of calendar::Session.
std::vector<std::tuple<std::string, std::string, std::vector<std::string>>> SessionCatalogue() {
  std::vector<std::tuple<std::string, std::string, std::vector<std::string>>> out;
  for (const calendar::SessionId id : {calendar::SessionId::kS1, calendar::SessionId::kS2}) {
    const calendar::SessionSpec& s = calendar::Session(id);
    const std::string start = ClockText(s.start.hour, s.start.minute);
    std::vector<std::string> labels;
    for (int k = 0; k < s.slot_count; ++k) labels.emplace_back(s.slot_labels[static_cast<size_t>(k)]);
    out.emplace_back(std::string(s.name), start, std::move(labels));
  }
  return out;
}

}  // namespace

void BindDataTools(nb::module_& m) {
  nb::class_<InspectIn>(m, "_InspectRequest")
      .def(nb::init<>())
      .def_rw("date", &InspectIn::date)
      .def_rw("session", &InspectIn::session)
      .def_rw("slot", &InspectIn::slot)
      .def_rw("before_minutes", &InspectIn::before_minutes)
      .def_rw("after_minutes", &InspectIn::after_minutes);
  m.def("session_catalogue", &SessionCatalogue, "[(session, start 'HH:MM', [slot labels])] (spec 2.2).");
  m.def("discover", &Discover, nb::arg("paths"), nb::arg("options"), nb::arg("summarize") = false,
        nb::arg("default_instrument") = "",
        "The input files a run with these options reads ([{path, location, format, partition_instrument}]); "
        "with summarize, what each holds through the run's readers ({instruments: [{instrument, bars, first_ns, "
        "last_ns}], error, error_kind}).");
  m.def("data_summary", &DataSummary, nb::arg("paths"), nb::arg("options"),
        "Every instrument in the data with its bar count and first/last instant (ns).");
  m.def("check_data", &CheckData, nb::arg("paths"), nb::arg("options"), nb::arg("gap_minutes"),
        nb::arg("outlier_factor"), nb::arg("top"),
        "Data-quality checks (quality::CheckBarQuality) over the bars the readers return.");
  m.def("inspect_range", &InspectRange, nb::arg("paths"), nb::arg("options"), nb::arg("request"),
        "One date and slot as the strategy sees it (quality::InspectRange) and the bars around it.");
}

}  // namespace orbit::python
