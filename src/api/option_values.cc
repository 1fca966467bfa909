#include "orbit/option_values.h"

#include <cctz/time_zone.h>
#include <fmt/format.h>

#include <algorithm>
#include <cctype>
#include <charconv>
#include <chrono>
#include <cmath>
#include <cstdlib>

#include "calendar/time_zone.h"
#include "core/civil_text.h"
#include "core/error.h"

namespace orbit {
namespace {

using NanoTime = std::chrono::time_point<std::chrono::system_clock, std::chrono::nanoseconds>;

constexpr int kFirstYear = 1678, kLastYear = 2261;  // int64 ns since 1970 covers 1677-09-21 .. 2262-04-11

std::string Quote(const std::string& option, const std::string& text) { return option + ": '" + text + "'"; }

bool AllDigits(std::string_view s) {
  return !s.empty() && std::all_of(s.begin(), s.end(), [](char c) { return c >= '0' && c <= '9'; });
}

}  // namespace

cctz::civil_day ParseDate(const std::string& text, const std::string& option) {
  // cctz::parse accepts signs and any digit count in %Y; a date is exactly YYYY-MM-DD.
  std::chrono::time_point<std::chrono::system_clock, std::chrono::seconds> tp;  // seconds: years 1..9999 fit
  const bool shaped = text.size() == 10 && AllDigits(std::string_view(text).substr(0, 4)) && text[4] == '-' &&
                      AllDigits(std::string_view(text).substr(5, 2)) && text[7] == '-' &&
                      AllDigits(std::string_view(text).substr(8, 2));
  if (!shaped) ThrowUsage(Quote(option, text) + " is not a date YYYY-MM-DD");
  if (!cctz::parse("%Y-%m-%d", text, cctz::utc_time_zone(), &tp))
    ThrowUsage(Quote(option, text) + " is not a valid calendar date");
  const cctz::civil_day day = cctz::civil_day(cctz::convert(tp, cctz::utc_time_zone()));
  if (day.year() < kFirstYear || day.year() > kLastYear)
    ThrowUsage(Quote(option, text) + fmt::format(" is outside the supported years {}..{}", kFirstYear, kLastYear));
  return day;
}

int64_t ParseInstant(const std::string& text, const std::string& option) {
  if (text.size() < 10) ThrowUsage(Quote(option, text) + " is not an ISO-8601 instant (e.g. 2024-01-31, "
                                                         "2024-01-31T16:00, 2024-01-31T22:00:00Z)");
  ParseDate(text.substr(0, 10), option);  // shape, calendar validity and the supported years
  const cctz::time_zone& chicago = calendar::TimeZone::Chicago().cctz_zone();
  static const char* const kFormats[] = {
      "%Y-%m-%d",          "%Y-%m-%dT%H:%M",          "%Y-%m-%d %H:%M",          "%Y-%m-%dT%H:%M:%E*S",
      "%Y-%m-%d %H:%M:%E*S", "%Y-%m-%dT%H:%M%Ez",     "%Y-%m-%d %H:%M%Ez",       "%Y-%m-%dT%H:%M:%E*S%Ez",
      "%Y-%m-%d %H:%M:%E*S%Ez"};
  for (const char* format : kFormats) {
    NanoTime tp;
    if (cctz::parse(format, text, chicago, &tp)) return tp.time_since_epoch().count();
  }
  ThrowUsage(Quote(option, text) +
             " is not an ISO-8601 instant (e.g. 2024-01-31, 2024-01-31T16:00, 2024-01-31T22:00:00Z)");
}

int64_t ParseByteSize(const std::string& text, const std::string& option) {
  const char* begin = text.c_str();
  char* end = nullptr;
  const double value = std::strtod(begin, &end);
  if (end == begin) ThrowUsage(Quote(option, text) + " is not a size such as 200M or 2G");
  const std::string unit = UpperCase(end);
  double scale = 1.0;
  if (unit == "K" || unit == "KB" || unit == "KIB") scale = 1024.0;
  else if (unit == "M" || unit == "MB" || unit == "MIB") scale = 1024.0 * 1024;
  else if (unit == "G" || unit == "GB" || unit == "GIB") scale = 1024.0 * 1024 * 1024;
  else if (!unit.empty() && unit != "B") ThrowUsage(Quote(option, text) + " is not a size such as 200M or 2G");
  const double bytes = value * scale;
  constexpr double kMaxBytes = 4611686018427387904.0;  // 2^62: far above any machine, safely inside int64
  if (!std::isfinite(bytes) || !(bytes >= 1.0) || bytes > kMaxBytes)
    ThrowUsage(Quote(option, text) + " is not a positive finite size of at most 4 EiB");
  return static_cast<int64_t>(bytes);
}

int64_t ParseInteger(const std::string& text, const std::string& option, int64_t min, int64_t max) {
  int64_t value = 0;
  const char* first = text.data();
  const char* last = text.data() + text.size();
  const auto [ptr, ec] = std::from_chars(first, last, value);
  if (ec == std::errc::result_out_of_range || (ec == std::errc() && ptr == last && (value < min || value > max)))
    ThrowUsage(Quote(option, text) + fmt::format(" is out of range ({}..{})", min, max));
  if (ec != std::errc() || ptr != last) ThrowUsage(Quote(option, text) + " is not a whole number");
  return value;
}

std::vector<std::string> ParseList(const std::string& text, const std::string& option) {
  std::vector<std::string> items;
  size_t pos = 0;
  while (true) {
    const size_t comma = text.find(',', pos);
    std::string item = text.substr(pos, comma == std::string::npos ? std::string::npos : comma - pos);
    const size_t b = item.find_first_not_of(" \t");
    item = b == std::string::npos ? std::string() : item.substr(b, item.find_last_not_of(" \t") - b + 1);
    if (item.empty()) {
      if (text.find_first_not_of(" \t") == std::string::npos) ThrowUsage(option + ": empty list");
      ThrowUsage(Quote(option, text) + " has an empty item");
    }
    items.push_back(std::move(item));
    if (comma == std::string::npos) break;
    pos = comma + 1;
  }
  return items;
}

std::string UpperCase(std::string s) {
  for (char& c : s) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  return s;
}

std::string LowerCase(std::string s) {
  for (char& c : s) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return s;
}

std::string FormatDate(const cctz::civil_day& day) { return DateText(day); }

}  // namespace orbit
