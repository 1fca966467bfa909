#include "strategy/fixes.h"

#include <cctype>

#include "core/error.h"

namespace orbit::strategy {
namespace {

struct FixEntry {
  int id;
  bool Fixes::*flag;
  const char* description;
};

constexpr FixEntry kEntries[] = {
    {1, &Fixes::be_scan_post_t1_only, "BE-scan only after the T1 bar (TIME stays TIME)"},
    {2, &Fixes::be_scan_local_time, "BE-scan ExitTime in Chicago time, not UTC"},
    {3, &Fixes::calendar_day_horizon, "expiry on D + N calendar days (autumn DST Friday)"},
    {4, &Fixes::exchange_calendar, "CME Globex holiday calendar: no closed days, expiry on the next open day, early closes"},
    {5, &Fixes::no_zero_peak_fallback, "no zero-peak fallback in Peak"},
    {6, &Fixes::scale_be_profit, "BE profit scaled for micros (-tick * 0.1)"},
    {7, &Fixes::micro_profit_decimals, "micro Profit rounded to one more decimal"},
    {8, &Fixes::round_range, "Range rounded to the instrument's decimals"},
    {19, &Fixes::accept_minutedataexport, "MINUTEDATAEXPORT runs with ES constants"},
    {21, &Fixes::independent_date_bounds, "--start and --end each apply on their own"},
    {23, &Fixes::strict_cli_slots, "--slots runs exactly the slots it names; bad labels are errors"},
    {24, &Fixes::strict_slot_labels, "unknown slot labels in run parameters are errors"},
    {28, &Fixes::fixed_empty_schema, "always 17 columns; Target and Profit always float64"},
    {29, &Fixes::date_column_as_date, "Parquet Date column is date32 in every file"},
    {34, &Fixes::expiry_checked_first, "a bar at/after expiry settles TIME before exit checks"},
    {37, &Fixes::per_row_negative_prices, "negative prices allowed only on CL/MCL rows"},
    {42, &Fixes::uniform_peak_rule, "OPEN rows use the same Peak rule as other results"},
};

std::string Trim(std::string_view s) {
  size_t b = 0, e = s.size();
  while (b < e && std::isspace(static_cast<unsigned char>(s[b]))) ++b;
  while (e > b && std::isspace(static_cast<unsigned char>(s[e - 1]))) --e;
  return std::string(s.substr(b, e - b));
}

}  // namespace

Fixes Fixes::All() {
  Fixes f;
  for (const FixEntry& e : kEntries) f.*(e.flag) = true;
  return f;
}

Fixes Fixes::Parse(std::string_view list) {
  Fixes f;
  size_t pos = 0;
  while (pos <= list.size()) {
    size_t comma = list.find(',', pos);
    if (comma == std::string_view::npos) comma = list.size();
    std::string token = Trim(list.substr(pos, comma - pos));
    pos = comma + 1;
    if (token.empty()) continue;
    for (char& c : token) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
    if (token == "ALL") {
      f = All();
      continue;
    }
    int id = -1;
    if (token.rfind("KI-", 0) == 0 && token.size() > 3 && token.size() <= 5) {
      id = 0;
      for (size_t i = 3; i < token.size(); ++i) {
        if (!std::isdigit(static_cast<unsigned char>(token[i]))) {
          id = -1;
          break;
        }
        id = id * 10 + (token[i] - '0');
      }
    }
    bool found = false;
    for (const FixEntry& e : kEntries) {
      if (e.id == id) {
        f.*(e.flag) = true;
        found = true;
      }
    }
    if (!found) {
      std::string known;
      for (const FixEntry& e : kEntries) known += (known.empty() ? "" : ", ") + std::string("KI-") + (e.id < 10 ? "0" : "") + std::to_string(e.id);
      ThrowUsage("--fix: unknown fix '" + token + "'; known: " + known + ", all");
    }
  }
  return f;
}

std::vector<std::pair<std::string, std::string>> Fixes::Catalogue() {
  std::vector<std::pair<std::string, std::string>> out;
  for (const FixEntry& e : kEntries)
    out.emplace_back(std::string("KI-") + (e.id < 10 ? "0" : "") + std::to_string(e.id), e.description);
  return out;
}

}  // namespace orbit::strategy
