#include "date_args.h"

#include <cctype>
#include <cerrno>
#include <cstdlib>
#include <limits>
#include <chrono>
#include <cstdio>

#include "calendar/time_zone.h"
#include "core/error.h"

namespace orbit::cli {

cctz::civil_day ParseDate(const std::string& text, const std::string& flag) {
  int y = 0, m = 0, d = 0;
  char tail = 0;
  if (text.size() != 10 || std::sscanf(text.c_str(), "%4d-%2d-%2d%c", &y, &m, &d, &tail) != 3)
    ThrowUsage(flag + ": '" + text + "' is not a date YYYY-MM-DD");
  const cctz::civil_day day(y, m, d);
  if (day.year() != y || day.month() != m || day.day() != d)
    ThrowUsage(flag + ": '" + text + "' is not a valid calendar date");
  // Instants are int64 nanoseconds since 1970 (1677-09-21 .. 2262-04-11).
  if (y < 1678 || y > 2261) ThrowUsage(flag + ": '" + text + "' is outside the supported years 1678..2261");
  return day;
}

int64_t ParseInstant(const std::string& text, const std::string& flag) {
  auto bad = [&]() -> int64_t {
    ThrowUsage(flag + ": '" + text + "' is not an ISO-8601 instant (e.g. 2024-01-31, 2024-01-31T16:00, 2024-01-31T22:00:00Z)");
  };
  if (text.size() < 10) return bad();
  const cctz::civil_day day = ParseDate(text.substr(0, 10), flag);
  int hh = 0, mm = 0, ss = 0;
  size_t pos = 10;
  if (pos < text.size() && (text[pos] == 'T' || text[pos] == ' ')) {
    auto two = [&](int& out) {
      if (pos + 2 > text.size() || !std::isdigit(static_cast<unsigned char>(text[pos])) ||
          !std::isdigit(static_cast<unsigned char>(text[pos + 1])))
        bad();
      out = (text[pos] - '0') * 10 + (text[pos + 1] - '0');
      pos += 2;
    };
    ++pos;
    two(hh);
    if (pos >= text.size() || text[pos] != ':') return bad();
    ++pos;
    two(mm);
    if (pos < text.size() && text[pos] == ':') {
      ++pos;
      two(ss);
    }
    if (hh > 23 || mm > 59 || ss > 59) return bad();
  }
  const cctz::civil_second local(day.year(), day.month(), day.day(), hh, mm, ss);
  if (pos == text.size()) return calendar::TimeZone::Chicago().ToInstant(local);
  const int64_t wall = local - cctz::civil_second(1970, 1, 1, 0, 0, 0);
  if (text.substr(pos) == "Z" || text.substr(pos) == "z") return wall * calendar::kNanosPerSecond;
  int oh = 0, om = 0;
  if ((text[pos] == '+' || text[pos] == '-') && text.size() == pos + 6 && text[pos + 3] == ':' &&
      std::sscanf(text.c_str() + pos + 1, "%2d:%2d", &oh, &om) == 2) {
    const int64_t offset = (oh * 3600 + om * 60) * (text[pos] == '-' ? -1 : 1);
    return (wall - offset) * calendar::kNanosPerSecond;
  }
  return bad();
}

std::vector<int> ParseTradeDays(const std::string& text, const std::string& flag) {
  std::vector<int> days;
  for (const std::string& d : SplitList(text)) {
    char* end = nullptr;
    errno = 0;
    const long v = std::strtol(d.c_str(), &end, 10);
    if (end == d.c_str() || *end != '\0') ThrowUsage(flag + ": '" + d + "' is not a weekday number 0..4");
    if (errno == ERANGE || v < std::numeric_limits<int>::min() || v > std::numeric_limits<int>::max())
      ThrowUsage(flag + ": '" + d + "' is out of range (weekday numbers are 0..4, Monday=0)");
    days.push_back(static_cast<int>(v));
  }
  return days;
}

std::vector<std::string> SplitList(const std::string& text) {
  std::vector<std::string> out;
  std::string cur;
  for (char c : text + ",") {
    if (c == ',') {
      const size_t b = cur.find_first_not_of(" \t");
      if (b != std::string::npos) out.push_back(cur.substr(b, cur.find_last_not_of(" \t") - b + 1));
      cur.clear();
    } else {
      cur += c;
    }
  }
  return out;
}

std::string UpperCase(std::string s) {
  for (char& c : s) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  return s;
}

}  // namespace orbit::cli
