#include "calendar/exchange_calendar.h"

#include <fmt/format.h>

#include <cctype>
#include <cerrno>
#include <cstring>
#include <filesystem>
#include <fstream>

#include "core/error.h"
#include "core/small_file.h"
#include "core/quoted_text.h"

namespace orbit::calendar {

// data/calendars/cme_globex.csv, compiled in by CMake (cme_globex_calendar.cc.in).
extern const char kCmeGlobexCalendarText[];

namespace {

constexpr std::string_view kHeader = "date,status,close";

bool Digits(std::string_view s) {
  if (s.empty()) return false;
  for (char c : s)
    if (!std::isdigit(static_cast<unsigned char>(c))) return false;
  return true;
}

int ToInt(std::string_view s) {
  int v = 0;
  for (char c : s) v = v * 10 + (c - '0');
  return v;
}

std::optional<cctz::civil_day> ParseDay(std::string_view s) {
  if (s.size() != 10 || s[4] != '-' || s[7] != '-') return std::nullopt;
  const std::string_view y = s.substr(0, 4), m = s.substr(5, 2), d = s.substr(8, 2);
  if (!Digits(y) || !Digits(m) || !Digits(d)) return std::nullopt;
  const cctz::civil_day day(ToInt(y), ToInt(m), ToInt(d));
  // civil_day normalises 2024-02-30 to March: reject what did not round-trip.
  if (day.year() != ToInt(y) || day.month() != ToInt(m) || day.day() != ToInt(d)) return std::nullopt;
  return day;
}

std::string_view Trim(std::string_view s) {
  while (!s.empty() && std::isspace(static_cast<unsigned char>(s.front()))) s.remove_prefix(1);
  while (!s.empty() && std::isspace(static_cast<unsigned char>(s.back()))) s.remove_suffix(1);
  return s;
}

bool IsWeekend(const cctz::civil_day& d) {
  const cctz::weekday w = cctz::get_weekday(d);
  return w == cctz::weekday::saturday || w == cctz::weekday::sunday;
}

}  // namespace

ExchangeCalendar ExchangeCalendar::Parse(std::string_view text, const std::string& source) {
  ExchangeCalendar cal;
  cal.source_ = source;
  bool header_seen = false;
  size_t line_no = 0;
  size_t pos = 0;
  if (text.substr(0, 3) == "\xEF\xBB\xBF") pos = 3;  // a UTF-8 byte order mark (spreadsheet exports)
  while (pos < text.size()) {
    size_t nl = text.find('\n', pos);
    if (nl == std::string_view::npos) nl = text.size();
    const std::string_view line = Trim(text.substr(pos, nl - pos));
    pos = nl + 1;
    ++line_no;
    auto fail = [&](const std::string& what) {
      ThrowBadInput(source + ":" + std::to_string(line_no) + ": " + what + " (line " + QuotedText(line) + ")");
    };
    if (line.empty() || line.front() == '#') continue;
    if (!header_seen) {
      if (line != kHeader) fail("expected the header line '" + std::string(kHeader) + "'");
      header_seen = true;
      continue;
    }
    const size_t c1 = line.find(',');
    const size_t c2 = c1 == std::string_view::npos ? c1 : line.find(',', c1 + 1);
    if (c2 == std::string_view::npos || line.find(',', c2 + 1) != std::string_view::npos)
      fail("expected three fields: date,status,close");
    const std::optional<cctz::civil_day> day = ParseDay(Trim(line.substr(0, c1)));
    if (!day) fail("date is not a valid YYYY-MM-DD");
    if (IsWeekend(*day)) fail("date is a Saturday or Sunday (weekends are always closed)");
    const std::string_view status = Trim(line.substr(c1 + 1, c2 - c1 - 1));
    const std::string_view close = Trim(line.substr(c2 + 1));
    Day entry{};
    if (status == "closed") {
      if (!close.empty()) fail("a closed day has no close time");
      entry.closed = true;
    } else if (status == "early") {
      const std::optional<LocalTime> t = ParseClock(close);
      if (!t) fail("an early close needs a close time HH:MM");
      entry.closed = false;
      entry.close = *t;
    } else {
      fail("status must be 'closed' or 'early'");
    }
    if (!cal.days_.emplace(*day, entry).second) fail("date listed twice");
    if (entry.closed) ++cal.closed_count_;
  }
  if (!header_seen)
    ThrowBadInput(source + ":" + std::to_string(line_no) + ": no header line '" + std::string(kHeader) + "'");
  if (!cal.days_.empty()) {
    cal.first_covered_ = cctz::civil_day(cal.days_.begin()->first.year(), 1, 1);
    cal.last_covered_ = cctz::civil_day(cal.days_.rbegin()->first.year(), 12, 31);
  }
  // The longest reach over a closure: from any of the 4 days before a closed
  // day (a Friday reaches over the weekend too) to the next open day.
  for (const auto& [day, entry] : cal.days_) {
    if (!entry.closed) continue;
    for (cctz::civil_day d = day - 4; d < day; ++d) {
      const int span = static_cast<int>(cal.NextOpenDay(d) - d);
      if (span > cal.max_days_to_next_open_) cal.max_days_to_next_open_ = span;
    }
  }
  return cal;
}

ExchangeCalendar ExchangeCalendar::LoadFile(const std::string& path) {
  const std::string text =
      ReadSmallFile(path, kMaxFileBytes, "--calendar-file",
                    "the limit of a calendar file (one line a holiday or early close; 2000-2035 of CME Globex is "
                    "about 10 KB)");
  return Parse(text, path);
}

const ExchangeCalendar& ExchangeCalendar::Cme() {
  static const ExchangeCalendar cme = [] {
    ExchangeCalendar c = Parse(kCmeGlobexCalendarText, "built-in CME Globex calendar");
    c.first_covered_ = cctz::civil_day(2000, 1, 1);  // data/calendars/cme_globex.csv's span
    c.last_covered_ = cctz::civil_day(2035, 12, 31);
    return c;
  }();
  return cme;
}

const ExchangeCalendar& ExchangeCalendar::Named(const std::string& name) {
  std::string lower;
  for (char c : name) lower += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  if (lower == "cme") return Cme();
  ThrowUsage("--calendar: unknown calendar '" + name + "' (known: cme; or give --calendar-file FILE)");
}

bool ExchangeCalendar::IsClosed(const cctz::civil_day& date) const {
  if (IsWeekend(date)) return true;
  const auto it = days_.find(date);
  return it != days_.end() && it->second.closed;
}

std::optional<LocalTime> ExchangeCalendar::EarlyClose(const cctz::civil_day& date) const {
  const auto it = days_.find(date);
  if (it == days_.end() || it->second.closed) return std::nullopt;
  return it->second.close;
}

cctz::civil_day ExchangeCalendar::NextOpenDay(const cctz::civil_day& date) const {
  cctz::civil_day d = date + 1;
  while (IsClosed(d)) d += 1;
  return d;
}

}  // namespace orbit::calendar
