#include "strategy/run_params.h"

#include "core/civil_text.h"

#include <algorithm>
#include <cctype>
#include <cerrno>
#include <cmath>
#include <cstdio>
#include <cstdlib>

#include "core/civil_text.h"
#include "core/error.h"
#include "core/py_float.h"
#include "core/tokens.h"

namespace orbit::strategy {

using calendar::SessionId;

namespace {

constexpr calendar::LocalTime kLatestSlotEnd = calendar::kEntryCutoff;  // slots end before 16:00

std::string ClockText(calendar::LocalTime t) { return orbit::ClockText(t.hour, t.minute); }

// A finite decimal number, the whole text. Errors: Error(kUsage).
double ParseDecimal(const std::string& option, const std::string& text) {
  const char* begin = text.c_str();
  char* end = nullptr;
  errno = 0;
  const double v = std::strtod(begin, &end);
  const bool plain = !text.empty() && text.find_first_not_of("0123456789.+-eE") == std::string::npos;
  if (!plain || end != begin + text.size() || errno == ERANGE || !std::isfinite(v))
    ThrowUsage(option + ": '" + text + "' is not a number");
  return v;
}

// True when `value` is a whole number of ticks (up to the decimal text's
// rounding to binary, e.g. 0.05 / 0.001).
bool OnTickGrid(double value, double tick) {
  const double ticks = value / tick;
  return std::fabs(ticks - std::nearbyint(ticks)) <= 1e-9 * std::max(1.0, std::fabs(ticks));
}

// Decimal places of a tick (0.25 -> 2, 0.001 -> 3, 1 -> 0).
int TickDecimals(double tick) {
  for (int d = 0; d < 12; ++d) {
    const double scaled = tick * std::pow(10.0, d);
    if (std::fabs(scaled - std::nearbyint(scaled)) <= 1e-9 * std::max(1.0, scaled)) return d;
  }
  return 12;
}

}  // namespace

double SnapToTick(double value, double tick) {
  if (!(tick > 0) || !std::isfinite(value)) return value;
  const double ticks = std::nearbyint(value / tick);
  // The double nearest to the decimal "ticks x tick" (3 x 0.1 is 0.3, not
  // 0.30000000000000004): the value the decimal text of a grid point parses to.
  char text[64];
  std::snprintf(text, sizeof text, "%.*f", TickDecimals(tick), ticks * tick);
  return std::strtod(text, nullptr);
}

double ParseTargetText(const std::string& text) {
  const double v = ParseDecimal("--target", text);
  if (!(v > 0)) ThrowUsage("--target: '" + text + "' is not a positive number of points");
  return v;
}

double ParseStopCapText(const std::string& text) {
  const double v = ParseDecimal("--stop-cap", text);
  if (!(v > 0)) ThrowUsage("--stop-cap: '" + text + "' is not a positive multiple of the target");
  return v;
}

double ParseT1FractionText(const std::string& text) {
  const double v = ParseDecimal("--t1", text);
  if (!(v > 0 && v < 1)) ThrowUsage("--t1: '" + text + "' is not a fraction with 0 < FRACTION < 1");
  return v;
}

int ParseBeOffsetText(const std::string& text) {
  const bool digits = !text.empty() && text.size() <= 6 && text.find_first_not_of("0123456789") == std::string::npos;
  if (!digits) ThrowUsage("--be-offset: '" + text + "' is not a whole number of ticks >= 0 (at most 999999)");
  return std::atoi(text.c_str());
}

ExitRule ResolveExitRule(const RunParams& params, const InstrumentSpec& instrument) {
  // The target the run checked is the one it uses: snapped to the tick grid
  // (ValidateRunParams already stored the snapped value in `instrument`).
  double target = instrument.target;
  if (params.target && *params.target != instrument.target) target = SnapToTick(*params.target, instrument.tick);
  return {target, params.stop_cap, params.t1_fraction, params.be_offset_ticks};
}

std::vector<std::pair<std::string, std::string>> NonDefaultStrategyParameters(const RunParams& params) {
  const RunParams defaults;
  std::vector<std::pair<std::string, std::string>> out;
  if (params.target) out.emplace_back("target", PyFloat(*params.target));
  if (params.stop_cap != defaults.stop_cap) out.emplace_back("stop_cap", PyFloat(params.stop_cap));
  if (params.t1_fraction != defaults.t1_fraction) out.emplace_back("t1", PyFloat(params.t1_fraction));
  if (params.be_offset_ticks != defaults.be_offset_ticks)
    out.emplace_back("be_offset", std::to_string(params.be_offset_ticks));
  std::string starts;
  for (int s = 0; s < 2; ++s) {
    const auto& start = params.range_start[static_cast<size_t>(s)];
    if (!start) continue;
    if (!starts.empty()) starts += ",";
    starts += std::string(calendar::Session(static_cast<SessionId>(s)).name) + ":" + ClockText(*start);
  }
  if (!starts.empty()) out.emplace_back("range_start", starts);
  return out;
}

bool HasDefaultStrategyParameters(const RunParams& params) { return NonDefaultStrategyParameters(params).empty(); }

calendar::LocalTime RangeStartOf(const RunParams& params, SessionId session) {
  const auto& start = params.range_start[static_cast<size_t>(session)];
  return start ? *start : calendar::Session(session).start;
}

void ApplyCliRangeStarts(RunParams& params, const std::string& tokens) {
  std::array<bool, 2> seen{};
  for (const std::string& token : SplitTokens(tokens, ',')) {
    if (token.empty()) continue;
    const size_t colon = token.find(':');
    std::string session_name = colon == std::string::npos ? token : token.substr(0, colon);
    for (char& c : session_name) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
    const std::optional<SessionId> session = calendar::ParseSessionName(session_name);
    const std::optional<calendar::LocalTime> start =
        colon == std::string::npos ? std::nullopt : calendar::ParseClock(token.substr(colon + 1));
    if (!session || !start)
      ThrowUsage("--range-start: token '" + token + "' is not SESSION:HH:MM (e.g. S1:06:00 or S2:08:30)");
    if (seen[static_cast<size_t>(*session)]) ThrowUsage("--range-start: session " + session_name + " given twice");
    seen[static_cast<size_t>(*session)] = true;
    params.range_start[static_cast<size_t>(*session)] = *start;
  }
}

InstrumentSpec ValidateRunParams(const RunParams& params, const Fixes& fixes) {
  std::vector<std::string> problems;
  std::optional<InstrumentSpec> spec = FindInstrument(params.instrument);
  if (!spec) {
    problems.push_back("unknown instrument '" + params.instrument +
                       "' (expected one of ES NQ YM CL NG GC RTY MES MNQ MYM MCL MNG MGC M2K, upper-case)");
  } else if (!spec->run_allowed && !fixes.accept_minutedataexport) {
    problems.push_back("instrument MINUTEDATAEXPORT is rejected by the run parameters (KI-19; --fix KI-19 accepts it)");
  }
  if (params.enabled_sessions.empty()) problems.push_back("no session enabled");
  for (int day : params.trade_days)
    if (day < 0 || day > 4) problems.push_back("trade day " + std::to_string(day) + " is not in 0..4 (Monday=0)");
  if (fixes.strict_slot_labels) {
    for (int s = 0; s < 2; ++s) {
      if (!params.enabled_slots[static_cast<size_t>(s)]) continue;
      for (const std::string& label : *params.enabled_slots[static_cast<size_t>(s)])
        if (!calendar::SlotAtMinute(static_cast<SessionId>(s), label))
          problems.push_back("slot '" + label + "' is not a slot of " + std::string(calendar::Session(static_cast<SessionId>(s)).name));
    }
  }
  if (spec && params.target) {
    const double t = *params.target;
    if (!(t > 0) || !std::isfinite(t)) {
      problems.push_back("target " + PyFloat(t) + " is not a positive number of points");
    } else if (!OnTickGrid(t, spec->tick)) {
      problems.push_back("target " + PyFloat(t) + " is not a multiple of the " + std::string(spec->symbol) +
                         " tick " + PyFloat(spec->tick));
    }
  }
  if (!(params.stop_cap > 0) || !std::isfinite(params.stop_cap))
    problems.push_back("stop cap " + PyFloat(params.stop_cap) + " is not a positive multiple of the target");
  if (!(params.t1_fraction > 0 && params.t1_fraction < 1))
    problems.push_back("T1 fraction " + PyFloat(params.t1_fraction) + " is not in 0 < FRACTION < 1");
  if (params.be_offset_ticks < 0 || params.be_offset_ticks > 999999)
    problems.push_back("break-even offset " + std::to_string(params.be_offset_ticks) + " is not in 0..999999 ticks");
  for (const calendar::SlotSpec& slot : SelectSlots(params, fixes)) {
    const calendar::LocalTime start = RangeStartOf(params, slot.session);
    const std::string where = std::string(calendar::Session(slot.session).name) + ":" + std::string(slot.label);
    if (slot.end.hhmm() <= start.hhmm())
      problems.push_back("slot " + where + " does not end after its range start " + ClockText(start));
    if (slot.end.hhmm() >= kLatestSlotEnd.hhmm())
      problems.push_back("slot " + where + " is not before the 16:00 entry cutoff");
  }
  if (!problems.empty()) {
    std::string message = "Parameter validation failed:";
    for (const std::string& p : problems) message += "\n  - " + p;
    ThrowUsage(message);
  }
  InstrumentSpec run_spec = *spec;
  if (params.target) {
    run_spec.target = SnapToTick(*params.target, spec->tick);
    run_spec.target_is_int = spec->target_is_int && std::nearbyint(run_spec.target) == run_spec.target;
  }
  return run_spec;
}

std::vector<calendar::SlotSpec> SelectSlots(const RunParams& params, const Fixes& fixes) {
  (void)fixes;
  std::vector<calendar::SlotSpec> out;
  for (SessionId session : params.enabled_sessions) {
    const calendar::SessionSpec& spec = calendar::Session(session);
    const auto& selection = params.enabled_slots[static_cast<size_t>(session)];
    const size_t first = out.size();
    for (int i = 0; i < spec.slot_count; ++i) {
      const calendar::SlotSpec slot = calendar::SlotAt(session, i);
      const bool skip = selection && !selection->empty() &&
                        std::find(selection->begin(), selection->end(), slot.label) == selection->end();
      if (!skip) out.push_back(slot);
    }
    if (!selection) continue;
    // Slots at other minutes (issue 12), once each, merged in time order; the
    // seven standard slots are already in time order, so a selection of them
    // keeps the reference's order.
    bool custom = false;
    for (const std::string& label : *selection) {
      if (calendar::FindSlot(session, label)) continue;
      const std::optional<calendar::SlotSpec> slot = calendar::SlotAtMinute(session, label);
      if (!slot) continue;  // not a clock minute: ignored like the reference (KI-24 rejects it earlier)
      const bool listed = std::any_of(out.begin() + static_cast<std::ptrdiff_t>(first), out.end(),
                                      [&](const calendar::SlotSpec& s) { return s.label == slot->label; });
      if (!listed) out.push_back(*slot);
      custom = true;
    }
    if (custom)
      std::stable_sort(out.begin() + static_cast<std::ptrdiff_t>(first), out.end(),
                       [](const calendar::SlotSpec& a, const calendar::SlotSpec& b) { return a.end.hhmm() < b.end.hhmm(); });
  }
  return out;
}

std::array<std::optional<std::vector<std::string>>, 2> ParseCliSlots(const std::string& tokens,
                                                                      const Fixes& fixes,
                                                                      std::vector<std::string>* warnings) {
  std::array<std::optional<std::vector<std::string>>, 2> out;
  out[0].emplace();
  out[1].emplace();
  for (const std::string& token : SplitTokens(tokens, ',')) {
    if (token.empty()) continue;
    const size_t colon = token.find(':');
    if (colon == std::string::npos)
      ThrowUsage("--slots: token '" + token + "' is not SESSION:HH:MM (e.g. S1:07:30)");
    std::string session_name = token.substr(0, colon);
    for (char& c : session_name) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
    const std::string label = token.substr(colon + 1);
    const std::optional<SessionId> session = calendar::ParseSessionName(session_name);
    if (!session) {
      if (fixes.strict_cli_slots) ThrowUsage("--slots: unknown session in '" + token + "' (S1 or S2)");
      if (warnings) warnings->push_back("--slots: ignoring '" + token + "': unknown session");
      continue;
    }
    if (!calendar::SlotAtMinute(*session, label)) {
      if (fixes.strict_cli_slots)
        ThrowUsage("--slots: '" + label + "' is not a slot of " + session_name +
                   " (S1: 07:30 08:00 09:00; S2: 09:30 10:00 10:30 11:00; or any HH:MM of the session)");
      if (warnings) warnings->push_back("--slots: ignoring '" + token + "': not a slot of " + session_name);
      continue;
    }
    out[static_cast<size_t>(*session)]->push_back(label);
  }
  return out;
}

void ApplyCliSlots(RunParams& params, const std::string& tokens, const Fixes& fixes,
                   std::vector<std::string>* warnings) {
  params.enabled_slots = ParseCliSlots(tokens, fixes, warnings);
  if (!fixes.strict_cli_slots) return;
  std::vector<SessionId> kept;
  for (SessionId s : params.enabled_sessions)
    if (!params.enabled_slots[static_cast<size_t>(s)]->empty()) kept.push_back(s);
  params.enabled_sessions = kept;
}

}  // namespace orbit::strategy
