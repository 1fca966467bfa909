// src/selection/slots.h
//
// The seven slot labels of SLOT_ENDS (spec §1.3) as indices: S1 = 0..2
// (07:30, 08:00, 09:00), S2 = 3..6 (09:30, 10:00, 10:30, 11:00).
#pragma once

#include <string_view>

namespace orbit::selection {

inline constexpr int kSlotCount = 7;
inline constexpr const char* kSlotLabels[kSlotCount] = {"07:30", "08:00", "09:00", "09:30", "10:00", "10:30", "11:00"};
inline constexpr int kRollingWindow = 13;  // W

// First and one-past-last slot index of session 1 (S1) or 2 (S2).
constexpr int SessionFirstSlot(int session) { return session == 1 ? 0 : 3; }
constexpr int SessionEndSlot(int session) { return session == 1 ? 3 : 7; }

// The slot index of a normalized "HH:MM" label, or -1.
inline int SlotIndex(std::string_view label) {
  for (int i = 0; i < kSlotCount; ++i)
    if (label == kSlotLabels[i]) return i;
  return -1;
}

// The session (1, 2) of a slot index.
constexpr int SlotSession(int slot) { return slot < 3 ? 1 : 2; }

}  // namespace orbit::selection
