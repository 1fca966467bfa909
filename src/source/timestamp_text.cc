#include "source/timestamp_text.h"

#include <cstring>
#include <limits>

#include "core/civil_days.h"

namespace orbit::source {
namespace {

constexpr int64_t kNsPerSecond = 1'000'000'000;
constexpr int64_t kNsPerDay = 86'400 * kNsPerSecond;

inline bool IsDigit(char c) { return c >= '0' && c <= '9'; }

// Reads exactly `n` digits.
inline bool Digits(const char*& p, const char* end, int n, int& v) {
  if (end - p < n) return false;
  int r = 0;
  for (int i = 0; i < n; ++i) {
    if (!IsDigit(p[i])) return false;
    r = r * 10 + (p[i] - '0');
  }
  v = r;
  p += n;
  return true;
}

// Reads one or two digits.
inline bool OneOrTwoDigits(const char*& p, const char* end, int& v) {
  if (p == end || !IsDigit(*p)) return false;
  v = *p++ - '0';
  if (p != end && IsDigit(*p)) v = v * 10 + (*p++ - '0');
  return true;
}

inline std::string_view Trim(std::string_view s) {
  size_t b = 0, e = s.size();
  while (b < e && (s[b] == ' ' || s[b] == '\t')) ++b;
  while (e > b && (s[e - 1] == ' ' || s[e - 1] == '\t' || s[e - 1] == '\r')) --e;
  return s.substr(b, e - b);
}

bool IsLeap(int y) { return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0; }

int DaysInMonth(int y, int m) {
  static constexpr int kDays[12] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  return m == 2 && IsLeap(y) ? 29 : kDays[m - 1];
}

// date at p: YYYY-MM-DD | YYYYMMDD | M[M]/D[D]/YYYY.
TextTimeStatus ParseDate(const char*& p, const char* end, int64_t& midnight_ns) {
  int y = 0, m = 0, d = 0;
  if (end - p >= 3 && IsDigit(p[0]) && (p[1] == '/' || p[2] == '/')) {
    if (!OneOrTwoDigits(p, end, m) || p == end || *p++ != '/') return TextTimeStatus::kMalformed;
    if (!OneOrTwoDigits(p, end, d) || p == end || *p++ != '/') return TextTimeStatus::kMalformed;
    if (!Digits(p, end, 4, y)) return TextTimeStatus::kMalformed;
  } else {
    if (!Digits(p, end, 4, y)) return TextTimeStatus::kMalformed;
    if (p != end && *p == '-') {
      ++p;
      if (!Digits(p, end, 2, m) || p == end || *p++ != '-' || !Digits(p, end, 2, d)) return TextTimeStatus::kMalformed;
    } else if (!Digits(p, end, 2, m) || !Digits(p, end, 2, d)) {
      return TextTimeStatus::kMalformed;
    }
  }
  if (m < 1 || m > 12 || d < 1 || d > DaysInMonth(y, m)) return TextTimeStatus::kMalformed;
  if (y < 1678 || y > 2261) return TextTimeStatus::kOutOfRange;
  midnight_ns = DaysFromCivil(y, static_cast<unsigned>(m), static_cast<unsigned>(d)) * kNsPerDay;
  return TextTimeStatus::kOk;
}

// time at p: HH[:MM[:SS[.f]]] | HHMM[SS[.f]]; then an optional zone.
TextTimeStatus ParseTime(const char*& p, const char* end, TextTime& out) {
  int h = 0, mi = 0, s = 0;
  bool seconds = false;
  auto d = [p](int i) { return static_cast<unsigned>(p[i] - '0'); };
  if (end - p >= 8 && p[2] == ':' && p[5] == ':' && d(0) < 10 && d(1) < 10 && d(3) < 10 && d(4) < 10 && d(6) < 10 &&
      d(7) < 10) {  // HH:MM:SS, the common case
    h = static_cast<int>(d(0) * 10 + d(1));
    mi = static_cast<int>(d(3) * 10 + d(4));
    s = static_cast<int>(d(6) * 10 + d(7));
    p += 8;
    seconds = true;
  } else if (!OneOrTwoDigits(p, end, h)) {
    return TextTimeStatus::kMalformed;
  } else if (p != end && *p == ':') {
    ++p;
    if (!Digits(p, end, 2, mi)) return TextTimeStatus::kMalformed;
    if (p != end && *p == ':') {
      ++p;
      if (!Digits(p, end, 2, s)) return TextTimeStatus::kMalformed;
      seconds = true;
    }
  } else if (p != end && IsDigit(*p)) {
    // Compact HHMM[SS]: the hour took two digits above.
    if (!Digits(p, end, 2, mi)) return TextTimeStatus::kMalformed;
    if (p != end && IsDigit(*p)) {
      if (!Digits(p, end, 2, s)) return TextTimeStatus::kMalformed;
      seconds = true;
    }
  }
  if (h > 23 || mi > 59 || s > 59) return TextTimeStatus::kMalformed;
  int64_t frac = 0;
  if (seconds && p != end && (*p == '.' || *p == ',')) {
    ++p;
    int digits = 0;
    while (p != end && IsDigit(*p)) {
      if (++digits > 9) return TextTimeStatus::kMalformed;
      frac = frac * 10 + (*p++ - '0');
    }
    if (digits == 0) return TextTimeStatus::kMalformed;
    for (int k = digits; k < 9; ++k) frac *= 10;
  }
  out.ns = (int64_t{h} * 3600 + mi * 60 + s) * kNsPerSecond + frac;
  out.zoned = false;
  if (p == end) return TextTimeStatus::kOk;
  if (*p == 'Z' || *p == 'z') {
    ++p;
    out.zoned = true;
  } else if (*p == '+' || *p == '-') {
    const int sign = *p++ == '-' ? -1 : 1;
    int oh = 0, om = 0;
    if (!Digits(p, end, 2, oh)) return TextTimeStatus::kMalformed;
    if (p != end && *p == ':') ++p;
    if (p != end && !Digits(p, end, 2, om)) return TextTimeStatus::kMalformed;
    if (oh > 23 || om > 59) return TextTimeStatus::kMalformed;
    out.ns -= sign * (int64_t{oh} * 3600 + om * 60) * kNsPerSecond;
    out.zoned = true;
  }
  return p == end ? TextTimeStatus::kOk : TextTimeStatus::kMalformed;
}

// Short equal-length compare without a libc call (dates are 8-10 bytes).
inline bool SameBytes(const char* a, const char* b, size_t n) {
  if (n == 10) return SameTenBytes(a, b);
  for (size_t i = 0; i < n; ++i)
    if (a[i] != b[i]) return false;
  return true;
}

}  // namespace

TextTimeStatus ParseTimestampText(std::string_view text, TextTime& out) {
  text = Trim(text);
  const char* p = text.data();
  const char* end = p + text.size();
  int64_t midnight = 0;
  if (const TextTimeStatus st = ParseDate(p, end, midnight); st != TextTimeStatus::kOk) {
    // An impossible date is malformed even when its year is also out of range.
    return st;
  }
  out.ns = midnight;
  out.zoned = false;
  if (p == end) return TextTimeStatus::kOk;
  if (*p != 'T' && *p != 't' && *p != ' ') return TextTimeStatus::kMalformed;
  ++p;
  TextTime tod;
  if (const TextTimeStatus st = ParseTime(p, end, tod); st != TextTimeStatus::kOk) return st;
  out.ns = midnight + tod.ns;
  out.zoned = tod.zoned;
  return TextTimeStatus::kOk;
}

TextTimeStatus ParseTimestampText(std::string_view text, TextTime& out, DateCache& cache) {
  text = Trim(text);
  size_t date_len = 0;
  while (date_len < text.size() && text[date_len] != ' ' && text[date_len] != 'T' && text[date_len] != 't') ++date_len;
  if (date_len > sizeof cache.text) return ParseTimestampText(text, out);
  if (cache.size == 0 || date_len != cache.size || !SameBytes(text.data(), cache.text, date_len)) {
    const TextTimeStatus st = ParseTimestampText(text, out);
    if (st == TextTimeStatus::kOk && date_len <= sizeof cache.text) {
      // Remember this date's midnight: parse it alone (the full parse above succeeded).
      int64_t midnight = 0;
      if (ParseDateText(text.substr(0, date_len), midnight) == TextTimeStatus::kOk) {
        std::memcpy(cache.text, text.data(), date_len);
        cache.size = date_len;
        cache.midnight_ns = midnight;
      }
    }
    return st;
  }
  out.ns = cache.midnight_ns;
  out.zoned = false;
  if (date_len == text.size()) return TextTimeStatus::kOk;
  const char* p = text.data() + date_len + 1;
  TextTime tod;
  if (const TextTimeStatus st = ParseTime(p, text.data() + text.size(), tod); st != TextTimeStatus::kOk) return st;
  out.ns += tod.ns;
  out.zoned = tod.zoned;
  return TextTimeStatus::kOk;
}

TextTimeStatus ParseDateText(std::string_view text, int64_t& midnight_ns) {
  text = Trim(text);
  const char* p = text.data();
  const char* end = p + text.size();
  const TextTimeStatus st = ParseDate(p, end, midnight_ns);
  if (st != TextTimeStatus::kOk) return st;
  return p == end ? TextTimeStatus::kOk : TextTimeStatus::kMalformed;
}

TextTimeStatus ParseTimeOfDayText(std::string_view text, TextTime& out) {
  text = Trim(text);
  const char* p = text.data();
  return ParseTime(p, p + text.size(), out);
}

TextTimeStatus ParseEpochText(std::string_view text, int64_t unit_ns, int64_t& ns) {
  text = Trim(text);
  const char* p = text.data();
  const char* end = p + text.size();
  const bool negative = p != end && *p == '-';
  if (negative) ++p;
  if (p == end) return TextTimeStatus::kMalformed;
  int64_t v = 0;
  constexpr int64_t kMax = std::numeric_limits<int64_t>::max();
  for (; p != end; ++p) {
    if (!IsDigit(*p)) return TextTimeStatus::kMalformed;
    const int digit = *p - '0';
    if (v > (kMax - digit) / 10) return TextTimeStatus::kOutOfRange;
    v = v * 10 + digit;
  }
  if (v > kMax / unit_ns) return TextTimeStatus::kOutOfRange;
  ns = (negative ? -v : v) * unit_ns;
  return TextTimeStatus::kOk;
}

}  // namespace orbit::source
