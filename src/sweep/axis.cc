#include "sweep/axis.h"

#include <algorithm>
#include <cstdint>
#include <cstdlib>
#include <utility>

#include "core/error.h"
#include "core/tokens.h"

namespace orbit::sweep {
namespace {

// A plain decimal "[-+]digits[.digits]" as mantissa * 10^-scale.
struct Decimal {
  __int128 mantissa = 0;
  int scale = 0;
};

bool ParseDecimalToken(const std::string& token, Decimal* out) {
  size_t i = 0;
  bool negative = false;
  if (i < token.size() && (token[i] == '+' || token[i] == '-')) negative = token[i++] == '-';
  size_t digits = 0;
  int scale = 0;
  bool point = false;
  __int128 m = 0;
  for (; i < token.size(); ++i) {
    const char c = token[i];
    if (c == '.' && !point) {
      point = true;
      continue;
    }
    if (c < '0' || c > '9') return false;
    if (++digits > 18) return false;  // keeps every scaled value inside __int128
    m = m * 10 + (c - '0');
    if (point) ++scale;
  }
  if (digits == 0 || (point && scale == 0)) return false;
  out->mantissa = negative ? -m : m;
  out->scale = scale;
  return true;
}

__int128 Pow10(int n) {
  __int128 p = 1;
  for (int i = 0; i < n; ++i) p *= 10;
  return p;
}

std::string DecimalText(__int128 mantissa, int scale) {
  const bool negative = mantissa < 0;
  unsigned __int128 m = static_cast<unsigned __int128>(negative ? -mantissa : mantissa);
  std::string digits;
  do {
    digits.insert(digits.begin(), static_cast<char>('0' + static_cast<int>(m % 10)));
    m /= 10;
  } while (m > 0);
  if (scale > 0) {
    while (static_cast<int>(digits.size()) <= scale) digits.insert(digits.begin(), '0');
    digits.insert(digits.end() - scale, '.');
  }
  return (negative ? "-" : "") + digits;
}

AxisValue MakeValue(__int128 mantissa, int scale) {
  AxisValue v;
  v.text = DecimalText(mantissa, scale);
  v.value = std::strtod(v.text.c_str(), nullptr);
  return v;
}

}  // namespace

std::vector<AxisValue> ParseAxis(const std::string& option, const std::string& text, bool integers_only,
                                 size_t max_values) {
  auto fail = [&](const std::string& why) { ThrowUsage(option + ": '" + text + "': " + why); };
  auto parse = [&](const std::string& token) {
    Decimal d;
    if (!ParseDecimalToken(token, &d))
      fail("'" + token + "' is not a plain decimal number" + (integers_only ? " (expected whole ticks)" : ""));
    if (integers_only && d.scale > 0) fail("'" + token + "' is not a whole number");
    return d;
  };
  std::vector<AxisValue> out;
  if (text.find(':') != std::string::npos) {
    const std::vector<std::string> parts = SplitTokens(text, ':');
    if (parts.size() != 3) fail("a range is START:END:STEP");
    const Decimal a = parse(parts[0]), b = parse(parts[1]), step = parse(parts[2]);
    const int scale = std::max({a.scale, b.scale, step.scale});
    const __int128 ia = a.mantissa * Pow10(scale - a.scale);
    const __int128 ib = b.mantissa * Pow10(scale - b.scale);
    const __int128 is = step.mantissa * Pow10(scale - step.scale);
    if (is <= 0) fail("the step must be positive");
    if (ib < ia) fail("empty range (END is below START)");
    const __int128 count = (ib - ia) / is + 1;
    if (count > static_cast<__int128>(max_values))
      fail("more than " + std::to_string(max_values) + " values");
    for (__int128 i = 0; i < count; ++i) out.push_back(MakeValue(ia + i * is, scale));
    return out;
  }
  for (const std::string& token : SplitTokens(text, ',')) {
    if (token.empty()) fail("empty value in the list");
    const Decimal d = parse(token);
    out.push_back(MakeValue(d.mantissa, d.scale));
    if (out.size() > max_values) fail("more than " + std::to_string(max_values) + " values");
  }
  // A value listed twice would make every combination with it twice.
  std::vector<std::pair<double, size_t>> sorted;
  for (size_t i = 0; i < out.size(); ++i) sorted.emplace_back(out[i].value, i);
  std::sort(sorted.begin(), sorted.end());
  for (size_t i = 1; i < sorted.size(); ++i)
    if (sorted[i].first == sorted[i - 1].first)
      fail("'" + out[sorted[i].second].text + "' is listed twice (as '" + out[sorted[i - 1].second].text + "')");
  return out;
}

}  // namespace orbit::sweep
