#include "selection/matrix_table.h"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <limits>

#include "core/error.h"
#include "core/py_float.h"
#include "selection/civil_date.h"

namespace orbit::selection {
namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

const char* const kAnalyzerOrder[] = {"Date",      "Time",   "EntryTime", "ExitTime", "EntryPrice", "ExitPrice",
                                      "StopLoss",  "Target", "Peak",      "Direction", "Result",    "Range",
                                      "Stream",    "Instrument", "Session", "Profit",  "open_as_of_time"};
const char* const kSchemaCarried[] = {"scf_s1", "scf_s2", "onr", "onr_high", "onr_low", "date_repaired", "original_date"};
const char* const kComputed[] = {"trade_date",  "Time_str",  "Date_normalized", "actual_trade_time", "SL",
                                 "Time Change", "entry_time", "exit_time",      "entry_price",       "exit_price",
                                 "R",           "pnl",        "ProfitDollars",  "rs_value",          "points",
                                 "selected_time", "time_bucket", "global_trade_id", "day_of_month",   "dow",
                                 "dow_full",    "month",      "session_index",  "is_two_stream",     "dom_blocked",
                                 "filter_reasons", "final_allowed"};

bool InList(const std::string& name, const char* const* list, size_t n) {
  for (size_t i = 0; i < n; ++i)
    if (name == list[i]) return true;
  return false;
}

std::string_view Strip(std::string_view s) {
  size_t b = 0, e = s.size();
  while (b < e && std::isspace(static_cast<unsigned char>(s[b]))) ++b;
  while (e > b && std::isspace(static_cast<unsigned char>(s[e - 1]))) --e;
  return s.substr(b, e - b);
}

TableColumn NewColumn(const std::string& name, ColumnType type, size_t rows) {
  TableColumn c;
  c.name = name;
  c.type = type;
  if (type == ColumnType::kText) c.text.reserve(rows);
  else c.number.reserve(rows);
  return c;
}

void PushText(TableColumn& c, std::string_view s, bool missing = false) {
  if (missing && c.missing.empty()) c.missing.assign(c.text.size(), 0);
  c.text.push_back(missing ? std::string_view() : s);
  if (!c.missing.empty()) c.missing.push_back(missing ? 1 : 0);
}

}  // namespace

ColumnTable MatrixTable(const Matrix& m) {
  const Consolidated& in = m.input;
  const ColumnTable& src = in.table;
  const size_t n = m.rows.size();
  for (const TableColumn& c : src.columns)
    if (InList(c.name, kComputed, std::size(kComputed)) || c.name.find(" Rolling") != std::string::npos ||
        c.name.find(" Points") != std::string::npos)
      ThrowBadInput("result column '" + c.name + "' carries the name of a column the matrix computes (not supported)");

  ColumnTable out;
  out.rows = n;
  auto copy_column = [&](const TableColumn& s, const std::string& name) {
    TableColumn c = NewColumn(name, s.type == ColumnType::kInt ? ColumnType::kFloat : s.type, n);
    for (const MatrixRow& r : m.rows) {
      if (r.source < 0) {
        if (s.is_text()) PushText(c, "", true);
        else c.number.push_back(kNaN);
      } else if (s.is_text()) {
        PushText(c, s.text[r.source], s.IsMissing(r.source));
      } else {
        c.number.push_back(s.number[r.source]);
      }
    }
    if (s.type == ColumnType::kInt && std::none_of(m.rows.begin(), m.rows.end(), [](const MatrixRow& r) { return r.source < 0; }))
      c.type = ColumnType::kInt;
    return c;
  };
  const TableColumn& time_col = src.columns[in.col_time];

  // 1. The analyzer columns.
  for (const char* name : kAnalyzerOrder) {
    const std::string col = name;
    const int at = src.Find(col);
    if (col == "Date" || col == "trade_date") {
      TableColumn c = NewColumn(col, ColumnType::kDate, n);
      for (const MatrixRow& r : m.rows) c.number.push_back(r.date);
      out.columns.push_back(std::move(c));
    } else if (col == "Time") {
      TableColumn c = NewColumn(col, ColumnType::kText, n);
      for (const MatrixRow& r : m.rows) PushText(c, kSlotLabels[r.slot]);
      out.columns.push_back(std::move(c));
    } else if (col == "Stream") {
      TableColumn c = NewColumn(col, ColumnType::kText, n);
      for (const MatrixRow& r : m.rows) PushText(c, m.streams[r.stream].id);
      out.columns.push_back(std::move(c));
    } else if (col == "Result" || col == "Session") {
      TableColumn c = NewColumn(col, ColumnType::kText, n);
      const TableColumn& s = src.columns[at];
      for (const MatrixRow& r : m.rows) {
        if (r.source >= 0) PushText(c, s.text[r.source], s.IsMissing(r.source));
        else PushText(c, col == "Result" ? "NoTrade" : (m.streams[r.stream].session == 1 ? "S1" : "S2"));
      }
      out.columns.push_back(std::move(c));
    } else if (at >= 0) {
      out.columns.push_back(copy_column(src.columns[at], col));
    }
  }
  const bool any_selected = std::any_of(m.rows.begin(), m.rows.end(), [](const MatrixRow& r) { return r.source >= 0; });
  // 2. trade_date, Time_str, Date_normalized, actual_trade_time.
  {
    TableColumn c = NewColumn("trade_date", ColumnType::kDate, n);
    for (const MatrixRow& r : m.rows) c.number.push_back(r.date);
    out.columns.push_back(std::move(c));
    if (any_selected) {
      TableColumn ts = NewColumn("Time_str", ColumnType::kText, n);
      TableColumn dn = NewColumn("Date_normalized", ColumnType::kDate, n);
      for (const MatrixRow& r : m.rows) {
        if (r.source >= 0) PushText(ts, NormTime(time_col.text[r.source]));
        else PushText(ts, "", true);
        dn.number.push_back(r.source >= 0 ? r.date : kNaN);
      }
      out.columns.push_back(std::move(ts));
      out.columns.push_back(std::move(dn));
    }
    TableColumn at = NewColumn("actual_trade_time", ColumnType::kText, n);
    for (const MatrixRow& r : m.rows) PushText(at, r.source >= 0 ? Strip(time_col.text[r.source]) : std::string_view());
    out.columns.push_back(std::move(at));
  }
  // 3. Rolling and Points.
  for (int t = 0; t < kSlotCount; ++t) {
    const int session = SlotSession(t);
    if (!m.session_has_rows[session]) continue;
    TableColumn roll = NewColumn(std::string(kSlotLabels[t]) + " Rolling", ColumnType::kFloat, n);
    TableColumn pts = NewColumn(std::string(kSlotLabels[t]) + " Points", ColumnType::kFloat, n);
    for (const MatrixRow& r : m.rows) {
      const bool own = m.streams[r.stream].session == session;
      roll.number.push_back(own ? r.rolling[t] : kNaN);
      pts.number.push_back(own ? r.points[t] : kNaN);
    }
    if (!m.session_has_rows[3 - session]) roll.type = pts.type = ColumnType::kInt;
    out.columns.push_back(std::move(roll));
    out.columns.push_back(std::move(pts));
  }
  // 4. SL, Time Change.
  {
    TableColumn sl = NewColumn("SL", ColumnType::kFloat, n);
    TableColumn tc = NewColumn("Time Change", ColumnType::kText, n);
    for (const MatrixRow& r : m.rows) {
      sl.number.push_back(r.sl);
      PushText(tc, r.time_change >= 0 ? kSlotLabels[r.time_change] : "");
    }
    out.columns.push_back(std::move(sl));
    out.columns.push_back(std::move(tc));
  }
  // 5. The §4 columns.
  for (const char* name : kSchemaCarried) {
    const int at = src.Find(name);
    if (at >= 0) {
      out.columns.push_back(copy_column(src.columns[at], name));
    } else {
      TableColumn c = NewColumn(name, ColumnType::kFloat, n);
      c.number.assign(n, kNaN);
      out.columns.push_back(std::move(c));
    }
  }
  for (const auto& [name, col_index] : {std::pair<const char*, int>{"entry_time", in.col_entry_time},
                                        std::pair<const char*, int>{"exit_time", in.col_exit_time}}) {
    TableColumn c = NewColumn(name, ColumnType::kText, n);
    for (const MatrixRow& r : m.rows) {
      if (r.source < 0 || col_index < 0) PushText(c, "");
      else PushText(c, src.columns[col_index].text[r.source]);
    }
    out.columns.push_back(std::move(c));
  }
  for (const char* name : {"entry_price", "exit_price"}) {
    TableColumn c = NewColumn(name, ColumnType::kFloat, n);
    c.number.assign(n, kNaN);
    out.columns.push_back(std::move(c));
  }
  {
    const TableColumn* profit = in.col_profit >= 0 ? &src.columns[in.col_profit] : nullptr;
    const TableColumn* target = in.col_target >= 0 ? &src.columns[in.col_target] : nullptr;
    const TableColumn& inst = src.columns[in.col_instrument];
    TableColumn rc = NewColumn("R", ColumnType::kFloat, n);
    TableColumn pnl = NewColumn("pnl", ColumnType::kFloat, n);
    TableColumn pd = NewColumn("ProfitDollars", ColumnType::kFloat, n);
    TableColumn rs = NewColumn("rs_value", ColumnType::kFloat, n);
    TableColumn pts = NewColumn("points", ColumnType::kFloat, n);
    TableColumn st = NewColumn("selected_time", ColumnType::kText, n);
    TableColumn tb = NewColumn("time_bucket", ColumnType::kText, n);
    for (const MatrixRow& r : m.rows) {
      const double p = r.source >= 0 && profit ? profit->number[r.source] : kNaN;
      const double tg = r.source >= 0 && target ? target->number[r.source] : kNaN;
      rc.number.push_back(tg == tg && tg != 0 ? p / tg : kNaN);
      pnl.number.push_back(p);
      const bool has_instrument = r.source >= 0 && !inst.IsMissing(r.source);
      const std::string_view instrument = has_instrument ? inst.text[r.source] : std::string_view();
      pd.number.push_back(p == p ? p * PointValue(instrument, has_instrument, m.fixes.m07_point_values) : 0.0);
      rs.number.push_back(r.rolling[r.slot]);
      pts.number.push_back(r.points[r.slot]);
      PushText(st, kSlotLabels[r.slot]);
      PushText(tb, kSlotLabels[r.slot]);
    }
    rs.type = pts.type = ColumnType::kInt;
    for (TableColumn* c : {&rc, &pnl, &pd, &rs, &pts, &st, &tb}) out.columns.push_back(std::move(*c));
  }
  // 6. Identity and filter columns.
  {
    TableColumn gid = NewColumn("global_trade_id", ColumnType::kInt, n);
    TableColumn dom = NewColumn("day_of_month", ColumnType::kInt, n);
    TableColumn dow = NewColumn("dow", ColumnType::kText, n);
    TableColumn dowf = NewColumn("dow_full", ColumnType::kText, n);
    TableColumn month = NewColumn("month", ColumnType::kInt, n);
    TableColumn si = NewColumn("session_index", ColumnType::kInt, n);
    TableColumn two = NewColumn("is_two_stream", ColumnType::kBool, n);
    TableColumn domb = NewColumn("dom_blocked", ColumnType::kBool, n);
    TableColumn fr = NewColumn("filter_reasons", ColumnType::kText, n);
    TableColumn fa = NewColumn("final_allowed", ColumnType::kBool, n);
    int64_t id = m.first_global_trade_id;
    const TableColumn& sess = src.columns[in.col_session];
    std::string reasons;
    for (const MatrixRow& r : m.rows) {
      const MatrixStream& s = m.streams[r.stream];
      const CivilDate c = CivilFromDays(r.date);
      const int wd = WeekdayIndex(r.date);
      gid.number.push_back(static_cast<double>(id++));
      dom.number.push_back(c.day);
      PushText(dow, WeekdayShortName(wd));
      PushText(dowf, WeekdayName(wd));
      month.number.push_back(c.month);
      const std::string_view session_text =
          r.source >= 0 ? sess.text[r.source] : std::string_view(s.session == 1 ? "S1" : "S2");
      si.number.push_back(session_text == "S1" ? 1.0 : session_text == "S2" ? 2.0 : kNaN);
      const bool is_two = !s.id.empty() && s.id.back() == '2';
      two.number.push_back(is_two);
      domb.number.push_back(is_two && (c.day == 4 || c.day == 16 || c.day == 30));
      reasons.clear();
      if (r.reasons & kReasonScf) reasons += s.session == 1 ? "scf_s1_blocked(>=0.5)" : "scf_s2_blocked(>=0.5)";
      if (r.reasons & kReasonDow) reasons += (reasons.empty() ? "" : ", ") + s.dow_reason;
      if (r.reasons & kReasonDom) reasons += (reasons.empty() ? "" : ", ") + s.dom_reason;
      PushText(fr, reasons);
      fa.number.push_back(r.allowed);
    }
    for (TableColumn* c : {&gid, &dom, &dow, &dowf, &month, &si, &two, &domb, &fr, &fa})
      out.columns.push_back(std::move(*c));
  }
  // 7. Extra input columns, by name.
  std::vector<const TableColumn*> extras;
  for (const TableColumn& c : src.columns)
    if (!InList(c.name, kAnalyzerOrder, std::size(kAnalyzerOrder)) &&
        !InList(c.name, kSchemaCarried, std::size(kSchemaCarried)))
      extras.push_back(&c);
  std::sort(extras.begin(), extras.end(), [](const TableColumn* a, const TableColumn* b) { return a->name < b->name; });
  for (const TableColumn* c : extras) out.columns.push_back(copy_column(*c, c->name));
  return out;
}

namespace {

void AppendNumber(std::string& out, double v) {
  if (v != v) return;
  if (std::isfinite(v) && v == std::trunc(v) && std::fabs(v) < 1e16) {
    char buf[32];
    const auto res = std::to_chars(buf, buf + sizeof buf, static_cast<int64_t>(v));
    out.append(buf, res.ptr);
    return;
  }
  AppendPyFloat(out, v);
}

void AppendCsvText(std::string& out, std::string_view s) {
  if (s.find_first_of(",\"\n\r") == std::string_view::npos) {
    out += s;
    return;
  }
  out += '"';
  for (char c : s) {
    if (c == '"') out += '"';
    out += c;
  }
  out += '"';
}

}  // namespace

std::string CsvText(const ColumnTable& table) {
  std::string out;
  out.reserve(table.rows * table.columns.size() * 6 + 1024);
  for (size_t c = 0; c < table.columns.size(); ++c) {
    if (c) out += ',';
    AppendCsvText(out, table.columns[c].name);
  }
  out += '\n';
  for (size_t r = 0; r < table.rows; ++r) {
    for (size_t c = 0; c < table.columns.size(); ++c) {
      if (c) out += ',';
      const TableColumn& col = table.columns[c];
      switch (col.type) {
        case ColumnType::kText:
          if (!col.IsMissing(r)) AppendCsvText(out, col.text[r]);
          break;
        case ColumnType::kDate:
          if (col.number[r] == col.number[r]) AppendIsoDate(out, static_cast<int32_t>(col.number[r]));
          break;
        case ColumnType::kBool:
          if (col.number[r] == col.number[r]) out += col.number[r] != 0 ? "True" : "False";
          break;
        default:
          AppendNumber(out, col.number[r]);
      }
    }
    out += '\n';
  }
  return out;
}

}  // namespace orbit::selection
