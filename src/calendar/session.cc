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

// "HH:MM" for every minute of a day, built once; views into it never dangle.
const std::array<std::array<char, 6>, 24 * 60>& MinuteLabels() {
  static const auto labels = [] {
    std::array<std::array<char, 6>, 24 * 60> out{};
    for (int m = 0; m < 24 * 60; ++m) {
      const int h = m / 60, mm = m % 60;
      out[static_cast<size_t>(m)] = {static_cast<char>('0' + h / 10), static_cast<char>('0' + h % 10), ':',
                                     static_cast<char>('0' + mm / 10), static_cast<char>('0' + mm % 10), '\0'};
    }
    return out;
  }();
  return labels;
}

}  // namespace

std::optional<LocalTime> ParseClock(std::string_view text) {
  auto digit = [](char c) { return c >= '0' && c <= '9'; };
  if (text.size() != 5 || text[2] != ':' || !digit(text[0]) || !digit(text[1]) || !digit(text[3]) || !digit(text[4]))
    return std::nullopt;
  const LocalTime t = ParseLabel(text);
  if (t.hour > 23 || t.minute > 59) return std::nullopt;
  return t;
}

std::optional<SlotSpec> SlotAtMinute(SessionId session, std::string_view label) {
  if (std::optional<SlotSpec> standard = FindSlot(session, label)) return standard;
  const std::optional<LocalTime> end = ParseClock(label);
  if (!end) return std::nullopt;
  const std::array<char, 6>& text = MinuteLabels()[static_cast<size_t>(end->hour * 60 + end->minute)];
  return SlotSpec{session, *end, std::string_view(text.data(), 5)};
}

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
