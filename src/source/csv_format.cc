#include "source/csv_format.h"

#include <algorithm>
#include <cctype>
#include <iterator>
#include <utility>

#include "core/error.h"
#include "core/quoted_text.h"

namespace orbit::source {
namespace {

constexpr const char* kPriceRoles[4] = {"open", "high", "low", "close"};
constexpr const char* kRoles[] = {"timestamp", "date", "time", "open", "high", "low", "close", "instrument"};

std::string Lower(std::string s) {
  for (char& c : s) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return s;
}

std::string Trim(const std::string& s) {
  size_t b = 0, e = s.size();
  while (b < e && std::isspace(static_cast<unsigned char>(s[b]))) ++b;
  while (e > b && std::isspace(static_cast<unsigned char>(s[e - 1]))) --e;
  return s.substr(b, e - b);
}

bool AllDigits(const std::string& s) {
  return !s.empty() && std::all_of(s.begin(), s.end(), [](char c) { return c >= '0' && c <= '9'; });
}

// `yyyyMMdd HHmmss;` at the start of a line: a NinjaTrader 8 bar row.
bool LooksLikeNinjaTraderRow(const std::string& line) {
  if (line.size() < 16) return false;
  for (int i = 0; i < 15; ++i) {
    if (i == 8) {
      if (line[i] != ' ') return false;
    } else if (!std::isdigit(static_cast<unsigned char>(line[i]))) {
      return false;
    }
  }
  return line[15] == ';';
}

CsvPreset Detect(const std::string& first_line) {
  if (LooksLikeNinjaTraderRow(first_line)) return CsvPreset::kNinjaTrader;
  std::vector<std::string> names = SplitCsvLine(first_line, ',');
  for (std::string& n : names) n = Lower(Trim(n));
  if (std::find(names.begin(), names.end(), "ts_event") != names.end()) return CsvPreset::kDatabento;
  // TradeStation exports: Date,Time,Open,High,Low,Close then Up,Down (tick
  // volume) or Vol,OI (volume, open interest; also spelled Volume/OpenInt).
  static const std::vector<std::string> kTradeStation = {"date", "time", "open", "high", "low", "close"};
  static const std::vector<std::pair<std::string, std::string>> kTradeStationTails = {
      {"up", "down"}, {"vol", "oi"}, {"volume", "oi"}, {"vol", "openint"}, {"volume", "openint"}};
  if (names.size() >= kTradeStation.size() + 2 &&
      std::equal(kTradeStation.begin(), kTradeStation.end(), names.begin()) &&
      std::find(kTradeStationTails.begin(), kTradeStationTails.end(), std::make_pair(names[6], names[7])) !=
          kTradeStationTails.end())
    return CsvPreset::kTradeStation;
  return CsvPreset::kOrbit;
}

}  // namespace

const char* CsvPresetName(CsvPreset preset) {
  switch (preset) {
    case CsvPreset::kAuto: return "auto";
    case CsvPreset::kOrbit: return "orbit";
    case CsvPreset::kDatabento: return "databento";
    case CsvPreset::kNinjaTrader: return "ninjatrader";
    case CsvPreset::kTradeStation: return "tradestation";
  }
  return "?";
}

CsvPreset ParseCsvPreset(const std::string& text) {
  const std::string t = Lower(text);
  for (CsvPreset p : {CsvPreset::kAuto, CsvPreset::kOrbit, CsvPreset::kDatabento, CsvPreset::kNinjaTrader,
                      CsvPreset::kTradeStation})
    if (t == CsvPresetName(p)) return p;
  ThrowUsage("--format: '" + text + "' is not one of auto, orbit, databento, ninjatrader, tradestation");
}

std::vector<std::pair<std::string, std::string>> ParseColumnMap(const std::string& text) {
  std::vector<std::pair<std::string, std::string>> out;
  size_t start = 0;
  while (start <= text.size()) {
    size_t comma = text.find(',', start);
    if (comma == std::string::npos) comma = text.size();
    const std::string item = Trim(text.substr(start, comma - start));
    start = comma + 1;
    if (item.empty()) continue;
    const size_t eq = item.find('=');
    if (eq == std::string::npos || eq == 0 || eq + 1 == item.size())
      ThrowUsage("--column-map: '" + item + "' is not ROLE=COLUMN (e.g. timestamp=ts_event)");
    const std::string role = Lower(Trim(item.substr(0, eq)));
    const std::string column = Trim(item.substr(eq + 1));
    if (std::find(std::begin(kRoles), std::end(kRoles), role) == std::end(kRoles))
      ThrowUsage("--column-map: unknown role '" + role +
                 "' (timestamp, date, time, open, high, low, close, instrument)");
    if (AllDigits(column) && std::stoll(column.substr(0, 9)) < 1)
      ThrowUsage("--column-map: column numbers start at 1 ('" + item + "')");
    for (const auto& [r, c] : out)
      if (r == role) ThrowUsage("--column-map: role '" + role + "' given twice");
    out.emplace_back(role, column);
  }
  if (out.empty()) ThrowUsage("--column-map: no ROLE=COLUMN given");
  return out;
}

char ParseDelimiter(const std::string& text) {
  if (text == "\\t" || Lower(text) == "tab" || text == "\t") return '\t';
  if (text.size() == 1 && text[0] != '"' && text[0] != '\n' && text[0] != '\r') return text[0];
  ThrowUsage("--delimiter: '" + text + "' is not one character (e.g. ',', ';', '|' or tab)");
}

int64_t ParseTsUnit(const std::string& text) {
  if (text == "s") return 1'000'000'000;
  if (text == "ms") return 1'000'000;
  if (text == "us") return 1'000;
  if (text == "ns") return 1;
  ThrowUsage("--ts-unit: '" + text + "' is not one of s, ms, us, ns");
}

BarStamp ParseBarStamp(const std::string& text) {
  if (text == "open") return BarStamp::kOpen;
  if (text == "close") return BarStamp::kClose;
  ThrowUsage("--bar-stamp: '" + text + "' is not open or close");
}

std::vector<std::string> SplitCsvLine(const std::string& line, char delimiter) {
  std::vector<std::string> out;
  std::string cur;
  bool quoted = false;
  for (size_t i = 0; i < line.size(); ++i) {
    const char c = line[i];
    if (c == '"') {
      if (quoted && i + 1 < line.size() && line[i + 1] == '"') {
        cur += '"';
        ++i;
      } else {
        quoted = !quoted;
      }
    } else if (c == delimiter && !quoted) {
      out.push_back(cur);
      cur.clear();
    } else if (c != '\r') {
      cur += c;
    }
  }
  out.push_back(cur);
  return out;
}

CsvLayout ResolveCsvLayout(const CsvFormatOptions& options, const std::string& first_line, const std::string& file,
                           bool need_instrument) {
  CsvLayout layout;
  layout.preset = options.preset == CsvPreset::kAuto ? Detect(first_line) : options.preset;
  const bool ninja = layout.preset == CsvPreset::kNinjaTrader;
  layout.delimiter = options.delimiter != 0 ? options.delimiter : ninja ? ';' : ',';
  layout.header = options.header.value_or(!ninja);
  const bool close_default = ninja || layout.preset == CsvPreset::kTradeStation;
  layout.close_stamped = options.bar_stamp ? *options.bar_stamp == BarStamp::kClose : close_default;

  const std::vector<std::string> first = SplitCsvLine(first_line, layout.delimiter);
  std::vector<std::string> lower;
  for (size_t i = 0; i < first.size(); ++i) {
    layout.names.push_back(layout.header ? first[i] : "column " + std::to_string(i + 1));
    lower.push_back(layout.header ? Lower(first[i]) : "");
  }
  auto find_name = [&](const std::string& name) -> int {
    const std::string l = Lower(name);
    int found = -1, count = 0;
    for (size_t i = 0; i < lower.size(); ++i)
      if (lower[i] == l) {
        if (found < 0) found = static_cast<int>(i);
        ++count;
      }
    if (count > 1) ThrowBadInput(file + ": column '" + name + "' appears " + std::to_string(count) + " times");
    return found;
  };

  // The preset's column names (header files) or positions (NinjaTrader).
  std::vector<std::pair<std::string, std::string>> roles;
  switch (layout.preset) {
    case CsvPreset::kNinjaTrader:
      roles = {{"timestamp", "1"}, {"open", "2"}, {"high", "3"}, {"low", "4"}, {"close", "5"}};
      break;
    case CsvPreset::kDatabento:
      roles = {{"timestamp", "ts_event"}, {"open", "open"}, {"high", "high"}, {"low", "low"}, {"close", "close"},
               {"instrument", "symbol"}};
      layout.epoch_or_text = true;
      layout.instrument_is_contract = true;
      break;
    case CsvPreset::kTradeStation:
      roles = {{"date", "date"}, {"time", "time"}, {"open", "open"}, {"high", "high"}, {"low", "low"}, {"close", "close"}};
      break;
    default:
      if (layout.header) {
        roles = {{"timestamp", "timestamp"}, {"open", "open"}, {"high", "high"}, {"low", "low"}, {"close", "close"},
                 {"instrument", "instrument"}};
      } else {
        roles = {{"timestamp", "1"}, {"open", "2"}, {"high", "3"}, {"low", "4"}, {"close", "5"}};
        // Orbit's order; the 6th column is the instrument unless the user maps columns.
        if (first.size() >= 6 && options.column_map.empty()) roles.emplace_back("instrument", "6");
      }
      break;
  }
  const bool user_time_columns = std::any_of(options.column_map.begin(), options.column_map.end(),
                                             [](const auto& rc) { return rc.first == "date" || rc.first == "time"; });
  const bool user_timestamp = std::any_of(options.column_map.begin(), options.column_map.end(),
                                          [](const auto& rc) { return rc.first == "timestamp"; });
  // The user's map overrides the preset's role by role; date+time replaces timestamp and vice versa.
  for (const auto& entry : options.column_map) {  // no structured binding: clang 14 cannot capture one
    const auto& role = entry.first;
    auto it = std::find_if(roles.begin(), roles.end(), [&](const auto& rc) { return rc.first == role; });
    if (it != roles.end()) it->second = entry.second;
    else roles.emplace_back(role, entry.second);
  }
  if (user_time_columns && !user_timestamp)
    roles.erase(std::remove_if(roles.begin(), roles.end(), [](const auto& rc) { return rc.first == "timestamp"; }),
                roles.end());
  if (user_timestamp && !user_time_columns)
    roles.erase(std::remove_if(roles.begin(), roles.end(),
                               [](const auto& rc) { return rc.first == "date" || rc.first == "time"; }),
                roles.end());

  std::vector<std::string> missing;
  auto resolve = [&](const std::string& role, bool required) -> int {
    auto it = std::find_if(roles.begin(), roles.end(), [&](const auto& rc) { return rc.first == role; });
    if (it == roles.end()) {
      if (required) missing.push_back(role);
      return -1;
    }
    const bool mapped = std::any_of(options.column_map.begin(), options.column_map.end(),
                                    [&](const auto& rc) { return rc.first == role; });
    int index = -1;
    if (AllDigits(it->second) && (!layout.header || mapped)) {
      const long long n = std::stoll(it->second.substr(0, 9));
      index = n >= 1 && n <= static_cast<long long>(first.size()) ? static_cast<int>(n - 1) : -1;
      if (index < 0 && (required || mapped))
        ThrowBadInput(file + ": column " + it->second + " (" + role + ") does not exist: the first line has " +
                      std::to_string(first.size()) + " fields");
      return index;
    }
    if (!layout.header) ThrowUsage("--column-map: " + role + "=" + it->second +
                                   ": a file without a header needs column numbers (e.g. " + role + "=1)");
    index = find_name(it->second);
    if (index < 0 && (required || mapped)) missing.push_back(it->second);
    return index;
  };
  const bool has_date_time = std::any_of(roles.begin(), roles.end(), [](const auto& rc) { return rc.first == "date"; });
  if (has_date_time) {
    layout.timestamp_layout = TimestampLayout::kDateAndTime;
    layout.date = resolve("date", true);
    layout.time = resolve("time", true);
  } else {
    layout.timestamp = resolve("timestamp", true);
  }
  for (int k = 0; k < 4; ++k) layout.prices[k] = resolve(kPriceRoles[k], true);
  layout.instrument = resolve("instrument", need_instrument);
  // A header of an Orbit file without timestamp but with date and time columns.
  if (layout.preset == CsvPreset::kOrbit && layout.header && layout.timestamp < 0 && !user_timestamp &&
      !user_time_columns) {
    const int d = find_name("date"), t = find_name("time");
    if (d >= 0 && t >= 0) {
      missing.erase(std::remove(missing.begin(), missing.end(), std::string("timestamp")), missing.end());
      layout.timestamp_layout = TimestampLayout::kDateAndTime;
      layout.date = d;
      layout.time = t;
    }
  }
  if (!missing.empty()) {
    std::string list, found;
    for (const std::string& m : missing) list += (list.empty() ? "" : ", ") + QuotedText(m);
    for (const std::string& n : layout.names) found += (found.empty() ? "" : ", ") + EscapedText(n, 40);
    ThrowBadInput(file + ": missing required columns: [" + list + "] (found: " + EscapedText(found, 200) +
                  (found.size() > 200 ? "..." : "") + ")");
  }
  // One column per role: two roles reading one column would parse it twice
  // and report the second read's leftovers ("value nan") instead.
  {
    const std::pair<const char*, int> used[] = {{"timestamp", layout.timestamp}, {"date", layout.date},
                                                 {"time", layout.time},           {"open", layout.prices[0]},
                                                 {"high", layout.prices[1]},      {"low", layout.prices[2]},
                                                 {"close", layout.prices[3]},     {"instrument", layout.instrument}};
    for (size_t i = 0; i < std::size(used); ++i)
      for (size_t j = i + 1; j < std::size(used); ++j)
        if (used[i].second >= 0 && used[i].second == used[j].second)
          ThrowUsage(std::string("--column-map: the roles ") + used[i].first + " and " + used[j].first +
                     " both name column " +
                     (static_cast<size_t>(used[i].second) < layout.names.size()
                          ? QuotedText(layout.names[static_cast<size_t>(used[i].second)])
                          : std::to_string(used[i].second + 1)) +
                     " of " + file + "; map each role to its own column");
  }
  if (options.ts_unit_ns > 0) {
    if (layout.timestamp_layout == TimestampLayout::kDateAndTime)
      ThrowUsage("--ts-unit: the timestamps of " + file + " are date and time columns, not epoch integers");
    layout.timestamp_layout = TimestampLayout::kEpoch;
    layout.epoch_unit_ns = options.ts_unit_ns;
    layout.epoch_or_text = false;
  }
  return layout;
}

}  // namespace orbit::source
