#include "selection/timetable.h"

#include <cctz/time_zone.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <regex>

#include "core/error.h"
#include "selection/civil_date.h"
#include "selection/python_json.h"
#include "selection/sha256.h"

namespace orbit::selection {
namespace {

const char* const kT14[] = {"ES1", "ES2", "GC1", "GC2", "CL1", "CL2", "NQ1",
                            "NQ2", "NG1", "NG2", "YM1", "YM2", "RTY1", "RTY2"};

struct Entry {
  std::string stream, slot;
  bool enabled = false;
  std::string reason;
};

std::string Strip(const std::string& s) {
  size_t b = 0, e = s.size();
  while (b < e && std::isspace(static_cast<unsigned char>(s[b]))) ++b;
  while (e > b && std::isspace(static_cast<unsigned char>(s[e - 1]))) --e;
  return s.substr(b, e - b);
}

// §8 step 3: the reasons left after removing the calendar tokens.
std::string MatrixGateSuffix(const std::string& reasons) {
  static const std::regex kDow(R"(\bdow_filter\([^)]*\)\s*)", std::regex::icase);
  static const std::regex kDom(R"(\bdom_filter\([^)]*\)\s*)", std::regex::icase);
  static const std::regex kCommas(R"(\s*,\s*,+)");
  static const std::regex kLead(R"(^\s*,)");
  static const std::regex kTrail(R"(,\s*$)");
  std::string s = Strip(reasons);
  while (true) {
    std::string next = std::regex_replace(s, kDow, "");
    next = std::regex_replace(next, kDom, "");
    if (next == s) break;
    s = next;
  }
  s = std::regex_replace(s, kCommas, ", ");
  s = std::regex_replace(s, kLead, "");
  s = std::regex_replace(s, kTrail, "");
  s = Strip(s);
  size_t b = 0, e = s.size();
  while (b < e && s[b] == ',') ++b;
  while (e > b && s[e - 1] == ',') --e;
  return Strip(s.substr(b, e - b));
}

// Python's int() of a filter entry. Errors: Error(kBadInput) when it cannot convert.
long IntOf(const FilterValue& v, const std::string& key) {
  if (!v.is_text) return static_cast<long>(std::trunc(v.number));
  const std::string s = Strip(v.text);
  size_t i = (!s.empty() && (s[0] == '+' || s[0] == '-')) ? 1 : 0;
  bool ok = i < s.size();
  for (size_t k = i; k < s.size(); ++k) ok = ok && (std::isdigit(static_cast<unsigned char>(s[k])) != 0);
  if (!ok)
    ThrowBadInput("stream filters: " + key + ".exclude_days_of_month entry '" + v.text +
                  "' is not an integer (the timetable's int() fails on it)");
  return std::stol(s);
}

bool CalendarBlocks(const StreamFilter& f, const std::string& key, int32_t d, bool fix_values) {
  const int wd = WeekdayIndex(d);
  const std::string name = WeekdayName(wd), index = std::to_string(wd);
  for (const FilterValue& v : f.days_of_week) {
    if (v.is_text && (v.text == name || v.text == index)) return true;
    if (fix_values) {
      std::string low = v.text, lname = name;
      for (char& c : low) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
      for (char& c : lname) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
      if (low == lname || (!v.is_text && v.number == wd)) return true;
    }
  }
  const long day = static_cast<long>(CivilFromDays(d).day);
  for (const FilterValue& v : f.days_of_month)
    if (IntOf(v, key) == day) return true;
  return false;
}

std::string ChicagoNowIso() {
  const auto now = std::chrono::system_clock::now();
  cctz::time_zone tz;
  if (!cctz::load_time_zone("America/Chicago", &tz)) tz = cctz::utc_time_zone();
  std::string s = cctz::format("%Y-%m-%dT%H:%M:%E6S%Ez", std::chrono::time_point_cast<std::chrono::microseconds>(now), tz);
  return s;
}

std::string UtcNowIso() {
  const auto now = std::chrono::system_clock::now();
  return cctz::format("%Y-%m-%dT%H:%M:%E6S%Ez", std::chrono::time_point_cast<std::chrono::microseconds>(now),
                      cctz::utc_time_zone());
}

int Minutes(const std::string& slot) {
  if (slot.empty()) return -1;
  return std::stoi(slot.substr(0, 2)) * 60 + std::stoi(slot.substr(3, 2));
}

}  // namespace

std::string TimetableJson(const Matrix& m, const TimetableOptions& options) {
  const int32_t d = options.session_date;
  const bool historical = options.mode == TimetableMode::kHistorical;
  // The latest row per stream (historical: on or before D).
  std::vector<const MatrixRow*> latest(m.streams.size(), nullptr);
  int32_t eligibility = SequencerState::kNoDate;
  for (const MatrixRow& r : m.rows) {
    eligibility = std::max(eligibility, r.date);
    if (historical && r.date > d) continue;
    const MatrixRow*& l = latest[r.stream];
    if (!l || r.date >= l->date) l = &r;
  }
  const StreamFilter& master = m.filters.Get("master");
  std::vector<std::string> include;
  for (const std::string& s : master.include_streams) {
    std::string u = Strip(s);
    for (char& c : u) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
    if (!u.empty()) include.push_back(u);
  }
  std::vector<Entry> entries;
  for (const char* sid_c : kT14) {
    const std::string sid = sid_c;
    const int sess = sid.back() == '2' ? 2 : 1;
    const MatrixRow* r = nullptr;
    for (size_t s = 0; s < m.streams.size(); ++s)
      if (m.streams[s].id == sid) r = latest[s];
    Entry e;
    e.stream = sid;
    auto in_session = [&](int slot) { return slot >= SessionFirstSlot(sess) && slot < SessionEndSlot(sess); };
    if (r) {
      if (r->time_change >= 0 && r->date < d && in_session(r->time_change)) e.slot = kSlotLabels[r->time_change];
      else if (in_session(r->slot)) e.slot = kSlotLabels[r->slot];
    }
    bool matrix_gate = false;
    std::string suffix = "matrix_row_final_allowed_false";
    if (r && r->allowed) {
      matrix_gate = true;
    } else if (r) {
      const MatrixStream& ms = m.streams[r->stream];
      std::string reasons;
      if (r->reasons & kReasonScf) reasons += ms.session == 1 ? "scf_s1_blocked(>=0.5)" : "scf_s2_blocked(>=0.5)";
      if (r->reasons & kReasonDow) reasons += (reasons.empty() ? "" : ", ") + ms.dow_reason;
      if (r->reasons & kReasonDom) reasons += (reasons.empty() ? "" : ", ") + ms.dom_reason;
      if (!Strip(reasons).empty()) {
        suffix = MatrixGateSuffix(reasons);
        matrix_gate = suffix.empty();
      }
    }
    const bool fix = m.fixes.m10_filter_values;
    const bool calendar_blocked =
        CalendarBlocks(m.filters.Get(sid), sid, d, fix) || CalendarBlocks(master, "master", d, fix);
    const bool included = include.empty() || std::find(include.begin(), include.end(), sid) != include.end();
    e.enabled = included && !e.slot.empty() && matrix_gate && !calendar_blocked;
    if (!included) e.reason = "master_stream_not_included";
    else if (e.slot.empty()) e.reason = "no_valid_execution_slot";
    else if (!matrix_gate) e.reason = "matrix_filter_blocked:" + suffix;
    else if (calendar_blocked)
      e.reason = std::string("calendar_filter_blocked:") + WeekdayName(WeekdayIndex(d)) + ":" +
                 std::to_string(CivilFromDays(d).day);
    entries.push_back(std::move(e));
  }
  std::stable_sort(entries.begin(), entries.end(), [](const Entry& a, const Entry& b) { return a.slot > b.slot; });

  // The hash: json.dumps(..., sort_keys=True), streams by (-minutes, lower(id)).
  const std::string date_text = FormatIsoDate(d);
  std::vector<const Entry*> hashed;
  for (const Entry& e : entries) hashed.push_back(&e);
  auto lower = [](std::string s) {
    for (char& c : s) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    return s;
  };
  std::stable_sort(hashed.begin(), hashed.end(), [&](const Entry* a, const Entry* b) {
    const int ma = Minutes(a->slot), mb = Minutes(b->slot);
    if (ma != mb) return ma > mb;
    return lower(a->stream) < lower(b->stream);
  });
  std::string canonical = "{\"session_trading_date\": ";
  AppendPythonJsonString(canonical, date_text);
  canonical += ", \"streams\": [";
  for (size_t i = 0; i < hashed.size(); ++i) {
    if (i) canonical += ", ";
    canonical += "{\"block_reason\": ";
    AppendPythonJsonString(canonical, hashed[i]->reason);
    canonical += ", \"enabled\": ";
    canonical += hashed[i]->enabled ? "true" : "false";
    canonical += ", \"slot_time\": ";
    AppendPythonJsonString(canonical, hashed[i]->slot);
    canonical += ", \"stream\": ";
    AppendPythonJsonString(canonical, hashed[i]->stream);
    canonical += "}";
  }
  canonical += "], \"timezone\": \"America/Chicago\"}";
  const std::string hash = Sha256Hex(canonical);

  const std::string pinned = "1970-01-01T00:00:00+00:00";
  PythonJson j;
  j.BeginObject();
  j.Key("as_of"), j.String(options.pinned_clock ? pinned : ChicagoNowIso());
  j.Key("session_trading_date"), j.String(date_text);
  j.Key("timezone"), j.String("America/Chicago");
  j.Key("source"), j.String("matrix");
  j.Key("streams");
  j.BeginArray();
  for (const Entry& e : entries) {
    j.BeginObject();
    j.Key("stream"), j.String(e.stream);
    j.Key("slot_time"), j.String(e.slot);
    j.Key("enabled"), j.Bool(e.enabled);
    if (!e.enabled) j.Key("block_reason"), j.String(e.reason);
    j.EndObject();
  }
  j.EndArray();
  j.Key("metadata");
  j.BeginObject();
  j.Key("replay"), j.Bool(historical);
  j.EndObject();
  j.Key("eligibility_trade_date");
  if (eligibility == SequencerState::kNoDate) j.Null();
  else j.String(FormatIsoDate(eligibility));
  j.Key("timetable_hash"), j.String(hash);
  j.Key("previous_hash"), j.String("");
  j.Key("version_timestamp"), j.String(options.pinned_clock ? pinned : UtcNowIso());
  j.EndObject();
  return j.Finish();
}

}  // namespace orbit::selection
