// src/strategy/run_params.h
//
// RunParams mirrors the reference's run-parameter model (spec §2.1) and the
// slot-selection rule of §2.3. SelectSlots() is the only place that turns the
// parameters into the ordered list of (session, slot) pairs a day is built for.
#pragma once

#include <array>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "calendar/session.h"
#include "strategy/fixes.h"
#include "core/instrument.h"

namespace orbit::strategy {

enum class TargetMode { kFixed, kTime };

struct RunParams {
  std::string instrument;  // upper-case symbol
  std::vector<calendar::SessionId> enabled_sessions{calendar::SessionId::kS1, calendar::SessionId::kS2};
  // enabled_slots[session]: nullopt = key absent; an empty list = all slots.
  std::array<std::optional<std::vector<std::string>>, 2> enabled_slots;
  std::vector<int> trade_days{0, 1, 2, 3, 4};  // Monday = 0
  bool write_no_trade_rows = true;
  TargetMode target_mode = TargetMode::kFixed;

  // Exit parameters (issue 12). Every default reproduces the reference's
  // constants of spec §2.5 exactly, operation order included.
  std::optional<double> target;  // points; unset = the instrument's base target T
  double stop_cap = 3.0;         // initial stop distance = min(range, stop_cap * T) (§5.1)
  double t1_fraction = 0.65;     // T1 threshold = T * t1_fraction; 0 < t1_fraction < 1
  int be_offset_ticks = 1;       // break-even stop = entry -/+ be_offset_ticks * tick; >= 0
  // range_start[session]: start of every range window of that session; unset =
  // the session start (02:00 / 08:00). The time-mode horizon stays at the session start.
  std::array<std::optional<calendar::LocalTime>, 2> range_start;
};

// The exit rule of one run, resolved against the instrument (what the trade
// walk needs besides the entry). A sweep evaluates one per combination.
struct ExitRule {
  double target;           // T in points
  double stop_cap;
  double t1_fraction;
  int be_offset_ticks;
};

// `params`' exit parameters with T filled in from `instrument` when unset;
// a set T is snapped to the instrument's tick grid (SnapToTick), so a target
// off the grid by float noise (5.000000000000001) runs exactly as 5.
ExitRule ResolveExitRule(const RunParams& params, const InstrumentSpec& instrument);

// True when every exit parameter and range start is at its default (the run
// summary and --stats-json then show nothing new).
bool HasDefaultStrategyParameters(const RunParams& params);

// The non-default strategy parameters as (name, value text) pairs, in a fixed
// order: target, stop_cap, t1, be_offset, range_start. Empty at the defaults.
std::vector<std::pair<std::string, std::string>> NonDefaultStrategyParameters(const RunParams& params);

// Start of the range windows of `session` under `params`.
calendar::LocalTime RangeStartOf(const RunParams& params, calendar::SessionId session);

// Validates like the reference's model and parameter check (§1.2, §2.1), plus
// the exit parameters, range starts and custom slot minutes (issue 12).
// `value` rounded to the nearest multiple of `tick`, as the double its decimal
// text parses to (SnapToTick(0.30000000000000004, 0.1) == 0.3). Grid values
// given as decimal text are returned unchanged.
double SnapToTick(double value, double tick);

// Returns the instrument's constants as the run uses them: `target` is the
// run's T (params.target when set, snapped to the tick grid; a target off the
// grid by more than float noise is refused) and `target_is_int` keeps the §6.7 rule
// (int64 only for an integer-target instrument and an integral T).
// Errors: Error(kUsage) with every problem.
InstrumentSpec ValidateRunParams(const RunParams& params, const Fixes& fixes);

// The (session, slot) pairs to build each day, in processing order (§2.3, §3.7).
// A session listed twice yields its slots twice (dedupe removes the copies).
std::vector<calendar::SlotSpec> SelectSlots(const RunParams& params, const Fixes& fixes);

// Builds enabled_slots from CLI `--slots` tokens "S1:07:30,S2:09:30" (§2.3,
// KI-23). A label that is not one of the seven slots but is a clock minute
// "HH:MM" selects a slot at that minute (issue 12); ValidateRunParams checks
// it lies after the session's range start and before the 16:00 cutoff. Errors: Error(kUsage) for a token without a colon; with
// fixes.strict_cli_slots also for unknown sessions or labels. Under KI-23
// corrected, a session left with an empty list must run no slots: the caller
// removes it from enabled_sessions (an empty list means "all" in the model).
std::array<std::optional<std::vector<std::string>>, 2> ParseCliSlots(const std::string& tokens,
                                                                      const Fixes& fixes,
                                                                      std::vector<std::string>* warnings);

// Applies CLI-style `--slots` tokens to `params`: sets enabled_slots with
// ParseCliSlots and, under KI-23 corrected, drops the enabled sessions that
// the tokens left without a slot. Errors: as ParseCliSlots.
void ApplyCliSlots(RunParams& params, const std::string& tokens, const Fixes& fixes,
                   std::vector<std::string>* warnings);

// Applies `--range-start S1:06:00,S2:08:30` tokens (SESSION:HH:MM, each session
// at most once). Errors: Error(kUsage) naming the token.
void ApplyCliRangeStarts(RunParams& params, const std::string& tokens);

// Parses the exit-parameter option texts (decimal numbers; empty = leave the
// default). Errors: Error(kUsage) naming the option and value. Range checks
// that need the instrument (tick grid) happen in ValidateRunParams.
double ParseTargetText(const std::string& text);      // --target
double ParseStopCapText(const std::string& text);     // --stop-cap
double ParseT1FractionText(const std::string& text);  // --t1
int ParseBeOffsetText(const std::string& text);       // --be-offset

}  // namespace orbit::strategy
