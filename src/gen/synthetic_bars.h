// src/gen/synthetic_bars.h
//
// Deterministic synthetic 1-minute bars that look like a CME equity/energy
// future: Sunday 17:00 to Friday 16:00 Chicago with the daily 16:00-17:00
// break, real DST changes, US exchange holidays (closed) and early closes
// (12:00 / 12:15), occasional missing minutes (more overnight), prices on the
// tick grid, and an intraday volatility profile (quiet overnight, busy around
// the 08:30 open) so that every result type occurs. Same seed, same bytes.
#pragma once

#include <cctz/civil_time.h>

#include <cstdint>
#include <functional>
#include <string>

#include "core/instrument.h"

namespace orbit::gen {

struct GenOptions {
  InstrumentSpec instrument;
  cctz::civil_day start;  // first calendar day (inclusive)
  cctz::civil_day end;    // last calendar day (inclusive)
  uint64_t seed = 1;
  double start_price = 0.0;  // 0: a typical level for the instrument
  // Each day draws a drift uniform in [-drift/2, +drift/2] (in standard
  // deviations of a 15-second step) added to every step of that day: days
  // trend, which is an edge for opening-range breakouts. 0: a driftless random
  // walk (the breakout backtest still earns about a tick per trade on it from
  // its fills at exact levels; README "Is it real?"). The default reproduces
  // the generator's original bytes.
  double drift = 0.08;
};

struct GeneratedBar {
  int64_t ts_ns;
  double open, high, low, close;
  int64_t volume;
};

// Calls `sink` once per bar in time order. Returns the number of bars.
uint64_t GenerateBars(const GenOptions& options, const std::function<void(const GeneratedBar&)>& sink);

// Writes the bars to `path` (.csv: ISO-8601 with UTC offsets; otherwise
// Parquet with a timestamp[ns, America/Chicago] column, as pandas writes it,
// one row group per ~month). Atomic like every Orbit output. Returns bars written.
uint64_t WriteSyntheticBars(const GenOptions& options, const std::string& path);

// Its implementation, in the Arrow module (module/arrow_module.h), which
// WriteSyntheticBars loads.
uint64_t WriteSyntheticBarsWithArrow(const GenOptions& options, const std::string& path);

}  // namespace orbit::gen
