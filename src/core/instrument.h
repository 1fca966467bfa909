// src/core/instrument.h
//
// The instrument table of spec §2.4. Constants are the reference's exactly;
// derived values (T1 threshold T*0.65, stop cap 3.0*T) are computed where they
// are used, with the spec's operation order, never stored pre-rounded.
#pragma once

#include <optional>
#include <string_view>

namespace orbit {

struct InstrumentSpec {
  std::string_view symbol;
  double tick;
  int decimals;          // output decimals derived from the tick
  double target;         // base target T (ladder[0])
  bool target_is_int;    // T is an int in the reference: Target column is int64 (§6.7)
  bool micro;            // profit scaled by 0.1 (§5.7)
  double profit_scale;   // 1.0 or 0.1
  bool run_allowed;      // false only for MINUTEDATAEXPORT (KI-19)
};

// Exact, upper-case lookup ("es" is not found; callers upper-case first).
std::optional<InstrumentSpec> FindInstrument(std::string_view symbol);

// V7: the values the validator accepts in the instrument column (after trim and
// upper-casing), which include MINUTEDATAEXPORT.
bool IsKnownInstrumentValue(std::string_view upper_trimmed);

// Currency value of one point of the instrument (for reports).
double PointValueUsd(std::string_view symbol);

}  // namespace orbit
