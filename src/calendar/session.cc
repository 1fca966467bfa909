#include "calendar/session.h"

namespace orbit::calendar {
namespace {

constexpr SessionSpec kSessions[] = {
    {SessionId::kS1, "S1", {2, 0}, '1', {"07:30", "08:00", "09:00", ""}, 3},
    {SessionId::kS2, "S2", {8, 0}, '2', {"09:30", "10:00", "10:30", "11:00"}, 4},
};

LocalTime ParseLabel(std::string_view label) {
  return {(label[0] - '0') * 10 + (label[1] - '0'), (label[3] - '0') * 10 + (label[4] - '0')};
}

}  // namespace

const SessionSpec& Session(SessionId id) { return kSessions[static_cast<int>(id)]; }

std::optional<SessionId> ParseSessionName(std::string_view name) {
  if (name == "S1") return SessionId::kS1;
  if (name == "S2") return SessionId::kS2;
  return std::nullopt;
}

SlotSpec SlotAt(SessionId session, int index) {
  const std::string_view label = Session(session).slot_labels[static_cast<size_t>(index)];
  return {session, ParseLabel(label), label};
}

std::optional<SlotSpec> FindSlot(SessionId session, std::string_view label) {
  const SessionSpec& spec = Session(session);
  for (int i = 0; i < spec.slot_count; ++i)
    if (spec.slot_labels[static_cast<size_t>(i)] == label) return SlotAt(session, i);
  return std::nullopt;
}

}  // namespace orbit::calendar
