#include "strategy/run_params.h"

#include <algorithm>
#include <cctype>

#include "core/error.h"

namespace orbit::strategy {

using calendar::SessionId;

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
        if (!calendar::FindSlot(static_cast<SessionId>(s), label))
          problems.push_back("slot '" + label + "' is not a slot of " + std::string(calendar::Session(static_cast<SessionId>(s)).name));
    }
  }
  if (!problems.empty()) {
    std::string message = "Parameter validation failed:";
    for (const std::string& p : problems) message += "\n  - " + p;
    ThrowUsage(message);
  }
  return *spec;
}

std::vector<calendar::SlotSpec> SelectSlots(const RunParams& params, const Fixes& fixes) {
  (void)fixes;
  std::vector<calendar::SlotSpec> out;
  for (SessionId session : params.enabled_sessions) {
    const calendar::SessionSpec& spec = calendar::Session(session);
    const auto& selection = params.enabled_slots[static_cast<size_t>(session)];
    for (int i = 0; i < spec.slot_count; ++i) {
      const calendar::SlotSpec slot = calendar::SlotAt(session, i);
      const bool skip = selection && !selection->empty() &&
                        std::find(selection->begin(), selection->end(), slot.label) == selection->end();
      if (!skip) out.push_back(slot);
    }
  }
  return out;
}

std::array<std::optional<std::vector<std::string>>, 2> ParseCliSlots(const std::string& tokens,
                                                                      const Fixes& fixes,
                                                                      std::vector<std::string>* warnings) {
  std::array<std::optional<std::vector<std::string>>, 2> out;
  out[0].emplace();
  out[1].emplace();
  size_t pos = 0;
  while (pos <= tokens.size()) {
    size_t comma = tokens.find(',', pos);
    if (comma == std::string::npos) comma = tokens.size();
    std::string token = tokens.substr(pos, comma - pos);
    pos = comma + 1;
    token.erase(0, token.find_first_not_of(" \t"));
    token.erase(token.find_last_not_of(" \t") + 1);
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
    if (!calendar::FindSlot(*session, label)) {
      if (fixes.strict_cli_slots)
        ThrowUsage("--slots: '" + label + "' is not a slot of " + session_name +
                   " (S1: 07:30 08:00 09:00; S2: 09:30 10:00 10:30 11:00)");
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
