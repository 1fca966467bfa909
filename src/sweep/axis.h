// src/sweep/axis.h
//
// One sweep axis from its option text: "a:b:step" (inclusive range) or a comma
// list "5,10,15". Decimal values are handled exactly: every value of a range
// is a + i * step computed on scaled integers and printed back as a decimal
// text, so "0.5:0.8:0.05" gives exactly the doubles of "0.5", "0.55", ...,
// "0.8" as if each were typed (no drift from repeated addition).
#pragma once

#include <cstddef>
#include <string>
#include <vector>

namespace orbit::sweep {

struct AxisValue {
  std::string text;  // canonical decimal text ("0.55")
  double value;      // strtod(text)
};

// Errors: Error(kUsage) naming `option` and `text` for an empty text or range
// (b < a), a step <= 0, a token that is not a plain decimal number (no
// exponent), a non-integer when `integers_only`, or more than `max_values`
// values.
std::vector<AxisValue> ParseAxis(const std::string& option, const std::string& text, bool integers_only,
                                 size_t max_values);

}  // namespace orbit::sweep
