// include/orbit/run_spec.h
//
// RunSpec: everything that decides a run's result rows, validated once by
// orbit::ParseRunOptions (include/orbit/run_options.h) — the only place where
// option text becomes typed values. The CLI, the Python package, sweeps, the
// app and the cluster front end all build their runs through it.
#pragma once

#include <cctz/civil_time.h>

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "calendar/exchange_calendar.h"
#include "engine/trade_costs.h"
#include "pipeline/run_pipeline.h"
#include "source/bar_reader.h"
#include "strategy/fixes.h"
#include "strategy/run_params.h"

namespace orbit {

using ExecutionMode = pipeline::ExecutionMode;

struct RunSpec {
  // Symbols as given (the model is case-sensitive, spec §2.1), each once, in
  // the order given; empty = every instrument found in the data ("all").
  std::vector<std::string> instruments;
  // Sessions, slots, trade days, NoTrade rows, target mode. `params.instrument`
  // is a placeholder: Run sets it per instrument.
  strategy::RunParams params;
  strategy::Fixes fixes;
  // The instant that decides OPEN vs TIME; unset = now, read once when Run starts.
  std::optional<int64_t> as_of_ns;
  std::string input_tz = "America/Chicago";  // zone of naive timestamps (a loadable IANA zone)
  source::NanPolicy nan_policy = source::NanPolicy::kError;
  source::DuplicatePolicy duplicate_policy = source::DuplicatePolicy::kKeepAll;
  // Inclusive trading-date bounds in effect (the KI-21 single-bound rule is
  // already applied: a lone bound is dropped unless --fix KI-21).
  std::optional<cctz::civil_day> start_date, end_date;
  // Partitioned runs (orbit.dask, --analyze-from/--analyze-to): only trading
  // dates in [analyze_from, analyze_to] are analysed and reported, reading the
  // bars from analyze_from through the 4-day look-ahead after analyze_to
  // (within start/end). An instrument without bars in the window gives an
  // empty table, not an error. Unset = every date (today's behaviour).
  std::optional<cctz::civil_day> analyze_from, analyze_to;
  // How CSV text maps onto bars (preset, column map, delimiter, header,
  // epoch unit) and whether bars are stamped at their close; defaults =
  // auto-detected preset, Orbit's layout for plain files (source/csv_format.h).
  source::CsvFormatOptions csv_format;
  // Data warnings (from reading the bars) fail the run with kBadInput.
  bool strict = false;
  int threads = 0;  // 0 = all cores
  ExecutionMode mode = ExecutionMode::kAuto;
  int64_t memory_limit_bytes = 0;  // 0 = a quarter of available memory
  // Research options (README "Research columns, intra-bar policies, exchange
  // calendar"); the defaults give the reference's output byte for byte.
  // --intrabar: how a bar touching both the target and a stop is resolved.
  strategy::IntrabarPolicy intrabar = strategy::IntrabarPolicy::kReference;
  // --columns extended: 13 columns after the reference's 17 (timestamps,
  // MAE/MFE, BarsHeld, Ambiguous, USD with `costs`, shown in `output_tz`).
  bool extended_columns = false;
  engine::CostModel costs;         // --commission, --slippage, --point-value
  std::string output_tz = "UTC";   // --output-tz: a loadable IANA zone
  // --calendar / --calendar-file; null = none (--fix KI-04 alone means the
  // built-in CME calendar, see strategy::RangeContext::Calendar()).
  std::shared_ptr<const calendar::ExchangeCalendar> exchange_calendar;
  // Warnings found while parsing (a lone date bound, --slots under KI-23, a
  // repeated instrument). Run reports them first among the run's warnings.
  std::vector<std::string> notes;
};

}  // namespace orbit
