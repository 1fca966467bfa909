// src/sweep/sweep_grid.h
//
// The combination grid of a sweep: the product of the target, stop-cap, T1
// and break-even-offset axes. Combination ids run 0..count-1 with the target
// slowest and the break-even offset fastest (the axes' order in `orbit sweep`).
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <vector>

#include "strategy/run_params.h"
#include "sweep/axis.h"

namespace orbit::sweep {

struct SweepGrid {
  std::vector<AxisValue> targets;     // empty: each instrument's base target T
  std::vector<AxisValue> stop_caps;   // never empty (default {3.0})
  std::vector<AxisValue> t1s;         // never empty (default {0.65})
  std::vector<AxisValue> be_offsets;  // never empty (default {1}); whole ticks

  // Product of the axis sizes (an empty target axis counts as 1), saturating
  // at SIZE_MAX.
  size_t Count() const;
};

// The values of one combination.
struct Combination {
  size_t id = 0;
  const AxisValue* target = nullptr;  // null: the instrument's T
  const AxisValue* stop_cap = nullptr;
  const AxisValue* t1 = nullptr;
  const AxisValue* be_offset = nullptr;
};

// REQUIRES: id < grid.Count(). The pointers point into `grid`.
Combination CombinationAt(const SweepGrid& grid, size_t id);

// `base` with the combination's parameter values set (what `orbit run` gets
// from --target/--stop-cap/--t1/--be-offset with those values).
strategy::RunParams ParamsFor(const strategy::RunParams& base, const Combination& c);

// Builds the grid from the option texts ("" = the default single value).
// Errors: Error(kUsage) naming the option and value (ParseAxis, plus the
// range checks of each parameter: target > 0, stop cap > 0, 0 < T1 < 1,
// offset >= 0), and for more than `max_combos` combinations.
SweepGrid ParseGrid(const std::string& target, const std::string& stop_cap, const std::string& t1,
                    const std::string& be_offset, size_t max_combos);

}  // namespace orbit::sweep
