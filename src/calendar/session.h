// src/calendar/session.h
//
// The two sessions and their slots (spec §2.2). A slot is identified by its
// end label "HH:MM"; its range window on trading date D is
// [local(D, session start), local(D, slot end)) in America/Chicago.
#pragma once

#include <array>
#include <optional>
#include <string>
#include <string_view>

namespace orbit::calendar {

enum class SessionId : int { kS1 = 0, kS2 = 1 };

struct LocalTime {
  int hour = 0;
  int minute = 0;
  int hhmm() const { return hour * 100 + minute; }
};

struct SlotSpec {
  SessionId session;
  LocalTime end;
  std::string_view label;  // "07:30"
};

struct SessionSpec {
  SessionId id;
  std::string_view name;  // "S1"
  LocalTime start;
  char stream_suffix;     // '1' or '2'
  std::array<std::string_view, 4> slot_labels;
  int slot_count;
};

const SessionSpec& Session(SessionId id);
// "S1"/"S2" exactly (callers upper-case first where the reference does).
std::optional<SessionId> ParseSessionName(std::string_view name);
// Slot of `session` with that exact label ("7:30" is not "07:30"), if any.
std::optional<SlotSpec> FindSlot(SessionId session, std::string_view label);
SlotSpec SlotAt(SessionId session, int index);

// A slot ending at any minute of the day (issue 12: `S1:07:45`): the seven
// standard slots keep their table entry; any other "HH:MM" (two digits each,
// 00:00..23:59) gets a label that lives for the whole program. Range checks
// against the session (after its range start, before the entry cutoff) are
// the run parameters' job. Returns nullopt when `label` is not "HH:MM".
std::optional<SlotSpec> SlotAtMinute(SessionId session, std::string_view label);

// "HH:MM" (two digits each, 00:00..23:59) -> LocalTime, else nullopt.
std::optional<LocalTime> ParseClock(std::string_view text);

// Entry cutoff ("market close"): 16:00 local on the slot end's calendar date.
inline constexpr LocalTime kEntryCutoff{16, 0};

}  // namespace orbit::calendar
