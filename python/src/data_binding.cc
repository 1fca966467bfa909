// python/src/data_binding.cc -- the data tools of the app, from the engine:
//  * discover_files: source::DiscoverInputFiles (what `orbit run --bars` reads);
//  * data_summary: source::ReadBars over every instrument (bars, first, last);
//  * check_data: quality::CheckBarQuality over the bars the readers return;
//    data the readers reject (e.g. an OHLC violation, V6) is reported with
//    the reader's message instead of raising;
//  * inspect_range: quality::InspectRange for one date and slot, its row
//    finalised (engine::FinalizeResults) and converted like a run's rows
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

struct DataReadIn {
  std::string input_tz = "America/Chicago";
  std::string nan_prices = "error";
};

// Every instrument of the data (the data summary).
source::BarReadOptions SummaryReadOptions(const std::vector<std::string>& paths, const DataReadIn& in,
                                          const calendar::TimeZone* zone) {
  source::BarReadOptions read;
  read.paths = paths;
  read.input_zone = zone;
  if (in.nan_prices != "error" && in.nan_prices != "accept") ThrowUsage("nan_prices: expected 'error' or 'accept'");
  read.nan_policy = in.nan_prices == "accept" ? source::NanPolicy::kAccept : source::NanPolicy::kError;
  return read;
}

// The run options of one instrument, parsed like every run (orbit::ParseRunOptions).
struct OneInstrument {
  RunSpec spec;
  std::string symbol;
  InstrumentSpec instrument;
};

OneInstrument ParseOneInstrument(const RunOptions& options) {
  OneInstrument out{ParseRunOptions(options), "", {}};
  if (out.spec.instruments.size() != 1) ThrowUsage("--instrument: name exactly one instrument");
  out.symbol = out.spec.instruments.front();
  out.spec.params.instrument = out.symbol;
  out.instrument = strategy::ValidateRunParams(out.spec.params, out.spec.fixes);
  return out;
}

source::BarReadOptions ReadOptionsFor(const std::vector<std::string>& paths, const OneInstrument& run,
                                      const calendar::TimeZone* zone) {
  source::BarReadOptions read;
  read.paths = paths;
  read.instruments = {run.symbol};
  read.default_instrument = run.symbol;
  read.input_zone = zone;
  read.nan_policy = run.spec.nan_policy;
  read.duplicate_policy = source::DuplicatePolicy::kKeepAll;  // the checks count duplicates themselves
  read.per_row_negative_prices = run.spec.fixes.per_row_negative_prices;
  return read;
}

source::BarColumns& BarsOrThrow(source::BarData& data, const std::string& symbol) {
  const auto it = data.by_instrument.find(symbol);
  if (it == data.by_instrument.end() || it->second.size() == 0)
    ThrowBadInput("no rows for instrument " + symbol + " in the input");
  return it->second;
}

// ---------------------------------------------------------------------------

std::vector<std::tuple<std::string, std::string, std::string>> DiscoverFiles(
    const std::vector<std::string>& paths, const std::vector<std::string>& instruments) {
  std::vector<source::InputFile> files;
  {
    nb::gil_scoped_release unlocked;
    files = source::DiscoverInputFiles(paths, instruments);
  }
  std::vector<std::tuple<std::string, std::string, std::string>> out;
  for (const source::InputFile& f : files)
    out.emplace_back(f.path, f.format == source::FileFormat::kCsv ? "csv" : "parquet", f.partition_instrument);
  return out;
}

nb::dict DataSummary(const std::vector<std::string>& paths, const DataReadIn& in) {
  const calendar::TimeZone zone = calendar::TimeZone::Load(in.input_tz);
  source::BarData data;
  {
    nb::gil_scoped_release unlocked;
    data = source::ReadBars(SummaryReadOptions(paths, in, &zone));
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
  const OneInstrument run = ParseOneInstrument(run_options);
  const std::string& instrument = run.symbol;
  const InstrumentSpec& spec = run.instrument;
  if (!(gap_minutes > 0) || gap_minutes > 1e7) ThrowUsage("gap_minutes: expected a positive number of minutes");
  if (!(outlier_factor > 0)) ThrowUsage("outlier_factor: expected a positive factor");
  const calendar::TimeZone zone = calendar::TimeZone::Load(run.spec.input_tz);
  source::BarReadOptions read = ReadOptionsFor(paths, run, &zone);
  read.start_date = run.spec.start_date;
  read.end_date = run.spec.end_date;
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
  const OneInstrument run = ParseOneInstrument(run_options);
  const InstrumentSpec& spec = run.instrument;
  const strategy::Fixes& fixes = run.spec.fixes;
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
  const int64_t as_of_ns = run.spec.as_of_ns ? *run.spec.as_of_ns
                                             : std::chrono::duration_cast<std::chrono::nanoseconds>(
                                                   std::chrono::system_clock::now().time_since_epoch())
                                                   .count();
  const calendar::TimeZone zone = calendar::TimeZone::Load(run.spec.input_tz);
  source::BarReadOptions read = ReadOptionsFor(paths, run, &zone);
  read.start_date = date - 1;
  read.end_date = date + 7;  // the trade's look-ahead: the horizon is at most 3 days (+ a DST shift) away

  const calendar::TimeZone& chicago = calendar::TimeZone::Chicago();
  quality::RangeInspection inspection;
  std::shared_ptr<arrow::Table> row_table;
  std::vector<int64_t> ts;
  std::vector<double> open, high, low, close;
  {
    nb::gil_scoped_release unlocked;
    source::BarData data = source::ReadBars(read);
    const BarSeries bars = BarsOrThrow(data, run.symbol).view();
    strategy::RangeContext ctx;
    ctx.zone = &chicago;
    ctx.instrument = spec;
    ctx.as_of_ns = as_of_ns;
    ctx.fixes = fixes;
    strategy::RunParams params = run.spec.params;
    params.instrument = run.symbol;
    inspection = quality::InspectRange(bars, date, *slot, params, ctx);
    std::vector<strategy::TradeRow> rows;
    if (inspection.row) rows.push_back(*inspection.row);
    const engine::ResultTable table =
        engine::FinalizeResults(spec, std::move(rows), inspection.range_exists ? 1 : 0, fixes);
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
  nb::class_<DataReadIn>(m, "_DataReadOptions")
      .def(nb::init<>())
      .def_rw("input_tz", &DataReadIn::input_tz)
      .def_rw("nan_prices", &DataReadIn::nan_prices);
  nb::class_<InspectIn>(m, "_InspectRequest")
      .def(nb::init<>())
      .def_rw("date", &InspectIn::date)
      .def_rw("session", &InspectIn::session)
      .def_rw("slot", &InspectIn::slot)
      .def_rw("before_minutes", &InspectIn::before_minutes)
      .def_rw("after_minutes", &InspectIn::after_minutes);
  m.def("session_catalogue", &SessionCatalogue, "[(session, start 'HH:MM', [slot labels])] (spec 2.2).");
  m.def("discover_files", &DiscoverFiles, nb::arg("paths"), nb::arg("instruments"),
        "The input files `orbit run --bars` reads: [(path, 'csv'|'parquet', partition instrument)].");
  m.def("data_summary", &DataSummary, nb::arg("paths"), nb::arg("read"),
        "Every instrument in the data with its bar count and first/last instant (ns).");
  m.def("check_data", &CheckData, nb::arg("paths"), nb::arg("options"), nb::arg("gap_minutes"),
        nb::arg("outlier_factor"), nb::arg("top"),
        "Data-quality checks (quality::CheckBarQuality) over the bars the readers return.");
  m.def("inspect_range", &InspectRange, nb::arg("paths"), nb::arg("options"), nb::arg("request"),
        "One date and slot as the strategy sees it (quality::InspectRange) and the bars around it.");
}

}  // namespace orbit::python
