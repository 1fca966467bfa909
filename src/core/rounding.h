// src/core/rounding.h
//
// The reference's numeric rounding, bit for bit (spec §4.1, §6.4, Appendix A).
// Both functions rely on the default FE_TONEAREST mode and on the build's
// -ffp-contract=off: the multiply, nearbyint and divide stay three operations.
#pragma once

#include <cmath>

#include "core/error.h"

namespace orbit {

// RT(x) = nearbyint(x / tick) * tick: snap to the tick grid, ties to even.
inline double RoundToTick(double x, double tick) { return std::nearbyint(x / tick) * tick; }

// round(x, d) as numpy/pandas do it: nearbyint(x * 10^d) / 10^d. Keeps -0.0.
// REQUIRES: 0 <= decimals <= 6.
inline double RoundDecimals(double x, int decimals) {
  static constexpr double kPow10[] = {1.0, 10.0, 100.0, 1000.0, 10000.0, 100000.0, 1000000.0};
  ORBIT_DCHECK(decimals >= 0 && decimals <= 6);
  const double scale = kPow10[decimals];
  return std::nearbyint(x * scale) / scale;
}

}  // namespace orbit
