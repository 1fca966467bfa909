#include "source/csv_block_parser.h"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <cstdlib>
#include <cstring>
#include <limits>

#include "source/decimal_text.h"
#include "source/separator_mask.h"
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

// Returns false when the text is not a number. `readable_end`: how far past
// the field the block's text may be read (decimal_text.h).
bool ParsePrice(std::string_view raw, const char* readable_end, double& out) {
  const char* b = raw.data();
  const char* e = b + raw.size();
  if (SwarDecimal(b, e, readable_end, out)) return true;
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
// `unterminated` (optional) is set to the 1-based field whose quote the line
// never closes, else left alone.
inline size_t SplitLine(const char* p, const char* le, char delimiter, const int8_t* roles, size_t nroles,
                        Field* fields, size_t* unterminated = nullptr) {
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
          if (unterminated) *unterminated = fi + 1;
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
  text_bytes = 0;
  prices_clean = false;
  one_instrument = false;
  ts.clear();
  for (auto& p : prices) p.clear();
  instruments.clear();
  unescaped.clear();
  error.reset();
}

bool FirstRowHasFixedPointPrices(std::string_view line, const CsvLayout& layout) {
  if (layout.preset != CsvPreset::kDatabento) return false;
  std::vector<int8_t> roles;
  BuildRoles(layout, 4096, roles);
  Field fields[kRoleCount];
  const char* b = line.data();
  const char* e = b + line.size();
  if (e > b && e[-1] == '\r') --e;
  SplitLine(b, e, layout.delimiter, roles.data(), roles.size(), fields);
  bool long_one = false;
  for (int k = 0; k < 4; ++k) {
    if (fields[kOpen + k].begin == nullptr) return false;
    std::string_view v = TrimSpaces(fields[kOpen + k].view());
    if (!v.empty() && v.front() == '-') v.remove_prefix(1);
    if (!AllDigits(v)) return false;
    long_one = long_one || v.size() >= 10;
  }
  return long_one;
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

namespace {

// Converts the fields of one row into the block's columns; both splitters
// below feed it, so every value is converted and checked the same way.
class RowConverter {
 public:
  // `text` is the block (fields point into it). The block's columns are
  // sized for the most rows `text` can hold (a row has at least fields - 1
  // bytes plus its newline) and written in place; Finish() trims them to the
  // rows converted.
  RowConverter(std::string_view text, const CsvBlockContext& context, ParsedCsvBlock& out)
      : text_end_(text.data() + text.size()), context_(context), layout_(*context.layout), out_(out),
        want_instrument_(layout_.instrument >= 0) {
    BuildRoles(layout_, context.fields, roles_);
    text_stamps_ = layout_.timestamp_layout == TimestampLayout::kText;
    const size_t most_rows = text.size() / std::max<size_t>(context.fields, 1) + 2;
    out_.ts.resize(most_rows);
    for (int k = 0; k < 4; ++k) out_.prices[k].resize(most_rows);
    if (want_instrument_) out_.instruments.resize(most_rows);
    ts_ = out_.ts.data();
    for (int k = 0; k < 4; ++k) prices_[k] = out_.prices[k].data();
    instruments_ = out_.instruments.data();
  }

  // Trims the columns to the rows converted and sets the block's flags.
  void Finish() {
    const size_t rows = static_cast<size_t>(out_.rows);
    out_.ts.resize(rows);
    for (int k = 0; k < 4; ++k) out_.prices[k].resize(rows);
    if (want_instrument_) out_.instruments.resize(rows);
    out_.prices_clean = clean_;
    out_.one_instrument = one_instrument_;
  }

  const std::vector<int8_t>& roles() const { return roles_; }

  // A line of `n` fields. Returns false when the row is in error (out.error
  // set).
  bool Convert(const Field* fields, size_t n) {
    if (n != context_.fields) {
      Fail(-1, false, {}, "has " + std::to_string(n) + " fields, the " +
                              (layout_.header ? std::string("header has ") : std::string("first line has ")) +
                              std::to_string(context_.fields));
      return false;
    }
    int64_t ts = 0;
    int bad = 0;
    TextTime fixed;
    const Field& stamp = fields[kTs];
    if (text_stamps_ && ParseCachedFixedTimestamp(stamp.begin, static_cast<size_t>(stamp.end - stamp.begin), dates_, fixed) &&
        fixed.zoned == context_.zoned) {
      ts = fixed.ns;  // the common case; anything else takes the full parser (same values)
    } else if (const char* problem = RowTimestamp(layout_, fields, context_.zoned, dates_, ts, bad)) {
      const bool missing = std::strcmp(problem, "is missing") == 0;
      Fail(ColumnOf(layout_, bad), true, missing ? std::string_view("null") : fields[bad].view(), problem);
      return false;
    }
    double px[4];
    for (int k = 0; k < 4; ++k) {
      if (!ParsePrice(fields[kOpen + k].view(), text_end_, px[k])) {
        Fail(layout_.prices[k], true, fields[kOpen + k].view(), "cannot be converted to a number");
        return false;
      }
      if (context_.price_divisor != 1.0) px[k] /= context_.price_divisor;  // Databento fixed point
    }
    // Everything the consumer's per-row price checks test (ParsedCsvBlock::prices_clean);
    // NaN fails every comparison.
    clean_ &= (px[2] > 0) & (px[1] < std::numeric_limits<double>::infinity()) & (px[2] <= px[0]) &
              (px[2] <= px[3]) & (px[0] <= px[1]) & (px[3] <= px[1]);
    if (want_instrument_) {
      const Field& f = fields[kInstrument];
      std::string_view v = f.view();
      for (char c : v) {
        if (static_cast<unsigned char>(c) >= 0x80) {
          if (!IsValidUtf8(v)) {
            Fail(layout_.instrument, true, v, "is not valid UTF-8 text");
            return false;
          }
          break;
        }
      }
      if (f.escaped) v = out_.unescaped.emplace_back(Unescape(v));
      instruments_[out_.rows] = FieldText{v.data(), v.size()};
      if (out_.rows == 0) {
        first_instrument_ = v;
      } else if (one_instrument_ && v.size() == first_instrument_.size()) {
        for (size_t k = 0; k < v.size(); ++k) one_instrument_ &= v[k] == first_instrument_[k];  // short: no memcmp
      } else {
        one_instrument_ = false;
      }
    }
    ts_[out_.rows] = ts;
    for (int k = 0; k < 4; ++k) prices_[k][out_.rows] = px[k];
    ++out_.rows;
    return true;
  }

  // A field opened with '"' whose closing quote the line lacks.
  void UnterminatedQuote(size_t field) {
    Fail(-1, false, {}, "field " + std::to_string(field) +
                            " opens a quote (\") that the line never closes (quotes cannot span lines)");
  }

 private:
  void Fail(int column, bool has_value, std::string_view value, std::string problem) {
    CsvRowError e;
    e.row = out_.rows;
    e.column = column;
    e.has_value = has_value;
    e.value.assign(value);
    e.problem = std::move(problem);
    out_.error = std::move(e);
  }

  const char* const text_end_;
  bool text_stamps_;  // one timestamp column of text
  bool clean_ = true;
  bool one_instrument_ = true;
  std::string_view first_instrument_;
  int64_t* ts_;
  double* prices_[4];
  FieldText* instruments_;
  const CsvBlockContext& context_;
  const CsvLayout& layout_;
  ParsedCsvBlock& out_;
  const bool want_instrument_;
  std::vector<int8_t> roles_;
  DateCache dates_;
};

// Line by line, honouring quotes: the general splitter.
void ConvertLines(std::string_view text, char delimiter, RowConverter& converter) {
  const char* p = text.data();
  const char* const end = p + text.size();
  const std::vector<int8_t>& roles = converter.roles();
  Field fields[kRoleCount];
  while (p < end) {
    const char* nl = static_cast<const char*>(std::memchr(p, '\n', static_cast<size_t>(end - p)));
    const char* eol = nl == nullptr ? end : nl;
    const char* le = eol > p && eol[-1] == '\r' ? eol - 1 : eol;
    const char* line = p;
    p = nl == nullptr ? end : nl + 1;
    if (le == line) continue;  // empty line
    size_t unterminated = 0;
    const size_t n = SplitLine(line, le, delimiter, roles.data(), roles.size(), fields, &unterminated);
    if (unterminated > 0) {
      converter.UnterminatedQuote(unterminated);
      return;
    }
    if (!converter.Convert(fields, n)) return;
  }
}

// Text without any '"': the separators of 64 bytes at a time come from one
// SeparatorMask, and the walk visits only them, writing each field's bounds
// straight into its role's slot. Same rows, values and errors as
// ConvertLines on the same text.
void ConvertUnquoted(std::string_view text, char delimiter, size_t field_count, RowConverter& converter) {
  const char* const base = text.data();
  const size_t size = text.size();
  // slot[c]: where column c's bounds go (its role, or a scratch slot);
  // columns past the field count share the last entry.
  constexpr int8_t kScratch = kRoleCount;
  std::vector<int8_t> slot(field_count + 1, kScratch);
  const std::vector<int8_t>& roles = converter.roles();
  for (size_t c = 0; c < roles.size() && c < field_count; ++c)
    if (roles[c] != kSkip) slot[c] = roles[c];
  const int8_t* const slots = slot.data();
  auto slot_of = [slots, field_count](size_t column) { return slots[column < field_count ? column : field_count]; };
  Field fields[kRoleCount + 1];
  size_t line_start = 0, field = 0;
  fields[slots[0]].begin = base;
  // The line [line_start, eol) ends; false: stop (error).
  auto end_line = [&](size_t eol) {
    size_t le = eol;
    if (le > line_start && base[le - 1] == '\r') --le;
    if (le == line_start) return true;  // empty line
    if (field + 1 != field_count) return converter.Convert(fields, field + 1);  // reports the count
    fields[slots[field]].end = base + le;
    return converter.Convert(fields, field_count);
  };
  for (size_t chunk = 0; chunk < size; chunk += 64) {
    uint64_t mask = size - chunk >= 64 ? SeparatorMask(base + chunk, delimiter)
                                       : SeparatorMaskTail(base + chunk, size - chunk, delimiter);
    while (mask != 0) {
      const size_t at = chunk + static_cast<size_t>(__builtin_ctzll(mask));
      mask &= mask - 1;
      if (base[at] != '\n') {
        fields[slot_of(field)].end = base + at;
        ++field;
        fields[slot_of(field)].begin = base + at + 1;
        continue;
      }
      if (!end_line(at)) return;
      field = 0;
      line_start = at + 1;
      fields[slots[0]].begin = base + line_start;
    }
  }
  if (line_start < size) end_line(size);  // the last line lacks its newline
}

}  // namespace

namespace {

void Parse(std::string_view text, const CsvBlockContext& context, bool walk_when_unquoted, ParsedCsvBlock& out) {
  out.Clear();
  out.text_bytes = text.size();
  RowConverter converter(text, context, out);
  const char delimiter = context.layout->delimiter;
  if (walk_when_unquoted && std::memchr(text.data(), '"', text.size()) == nullptr && delimiter != '\n' &&
      delimiter != '\r')
    ConvertUnquoted(text, delimiter, context.fields, converter);
  else
    ConvertLines(text, delimiter, converter);
  converter.Finish();
}

}  // namespace

void ParseCsvBlock(std::string_view text, const CsvBlockContext& context, ParsedCsvBlock& out) {
  Parse(text, context, /*walk_when_unquoted=*/true, out);
}

void ParseCsvBlockLineByLine(std::string_view text, const CsvBlockContext& context, ParsedCsvBlock& out) {
  Parse(text, context, /*walk_when_unquoted=*/false, out);
}

}  // namespace orbit::source
