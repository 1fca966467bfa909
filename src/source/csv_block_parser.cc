#include "source/csv_block_parser.h"

#include <charconv>
#include <cmath>
#include <cstdlib>
#include <cstring>
#include <limits>

#include "source/timestamp_text.h"

namespace orbit::source {
namespace {

enum Role : int8_t { kSkip = -1, kTs = 0, kDate, kTime, kOpen, kHigh, kLow, kClose, kInstrument, kRoleCount };

std::string_view TrimSpaces(std::string_view s) {
  size_t b = 0, e = s.size();
  while (b < e && (s[b] == ' ' || s[b] == '\t')) ++b;
  while (e > b && (s[e - 1] == ' ' || s[e - 1] == '\t')) --e;
  return s.substr(b, e - b);
}

// Arrow's default null spellings (csv::ConvertOptions::null_values).
bool IsNullText(std::string_view s) {
  if (s.size() > 9) return false;
  static constexpr std::string_view kNulls[] = {"",     "#N/A", "#N/A N/A", "#NA",  "-1.#IND", "-1.#QNAN",
                                                "-NaN", "-nan", "1.#IND",   "1.#QNAN", "N/A",  "NA",
                                                "NULL", "NaN",  "n/a",      "nan",  "null"};
  for (std::string_view n : kNulls)
    if (s == n) return true;
  return false;
}

// Plain decimals ("4500.25", "-3", "12.") with at most 15 significant
// digits: the digits form an integer m < 2^53 and the value is m / 10^k with
// k <= 22, both exact in a double, so one IEEE division gives the correctly
// rounded result (Clinger's fast path, the one from_chars takes too).
// Returns false when the text is not of that form.
inline bool FastDecimal(const char* p, const char* e, double& out) {
  static constexpr double kPow10[23] = {1e0,  1e1,  1e2,  1e3,  1e4,  1e5,  1e6,  1e7,  1e8,  1e9,  1e10, 1e11,
                                        1e12, 1e13, 1e14, 1e15, 1e16, 1e17, 1e18, 1e19, 1e20, 1e21, 1e22};
  const bool negative = p != e && *p == '-';
  if (negative) ++p;
  uint64_t m = 0;
  int digits = 0, frac = 0;
  bool point = false, any = false;
  for (; p != e; ++p) {
    const char c = *p;
    if (c >= '0' && c <= '9') {
      any = true;
      if (m == 0 && c == '0' && !point) continue;  // leading zeros
      if (++digits > 15) return false;
      m = m * 10 + static_cast<uint64_t>(c - '0');
      if (point) ++frac;
    } else if (c == '.' && !point) {
      point = true;
    } else {
      return false;
    }
  }
  if (!any || frac > 22) return false;
  // m / 10^k = (m / 5^k) * 2^-k: when 5^k divides m the value is exact without a
  // division (tick prices such as .25 or .5); both forms are correctly rounded.
  double v;
  switch (frac) {
    case 0: v = static_cast<double>(m); break;
    case 1: v = m % 5 == 0 ? static_cast<double>(m / 5) * 0.5 : static_cast<double>(m) / 1e1; break;
    case 2: v = m % 25 == 0 ? static_cast<double>(m / 25) * 0.25 : static_cast<double>(m) / 1e2; break;
    case 3: v = m % 125 == 0 ? static_cast<double>(m / 125) * 0.125 : static_cast<double>(m) / 1e3; break;
    case 4: v = m % 625 == 0 ? static_cast<double>(m / 625) * 0.0625 : static_cast<double>(m) / 1e4; break;
    default: v = static_cast<double>(m) / kPow10[frac]; break;
  }
  out = negative ? -v : v;
  return true;
}

// Returns false when the text is not a number.
bool ParsePrice(std::string_view raw, double& out) {
  const char* b = raw.data();
  const char* e = b + raw.size();
  if (FastDecimal(b, e, out)) return true;
  std::string_view s = TrimSpaces(raw);
  if (IsNullText(s)) {
    out = std::numeric_limits<double>::quiet_NaN();
    return true;
  }
  b = s.data();
  e = b + s.size();
  if (b != e && *b == '+') ++b;  // "+1.5"
  if (b == e) return false;
  const auto r = std::from_chars(b, e, out);
  if (r.ptr != e) return false;
  if (r.ec == std::errc::result_out_of_range) {
    // from_chars leaves `out` unset: take strtod's inf / 0 (Arrow gives the same).
    const std::string copy(b, e);
    out = std::strtod(copy.c_str(), nullptr);
  } else if (r.ec != std::errc()) {
    return false;
  }
  return true;
}

bool IsValidUtf8(std::string_view s) {
  size_t i = 0;
  while (i < s.size()) {
    const auto c = static_cast<unsigned char>(s[i]);
    const size_t len = c < 0x80 ? 1 : (c >> 5) == 0x6 ? 2 : (c >> 4) == 0xE ? 3 : (c >> 3) == 0x1E ? 4 : 0;
    if (len == 0 || i + len > s.size()) return false;
    for (size_t k = 1; k < len; ++k)
      if ((static_cast<unsigned char>(s[i + k]) & 0xC0) != 0x80) return false;
    i += len;
  }
  return true;
}

bool AllDigits(std::string_view s) {
  if (s.empty()) return false;
  for (char c : s)
    if (c < '0' || c > '9') return false;
  return true;
}

struct Field {
  const char* begin = nullptr;
  const char* end = nullptr;
  bool escaped = false;  // quoted with "" inside
  std::string_view view() const { return {begin, static_cast<size_t>(end - begin)}; }
};

std::string Unescape(std::string_view s) {
  std::string out;
  out.reserve(s.size());
  for (size_t i = 0; i < s.size(); ++i) {
    out += s[i];
    if (s[i] == '"' && i + 1 < s.size() && s[i + 1] == '"') ++i;
  }
  return out;
}

// Splits [p, le) into fields; stores the wanted ones in `fields` by role.
// Returns the field count.
inline size_t SplitLine(const char* p, const char* le, char delimiter, const int8_t* roles, size_t nroles,
                        Field* fields) {
  size_t fi = 0;
  for (;;) {
    Field f;
    if (p < le && *p == '"') {
      ++p;
      f.begin = p;
      for (;;) {
        const char* q = static_cast<const char*>(std::memchr(p, '"', static_cast<size_t>(le - p)));
        if (q == nullptr) {  // unterminated: the rest of the line
          f.end = le;
          p = le;
          break;
        }
        if (q + 1 < le && q[1] == '"') {
          f.escaped = true;
          p = q + 2;
          continue;
        }
        f.end = q;
        p = q + 1;
        break;
      }
      while (p < le && *p != delimiter) ++p;
    } else {
      f.begin = p;
      while (p < le && *p != delimiter) ++p;  // fields are short: faster than memchr
      f.end = p;
    }
    if (fi < nroles && roles[fi] != kSkip) fields[roles[fi]] = f;
    ++fi;
    if (p >= le) return fi;
    ++p;  // the delimiter
  }
}

// Timestamp of one row; returns nullptr or the problem (`bad_column` = the
// role of the field at fault).
const char* RowTimestamp(const CsvLayout& layout, const Field* fields, bool zoned, DateCache& dates, int64_t& ts,
                         int& bad_column) {
  TextTime tt;
  TextTimeStatus st = TextTimeStatus::kOk;
  bad_column = kTs;
  switch (layout.timestamp_layout) {
    case TimestampLayout::kText: {
      const std::string_view v = fields[kTs].view();
      if (layout.epoch_or_text && AllDigits(TrimSpaces(v))) {
        st = ParseEpochText(v, 1, tt.ns);
        tt.zoned = true;
      } else {
        st = ParseTimestampText(v, tt, dates);
      }
      break;
    }
    case TimestampLayout::kEpoch:
      st = ParseEpochText(fields[kTs].view(), layout.epoch_unit_ns, tt.ns);
      if (st == TextTimeStatus::kMalformed && !IsNullText(TrimSpaces(fields[kTs].view())))
        return "is not an integer epoch timestamp (--ts-unit)";
      tt.zoned = true;
      break;
    case TimestampLayout::kDateAndTime: {
      int64_t midnight = 0;
      bad_column = kDate;
      st = ParseDateText(fields[kDate].view(), midnight);
      if (st != TextTimeStatus::kOk) break;
      bad_column = kTime;
      st = ParseTimeOfDayText(fields[kTime].view(), tt);
      tt.ns += midnight;
      break;
    }
  }
  if (st == TextTimeStatus::kMalformed) {
    const std::string_view v = TrimSpaces(fields[bad_column].view());
    if (IsNullText(v)) return "is missing";
    if (layout.timestamp_layout == TimestampLayout::kText && v.size() >= 9 && AllDigits(v))
      return "cannot be converted to a timestamp (an epoch integer? pass --ts-unit s|ms|us|ns)";
    return "cannot be converted to a timestamp";
  }
  if (st == TextTimeStatus::kOutOfRange) return "is out of range for nanosecond instants (years 1678..2261)";
  if (tt.zoned != zoned)
    return zoned ? "cannot be converted: it has no UTC offset, while the file's first row has one"
                 : "cannot be converted: it has a UTC offset, while the file's first row has none";
  ts = tt.ns;
  return nullptr;
}

void BuildRoles(const CsvLayout& layout, size_t fields, std::vector<int8_t>& roles) {
  roles.assign(fields, kSkip);
  auto set = [&](int column, Role role) {
    if (column >= 0 && static_cast<size_t>(column) < fields) roles[static_cast<size_t>(column)] = role;
  };
  set(layout.timestamp, kTs);
  set(layout.date, kDate);
  set(layout.time, kTime);
  for (int k = 0; k < 4; ++k) set(layout.prices[k], static_cast<Role>(kOpen + k));
  set(layout.instrument, kInstrument);
}

int ColumnOf(const CsvLayout& layout, int role) {
  switch (role) {
    case kTs: return layout.timestamp;
    case kDate: return layout.date;
    case kTime: return layout.time;
    case kInstrument: return layout.instrument;
    default: return layout.prices[role - kOpen];
  }
}

}  // namespace

void ParsedCsvBlock::Clear() {
  rows = 0;
  ts.clear();
  for (auto& p : prices) p.clear();
  instruments.clear();
  unescaped.clear();
  error.reset();
}

bool FirstRowIsZoned(std::string_view line, const CsvLayout& layout) {
  std::vector<int8_t> roles;
  BuildRoles(layout, 4096, roles);
  Field fields[kRoleCount];
  const char* b = line.data();
  const char* e = b + line.size();
  if (e > b && e[-1] == '\r') --e;
  SplitLine(b, e, layout.delimiter, roles.data(), roles.size(), fields);
  switch (layout.timestamp_layout) {
    case TimestampLayout::kEpoch: return true;
    case TimestampLayout::kText: {
      if (fields[kTs].begin == nullptr) return false;
      const std::string_view v = TrimSpaces(fields[kTs].view());
      if (layout.epoch_or_text && AllDigits(v)) return true;
      TextTime tt;
      return ParseTimestampText(v, tt) == TextTimeStatus::kOk && tt.zoned;
    }
    case TimestampLayout::kDateAndTime: {
      if (fields[kTime].begin == nullptr) return false;
      TextTime tt;
      return ParseTimeOfDayText(fields[kTime].view(), tt) == TextTimeStatus::kOk && tt.zoned;
    }
  }
  return false;
}

void ParseCsvBlock(std::string_view text, const CsvBlockContext& context, ParsedCsvBlock& out) {
  out.Clear();
  const CsvLayout& layout = *context.layout;
  std::vector<int8_t> roles;
  BuildRoles(layout, context.fields, roles);
  const bool want_instrument = layout.instrument >= 0;
  const size_t estimate = text.size() / 48 + 16;
  out.ts.reserve(estimate);
  for (auto& p : out.prices) p.reserve(estimate);
  if (want_instrument) out.instruments.reserve(estimate);

  const char* p = text.data();
  const char* const end = p + text.size();
  Field fields[kRoleCount];
  DateCache dates;
  auto fail = [&](int column, bool has_value, std::string_view value, std::string problem) {
    CsvRowError e;
    e.row = out.rows;
    e.column = column;
    e.has_value = has_value;
    e.value.assign(value);
    e.problem = std::move(problem);
    out.error = std::move(e);
  };
  while (p < end) {
    const char* nl = static_cast<const char*>(std::memchr(p, '\n', static_cast<size_t>(end - p)));
    const char* eol = nl == nullptr ? end : nl;
    const char* le = eol > p && eol[-1] == '\r' ? eol - 1 : eol;
    const char* line = p;
    p = nl == nullptr ? end : nl + 1;
    if (le == line) continue;  // empty line
    const size_t n = SplitLine(line, le, layout.delimiter, roles.data(), roles.size(), fields);
    if (n != context.fields) {
      fail(-1, false, {}, "has " + std::to_string(n) + " fields, the " +
                              (layout.header ? std::string("header has ") : std::string("first line has ")) +
                              std::to_string(context.fields));
      return;
    }
    int64_t ts = 0;
    int bad = 0;
    if (const char* problem = RowTimestamp(layout, fields, context.zoned, dates, ts, bad)) {
      const std::string_view v = fields[bad].view();
      const bool missing = std::strcmp(problem, "is missing") == 0;
      fail(ColumnOf(layout, bad), true, missing ? std::string_view("null") : v, problem);
      if (missing) out.error->value = "null";
      return;
    }
    double px[4];
    for (int k = 0; k < 4; ++k) {
      if (!ParsePrice(fields[kOpen + k].view(), px[k])) {
        fail(layout.prices[k], true, fields[kOpen + k].view(), "cannot be converted to a number");
        return;
      }
    }
    if (want_instrument) {
      const Field& f = fields[kInstrument];
      std::string_view v = f.view();
      for (char c : v) {
        if (static_cast<unsigned char>(c) >= 0x80) {
          if (!IsValidUtf8(v)) {
            fail(layout.instrument, true, v, "is not valid UTF-8 text");
            return;
          }
          break;
        }
      }
      if (f.escaped) v = out.unescaped.emplace_back(Unescape(v));
      out.instruments.push_back(v);
    }
    out.ts.push_back(ts);
    for (int k = 0; k < 4; ++k) out.prices[k].push_back(px[k]);
    ++out.rows;
  }
}

}  // namespace orbit::source
