#include "selection/consolidation.h"

#include <algorithm>
#include <limits>
#include <map>
#include <numeric>
#include <string_view>
#include <unordered_map>

#include "core/error.h"
#include "core/py_float.h"
#include "selection/civil_date.h"
#include "selection/slots.h"
#include "selection/stream_filters.h"

namespace orbit::selection {

void Diagnostics::Warn(const std::string& message) {
  if (strict) ThrowBadInput(message + " (--strict)");
  warnings.push_back(message);
}

namespace {

void ToText(TableColumn& col) {
  if (col.is_text()) return;
  col.text.clear();
  col.text.reserve(col.number.size());
  col.missing.assign(col.number.size(), 0);
  for (size_t i = 0; i < col.number.size(); ++i) {
    if (col.number[i] != col.number[i]) {
      col.missing[i] = 1;
      col.text.push_back("");
    } else if (col.type == ColumnType::kInt) {
      col.text.push_back(std::to_string(static_cast<int64_t>(col.number[i])));
    } else if (col.type == ColumnType::kDate) {
      col.text.push_back(FormatIsoDate(static_cast<int32_t>(col.number[i])));
    } else {
      col.text.push_back(PyFloat(col.number[i]));
    }
  }
  col.number.clear();
  col.type = ColumnType::kText;
}

// Appends `n` missing cells.
void AppendMissing(TableColumn& col, size_t n) {
  if (col.is_text()) {
    if (col.missing.empty()) col.missing.assign(col.text.size(), 0);
    for (size_t i = 0; i < n; ++i) col.text.push_back("");
    col.missing.resize(col.text.size(), 1);
  } else {
    col.number.resize(col.number.size() + n, std::numeric_limits<double>::quiet_NaN());
    if (col.type == ColumnType::kInt && n) col.type = ColumnType::kFloat;
  }
}

void AppendColumn(TableColumn& dst, TableColumn& src) {
  if (dst.is_text() != src.is_text()) {
    ToText(dst);
    ToText(src);
  }
  if (dst.is_text()) {
    if (!src.missing.empty() && dst.missing.empty()) dst.missing.assign(dst.text.size(), 0);
    dst.text.append(src.text);
    if (!dst.missing.empty()) {
      if (src.missing.empty()) dst.missing.resize(dst.text.size(), 0);
      else dst.missing.insert(dst.missing.end(), src.missing.begin(), src.missing.end());
    }
  } else {
    dst.number.insert(dst.number.end(), src.number.begin(), src.number.end());
    if (dst.type == ColumnType::kInt && src.type != ColumnType::kInt) dst.type = src.type;
  }
}

ColumnTable Concatenate(std::vector<ColumnTable>& files, bool& target_is_float, std::vector<size_t>& file_starts) {
  ColumnTable all;
  target_is_float = false;
  size_t total = 0;
  std::unordered_map<std::string, size_t> total_chars;  // per text column, to reserve once
  for (const ColumnTable& file : files) {
    total += file.rows;
    for (const TableColumn& col : file.columns)
      if (col.is_text()) total_chars[col.name] += col.text.chars().size();
  }
  for (ColumnTable& file : files) {
    if (files.size() == 1) {  // one file: its columns as they are (no copy)
      const int sl = file.Find("SL");
      if (sl >= 0) {
        if (file.Find("StopLoss") >= 0) file.columns.erase(file.columns.begin() + sl);
        else file.columns[sl].name = "StopLoss";
      }
      const int target = file.Find("Target");
      target_is_float = target >= 0 && file.columns[target].type != ColumnType::kInt;
      file_starts.push_back(0);
      return std::move(file);
    }
    // A column named SL becomes StopLoss, or is dropped beside a StopLoss (§2.1).
    const int sl = file.Find("SL");
    if (sl >= 0) {
      if (file.Find("StopLoss") >= 0) file.columns.erase(file.columns.begin() + sl);
      else file.columns[sl].name = "StopLoss";
    }
    const int target = file.Find("Target");
    if (target >= 0 && file.columns[target].type != ColumnType::kInt) target_is_float = true;
    file_starts.push_back(all.rows);
    std::vector<bool> seen(all.columns.size(), false);
    for (TableColumn& col : file.columns) {
      int at = all.Find(col.name);
      if (at < 0) {
        TableColumn fresh;
        fresh.name = col.name;
        fresh.type = col.type;
        if (fresh.is_text()) {
          fresh.text.reserve(total);
          fresh.text.reserve_chars(total_chars[col.name]);
        } else {
          fresh.number.reserve(total);
        }
        AppendMissing(fresh, all.rows);
        if (all.rows && fresh.type == ColumnType::kInt) fresh.type = ColumnType::kFloat;
        all.columns.push_back(std::move(fresh));
        seen.push_back(false);
        at = static_cast<int>(all.columns.size()) - 1;
      }
      AppendColumn(all.columns[at], col);
      seen[at] = true;
    }
    for (size_t c = 0; c < all.columns.size(); ++c)
      if (!seen[c]) AppendMissing(all.columns[c], file.rows);
    all.rows += file.rows;
    file = ColumnTable{};
  }
  return all;
}

bool ValidStreamId(const std::string& s) {
  // ^[A-Z]{2,3}[12]$
  if (s.size() < 3 || s.size() > 4) return false;
  for (size_t i = 0; i + 1 < s.size(); ++i)
    if (s[i] < 'A' || s[i] > 'Z') return false;
  return s.back() == '1' || s.back() == '2';
}

std::string UpperStrip(std::string_view s) {
  size_t b = 0, e = s.size();
  while (b < e && std::isspace(static_cast<unsigned char>(s[b]))) ++b;
  while (e > b && std::isspace(static_cast<unsigned char>(s[e - 1]))) --e;
  std::string out(s.substr(b, e - b));
  for (char& c : out) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  return out;
}

// The rank of each cell's text among the column's distinct texts (code-point order).
std::vector<uint32_t> TextRanks(const TableColumn& col) {
  std::unordered_map<std::string_view, uint32_t> ids;
  std::vector<uint32_t> id_of(col.text.size());
  std::vector<std::string_view> distinct;
  std::string_view last;
  uint32_t last_id = 0;
  for (size_t r = 0; r < col.text.size(); ++r) {
    const std::string_view v = col.text[r];
    if (r > 0 && v == last) {
      id_of[r] = last_id;
      continue;
    }
    auto [it, fresh] = ids.emplace(v, static_cast<uint32_t>(distinct.size()));
    if (fresh) distinct.push_back(v);
    id_of[r] = last_id = it->second;
    last = v;
  }
  std::vector<uint32_t> order(distinct.size());
  for (uint32_t i = 0; i < order.size(); ++i) order[i] = i;
  std::sort(order.begin(), order.end(), [&](uint32_t a, uint32_t b) { return distinct[a] < distinct[b]; });
  std::vector<uint32_t> rank(distinct.size());
  for (uint32_t i = 0; i < order.size(); ++i) rank[order[i]] = i;
  for (uint32_t& v : id_of) v = rank[v];
  return id_of;
}

}  // namespace

Consolidated Consolidate(std::vector<ColumnTable> files, const std::vector<std::string>& names,
                         Diagnostics& diagnostics) {
  for (size_t f = 0; f < files.size(); ++f)
    for (const char* required : {"Date", "Time", "Result", "Instrument", "Session"})
      if (files[f].Find(required) < 0) ThrowBadInput(names[f] + ": no column " + required);
  Consolidated c;
  std::vector<size_t> starts;
  c.table = Concatenate(files, c.target_is_float, starts);
  ColumnTable& t = c.table;
  auto where = [&](size_t row) {
    const size_t f = static_cast<size_t>(std::upper_bound(starts.begin(), starts.end(), row) - starts.begin()) - 1;
    return names[f] + ": row " + std::to_string(row - starts[f] + 1);
  };
  if (const int d = t.Find("Date"); d >= 0 && t.columns[d].type != ColumnType::kDate) ToText(t.columns[d]);
  for (const char* text_col : {"Time", "Result", "Instrument", "Session", "Stream", "EntryTime", "ExitTime"}) {
    const int i = t.Find(text_col);
    if (i >= 0) ToText(t.columns[i]);
  }
  if (t.Find("Stream") < 0) {
    TableColumn s;
    s.name = "Stream";
    s.type = ColumnType::kText;
    s.text.reserve(t.rows);
    for (size_t r = 0; r < t.rows; ++r) s.text.push_back("");
    t.columns.push_back(std::move(s));
  }
  c.col_time = t.Find("Time");
  c.col_result = t.Find("Result");
  c.col_stream = t.Find("Stream");
  c.col_instrument = t.Find("Instrument");
  c.col_session = t.Find("Session");
  c.col_target = t.Find("Target");
  c.col_range = t.Find("Range");
  c.col_profit = t.Find("Profit");
  c.col_entry_time = t.Find("EntryTime");
  c.col_exit_time = t.Find("ExitTime");
  c.col_scf_s1 = t.Find("scf_s1");
  c.col_scf_s2 = t.Find("scf_s2");
  for (int* num : {&c.col_target, &c.col_range, &c.col_profit, &c.col_scf_s1, &c.col_scf_s2})
    if (*num >= 0 && t.columns[*num].is_text()) ThrowBadInput("result column " + t.columns[*num].name + " is not numeric");

  const TableColumn& date_col = t.columns[t.Find("Date")];
  const TableColumn& time_col = t.columns[c.col_time];
  const TableColumn& inst_col = t.columns[c.col_instrument];
  const TableColumn& sess_col = t.columns[c.col_session];
  const TableColumn& stream_col = t.columns[c.col_stream];
  c.dates.resize(t.rows);
  c.slots.resize(t.rows);
  std::unordered_map<std::string_view, int8_t> slot_of;  // norm(Time) slot per distinct raw text
  for (size_t r = 0; r < t.rows; ++r) {
    if (date_col.type == ColumnType::kDate) {
      if (date_col.number[r] != date_col.number[r]) ThrowBadInput(where(r) + ", column Date: missing");
      c.dates[r] = static_cast<int32_t>(date_col.number[r]);
    } else if (!ParseIsoDate(date_col.text[r], c.dates[r]))
      ThrowBadInput(where(r) + ", column Date: cannot parse date '" + std::string(date_col.text[r]) + "'");
    const std::string_view time = time_col.text[r];
    auto it = slot_of.find(time);
    if (it == slot_of.end()) it = slot_of.emplace(time, static_cast<int8_t>(SlotIndex(NormTime(time)))).first;
    c.slots[r] = it->second;
  }

  // Ranks of the raw Time and Stream texts, so the §2.3/§2.4 sorts compare integers
  // (the order of the ranks is the code-point order of the texts).
  const std::vector<uint32_t> time_rank = TextRanks(time_col);
  const std::vector<uint32_t> stream_rank = TextRanks(stream_col);

  // §2.2: groups by raw Instrument text and Session; then by (I, Session).
  struct Group {
    std::string inst;
    int session;
    std::vector<std::string> spellings;
    std::vector<uint32_t> rows;
  };
  std::vector<Group> groups;
  std::map<std::pair<std::string, int>, size_t> group_of;  // (I, session) -> groups index
  size_t no_instrument = 0;
  std::string_view last_raw;
  bool have_last = false;
  int last_session = 0;
  long last_group = -1;
  for (size_t r = 0; r < t.rows; ++r) {
    const std::string_view sess = sess_col.text[r];
    int session = 0;
    if (sess == "S1") session = 1;
    else if (sess == "S2") session = 2;
    else ThrowBadInput(where(r) + ", column Session: '" + std::string(sess) + "' is not S1 or S2");
    if (sess_col.IsMissing(r)) ThrowBadInput(where(r) + ", column Session: missing");
    const std::string_view raw = inst_col.text[r];
    const bool missing = inst_col.IsMissing(r);
    if (!missing && have_last && session == last_session && raw == last_raw) {
      if (last_group < 0) ++no_instrument;
      else groups[last_group].rows.push_back(static_cast<uint32_t>(r));
      continue;
    }
    const std::string inst = missing ? std::string() : UpperStrip(raw);
    have_last = !missing;
    last_raw = raw;
    last_session = session;
    if (inst.empty()) {
      ++no_instrument;
      last_group = -1;
      continue;
    }
    auto [it, fresh] = group_of.emplace(std::make_pair(inst, session), groups.size());
    if (fresh) groups.push_back(Group{inst, session, {}, {}});
    Group& g = groups[it->second];
    if (std::find(g.spellings.begin(), g.spellings.end(), raw) == g.spellings.end()) g.spellings.emplace_back(raw);
    g.rows.push_back(static_cast<uint32_t>(r));
    last_group = static_cast<long>(it->second);
  }
  if (no_instrument) diagnostics.Warn(std::to_string(no_instrument) + " result rows without an Instrument dropped");

  for (Group& g : groups) {
    const std::string id = g.inst + (g.session == 1 ? "1" : "2");
    std::vector<uint32_t>& rows = g.rows;
    if (g.spellings.size() > 1) {
      std::string list;
      for (const std::string& sp : g.spellings) list += (list.empty() ? "'" : ", '") + sp + "'";
      diagnostics.Warn("stream " + id + " dropped: its Instrument is spelled " + list +
                       " (KI-M27: the reference drops every row of the stream)");
      continue;
    }
    if (!ValidStreamId(id)) {
      diagnostics.Warn("stream " + id + " dropped: its id does not match ^[A-Z]{2,3}[12]$ (KI-M19)");
      continue;
    }
    // §2.3: the last row of each (Date, Time, Stream) key wins (Session and
    // Instrument are the group's); §2.4: stable order by (Date, Time text).
    std::sort(rows.begin(), rows.end(), [&](uint32_t a, uint32_t b) {
      if (c.dates[a] != c.dates[b]) return c.dates[a] < c.dates[b];
      if (time_rank[a] != time_rank[b]) return time_rank[a] < time_rank[b];
      if (stream_rank[a] != stream_rank[b]) return stream_rank[a] < stream_rank[b];
      return a < b;
    });
    std::vector<uint32_t> kept;
    kept.reserve(rows.size());
    bool resort = false;
    for (size_t i = 0; i < rows.size(); ++i) {
      const uint32_t a = rows[i];
      if (i + 1 < rows.size()) {
        const uint32_t b = rows[i + 1];
        if (c.dates[a] == c.dates[b] && time_rank[a] == time_rank[b]) {
          if (stream_rank[a] == stream_rank[b]) continue;
          resort = true;  // same (Date, Time) under different Stream texts: input order decides (KI-M22)
        }
      }
      kept.push_back(a);
    }
    if (resort)
      std::sort(kept.begin(), kept.end(), [&](uint32_t a, uint32_t b) {
        if (c.dates[a] != c.dates[b]) return c.dates[a] < c.dates[b];
        if (time_rank[a] != time_rank[b]) return time_rank[a] < time_rank[b];
        return a < b;
      });
    StreamRows sr;
    sr.id = id;
    sr.session = g.session;
    sr.rows = std::move(kept);
    c.streams.push_back(std::move(sr));
  }
  std::sort(c.streams.begin(), c.streams.end(), [](const StreamRows& a, const StreamRows& b) { return a.id < b.id; });
  return c;
}

}  // namespace orbit::selection
