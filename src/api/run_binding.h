// src/api/run_binding.h
//
// BindRun: the one step that turns a validated RunSpec (include/orbit/run_spec.h)
// into everything a job needs to read and analyse bars: the reader options,
// each instrument's strategy parameters and RangeContext (zone, as-of instant,
// fixes, intra-bar policy, exchange calendar, result columns), the pipeline's
// analysis settings (threads, mode, memory limit, analysed span, look-ahead),
// the result columns with their costs and output zone, and the
// pipeline request. Every door builds its runs here — orbit::Run (CLI run,
// orbit.scan, orbit.run, orbit.dask.scan), sweeps, inspection and data checks
// (python/src/data_binding.cc) — so no other file builds a RangeContext or
// reader options, and a new option is threaded through once, here.
#pragma once

#include <cctz/civil_time.h>

#include <cstdint>
#include <memory>
#include <optional>
#include <string>

#include "calendar/exchange_calendar.h"
#include "calendar/time_zone.h"
#include "engine/analyzer.h"
#include "engine/result_table.h"
#include "engine/trade_costs.h"
#include "orbit/run.h"
#include "orbit/run_spec.h"
#include "pipeline/run_pipeline.h"
#include "source/bar_reader.h"
#include "strategy/range_analysis.h"
#include "strategy/run_params.h"

namespace orbit {

// A RunSpec bound to one source and one as-of instant. Cheap to copy; copies
// stay valid on their own (the zones and the calendar are shared, not borrowed).
class RunBinding {
 public:
  const RunSpec& spec() const { return spec_; }
  int64_t as_of_ns() const { return as_of_ns_; }

  // How the job reads its source: paths, instruments, default instrument for
  // files without an instrument column, input zone, NaN/duplicate policies,
  // KI-37, --start/--end, CSV layout. Points into this binding (input zone).
  const source::BarReadOptions& read() const { return read_; }
  // read() narrowed to the bars trading dates first..last need: from first's
  // eve through last's look-ahead (LookAheadDays), within --start/--end.
  source::BarReadOptions ReadAround(const cctz::civil_day& first, const cctz::civil_day& last) const;

  // The run's strategy parameters for `symbol` (params.instrument set).
  strategy::RunParams ParamsFor(const std::string& symbol) const;
  // The instrument as the run uses it (ValidateRunParams). Errors: kUsage.
  InstrumentSpec InstrumentFor(const std::string& symbol) const;
  // Everything a range of `symbol` is analysed with: zone, instrument,
  // as-of, fixes, --intrabar, --calendar/--calendar-file, --columns.
  strategy::RangeContext ContextFor(const std::string& symbol) const;
  // Both at once (what the pipeline asks for per instrument).
  pipeline::InstrumentRun InstrumentRunFor(const std::string& symbol) const;

  // The calendar the run's days follow (--calendar, --calendar-file, or the
  // CME one under --fix KI-04); null = the reference's none.
  const calendar::ExchangeCalendar* Calendar() const;
  // Calendar days of bars a trading day may need after it (4, more when an
  // exchange calendar's closures push a horizon further).
  int LookAheadDays() const;

  // --columns extended with --commission/--slippage/--point-value and
  // --output-tz; unset = the reference's 17 columns.
  const std::optional<engine::ExtendedColumns>& result_columns() const { return extended_; }
  // The costs of the run (also when the columns are the reference's: the
  // summaries' net figures use them).
  const engine::CostModel& costs() const { return spec_.costs; }
  // A finished table of `symbol` as this run writes it (columns and costs set):
  // engine::FinalizeResults with the run's fixes and result columns.
  engine::ResultTable Finalize(const std::string& symbol, std::vector<strategy::TradeRow> rows,
                               size_t ranges_built) const;

  // The pipeline request of an orbit::Run over `source` (stream, progress, stop).
  pipeline::PipelineRequest Request(const BarSource& source, const RunControl& control) const;

 private:
  friend RunBinding BindRun(const RunSpec& spec, const BarSource& source, int64_t as_of_ns);

  RunSpec spec_;
  int64_t as_of_ns_ = 0;
  std::shared_ptr<const calendar::TimeZone> input_zone_;
  source::BarReadOptions read_;
  std::optional<engine::ExtendedColumns> extended_;
};

// Binds `spec` (from ParseRunOptions) to `source` and the instant that decides
// OPEN vs TIME (AsOfNs(spec), read once per job). Every door's jobs start
// here; sweeps too (sweep::RunSweepJob: BindRun(spec, BarSource::Files(bars),
// AsOfNs(spec)), then read() and ContextFor(symbol) for PreparedInstrument).
// Errors: kUsage for a zone that cannot be loaded (ParseRunOptions checked it).
RunBinding BindRun(const RunSpec& spec, const BarSource& source, int64_t as_of_ns);

}  // namespace orbit
