#include "sweep/sweep_grid.h"

#include <algorithm>
#include <limits>

#include "core/error.h"

namespace orbit::sweep {

size_t SweepGrid::Count() const {
  size_t n = 1;
  for (size_t axis : {targets.empty() ? size_t{1} : targets.size(), stop_caps.size(), t1s.size(), be_offsets.size()}) {
    if (axis != 0 && n > std::numeric_limits<size_t>::max() / axis) return std::numeric_limits<size_t>::max();
    n *= axis;
  }
  return n;
}

Combination CombinationAt(const SweepGrid& g, size_t id) {
  Combination c;
  c.id = id;
  size_t rest = id;
  c.be_offset = &g.be_offsets[rest % g.be_offsets.size()];
  rest /= g.be_offsets.size();
  c.t1 = &g.t1s[rest % g.t1s.size()];
  rest /= g.t1s.size();
  c.stop_cap = &g.stop_caps[rest % g.stop_caps.size()];
  rest /= g.stop_caps.size();
  if (!g.targets.empty()) c.target = &g.targets[rest % g.targets.size()];
  return c;
}

strategy::RunParams ParamsFor(const strategy::RunParams& base, const Combination& c) {
  strategy::RunParams p = base;
  if (c.target) p.target = c.target->value;
  p.stop_cap = c.stop_cap->value;
  p.t1_fraction = c.t1->value;
  p.be_offset_ticks = static_cast<int>(c.be_offset->value);
  return p;
}

SweepGrid ParseGrid(const std::string& target, const std::string& stop_cap, const std::string& t1,
                    const std::string& be_offset, size_t max_combos) {
  if (max_combos == 0) ThrowUsage("--max-combos: 0 allows no combination; give a positive number");
  const size_t max_values = max_combos;
  SweepGrid g;
  if (!target.empty()) {
    g.targets = ParseAxis("--target", target, false, max_values);
    for (const AxisValue& v : g.targets)
      if (!(v.value > 0)) ThrowUsage("--target: '" + target + "': " + v.text + " is not a positive number of points");
  }
  g.stop_caps = ParseAxis("--stop-cap", stop_cap.empty() ? "3.0" : stop_cap, false, max_values);
  for (const AxisValue& v : g.stop_caps)
    if (!(v.value > 0)) ThrowUsage("--stop-cap: '" + stop_cap + "': " + v.text + " is not a positive multiple");
  g.t1s = ParseAxis("--t1", t1.empty() ? "0.65" : t1, false, max_values);
  for (const AxisValue& v : g.t1s)
    if (!(v.value > 0 && v.value < 1))
      ThrowUsage("--t1: '" + t1 + "': " + v.text + " is not a fraction with 0 < FRACTION < 1");
  g.be_offsets = ParseAxis("--be-offset", be_offset.empty() ? "1" : be_offset, true, max_values);
  for (const AxisValue& v : g.be_offsets)
    if (v.value < 0 || v.value > 999999)
      ThrowUsage("--be-offset: '" + be_offset + "': " + v.text + " is not in 0..999999 ticks");
  const size_t count = g.Count();
  if (count > max_combos)
    ThrowUsage("the grid has " + (count == std::numeric_limits<size_t>::max() ? std::string("too many")
                                                                             : std::to_string(count)) +
               " combinations, more than --max-combos " + std::to_string(max_combos) +
               " (narrow an axis or raise --max-combos)");
  return g;
}

}  // namespace orbit::sweep
