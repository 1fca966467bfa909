#include "selection/matrix_html.h"

#include <algorithm>
#include <map>
#include <set>

#include "core/py_float.h"
#include "selection/civil_date.h"
#include "selection/json_value.h"

namespace orbit::selection {
namespace {

std::string Escape(std::string_view s) {
  std::string out;
  for (char c : s) {
    switch (c) {
      case '&': out += "&amp;"; break;
      case '<': out += "&lt;"; break;
      case '>': out += "&gt;"; break;
      case '"': out += "&quot;"; break;
      default: out += c;
    }
  }
  return out;
}

std::string Value(const JsonValue* v) {
  if (!v) return "";
  switch (v->kind) {
    case JsonValue::Kind::kNumber: return v->text;
    case JsonValue::Kind::kString: return Escape(v->text);
    case JsonValue::Kind::kBool: return v->boolean ? "true" : "false";
    default: return "";
  }
}

// Rows: every key of `part` in the two summaries, side by side.
void SummaryRows(std::string& out, const JsonValue& allowed, const JsonValue& all, const char* part) {
  const JsonValue* a = allowed.Find(part);
  const JsonValue* b = all.Find(part);
  if (!a || a->kind != JsonValue::Kind::kObject) return;
  for (const auto& [key, v] : a->members)
    out += "<tr><td>" + Escape(key) + "</td><td class=\"num\">" + Value(&v) + "</td><td class=\"num\">" +
           Value(b ? b->Find(key) : nullptr) + "</td></tr>\n";
}

}  // namespace

std::string MatrixHtmlSection(const Matrix& m, const std::string& stats_json,
                              const std::vector<std::pair<std::string, std::string>>& timetables, size_t last_days) {
  size_t switches = 0, not_allowed = 0;
  for (const MatrixRow& r : m.rows) {
    switches += r.time_change >= 0;
    not_allowed += !r.allowed;
  }
  std::string out = "<section id=\"matrix\">\n<h2>Master matrix</h2>\n<p class=\"meta\">" +
                    std::to_string(m.rows.size()) + " matrix rows, " + std::to_string(m.streams.size()) +
                    " streams, " + std::to_string(switches) + " switches, " + std::to_string(not_allowed) +
                    " rows not allowed by the filters (SELECTION_SPEC.md)</p>\n";

  const JsonValue stats = ParseJson(stats_json, "statistics");
  const JsonValue* allowed = stats.Find("summary_stats_include_filtered_executed_false");
  const JsonValue* all = stats.Find("summary_stats_include_filtered_executed_true");
  if (allowed && all) {
    out += "<h3>Statistics</h3>\n<div class=\"tw\"><table id=\"matrix-stats\"><thead><tr><th>figure</th>"
           "<th>allowed trades</th><th>all executed trades</th></tr></thead><tbody>\n";
    for (const char* part : {"sample_counts", "performance_trade_metrics", "performance_daily_metrics", "day_counts"})
      SummaryRows(out, *allowed, *all, part);
    out += "</tbody></table></div>\n";
  }
  if (const JsonValue* per = stats.Find("stream_stats_include_filtered_executed_false");
      per && per->kind == JsonValue::Kind::kObject && !per->members.empty()) {
    out += "<h3>Per stream (allowed trades)</h3>\n<div class=\"tw\"><table id=\"matrix-streams\"><thead><tr>"
           "<th>stream</th>";
    for (const auto& [key, v] : per->members.front().value.members) out += "<th>" + Escape(key) + "</th>";
    out += "</tr></thead><tbody>\n";
    for (const auto& [stream, fields] : per->members) {
      out += "<tr><td>" + Escape(stream) + "</td>";
      for (const auto& [key, v] : fields.members) out += "<td class=\"num\">" + Value(&v) + "</td>";
      out += "</tr>\n";
    }
    out += "</tbody></table></div>\n";
  }

  // The slot grid: the latest `last_days` dates of the matrix x streams.
  std::set<int32_t> all_days;
  for (const MatrixRow& r : m.rows) all_days.insert(r.date);
  std::vector<int32_t> days(all_days.begin(), all_days.end());
  if (days.size() > last_days) days.erase(days.begin(), days.end() - static_cast<long>(last_days));
  std::map<std::pair<int32_t, uint32_t>, const MatrixRow*> cell;
  for (const MatrixRow& r : m.rows)
    if (!days.empty() && r.date >= days.front()) cell[{r.date, r.stream}] = &r;
  out += "<h3>Chosen slot per stream and day (last " + std::to_string(days.size()) +
         " data days; <span class=\"sw\">marked</span>: a loss switched the slot for the next day; "
         "<span class=\"na\">grey</span>: not allowed)</h3>\n<div class=\"tw\"><table id=\"matrix-slots\"><thead>"
         "<tr><th>date</th>";
  for (const MatrixStream& s : m.streams) out += "<th>" + Escape(s.id) + "</th>";
  out += "</tr></thead><tbody>\n";
  for (int32_t d : days) {
    out += "<tr><td>" + FormatIsoDate(d) + "</td>";
    for (uint32_t s = 0; s < m.streams.size(); ++s) {
      auto it = cell.find({d, s});
      if (it == cell.end()) {
        out += "<td></td>";
        continue;
      }
      const MatrixRow& r = *it->second;
      std::string cls = r.time_change >= 0 ? "sw" : "";
      if (!r.allowed) cls += cls.empty() ? "na" : " na";
      out += "<td" + (cls.empty() ? std::string() : " class=\"" + cls + "\"") + " title=\"" +
             (r.time_change >= 0 ? std::string("switch to ") + kSlotLabels[r.time_change] : std::string()) + "\">" +
             kSlotLabels[r.slot] + "</td>";
    }
    out += "</tr>\n";
  }
  out += "</tbody></table></div>\n";

  for (const auto& [date, text] : timetables) {
    const JsonValue tt = ParseJson(text, "timetable");
    out += "<h3>Execution timetable for " + Escape(date) + "</h3>\n<div class=\"tw\"><table class=\"matrix-timetable\">"
           "<thead><tr><th>stream</th><th>slot</th><th>enabled</th><th>block reason</th></tr></thead><tbody>\n";
    if (const JsonValue* streams = tt.Find("streams"))
      for (const JsonValue& e : streams->items)
        out += "<tr><td>" + Value(e.Find("stream")) + "</td><td>" + Value(e.Find("slot_time")) + "</td><td>" +
               Value(e.Find("enabled")) + "</td><td>" + Value(e.Find("block_reason")) + "</td></tr>\n";
    out += "</tbody></table></div>\n";
  }
  out += "<style>#matrix-slots td.sw{background:#ffe08a;font-weight:600}#matrix-slots td.na{color:#999}"
         "#matrix .num{text-align:right}</style>\n</section>\n";
  return out;
}

}  // namespace orbit::selection
