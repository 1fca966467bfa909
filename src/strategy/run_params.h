// src/strategy/run_params.h
//
// RunParams mirrors the reference's run-parameter model (spec §2.1) and the
// slot-selection rule of §2.3. SelectSlots() is the only place that turns the
// parameters into the ordered list of (session, slot) pairs a day is built for.
#pragma once

#include <array>
#include <optional>
#include <string>
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
};

// Validates like the reference's model and parameter check (§1.2, §2.1).
// Returns the instrument's constants. Errors: Error(kUsage) with every problem.
InstrumentSpec ValidateRunParams(const RunParams& params, const Fixes& fixes);

// The (session, slot) pairs to build each day, in processing order (§2.3, §3.7).
// A session listed twice yields its slots twice (dedupe removes the copies).
std::vector<calendar::SlotSpec> SelectSlots(const RunParams& params, const Fixes& fixes);

// Builds enabled_slots from CLI `--slots` tokens "S1:07:30,S2:09:30" (§2.3,
// KI-23). Errors: Error(kUsage) for a token without a colon; with
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

}  // namespace orbit::strategy
