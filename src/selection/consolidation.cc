#include "selection/consolidation.h"

#include <algorithm>
#include <cctype>
#include <deque>
#include <future>
#include <limits>
#include <map>
#include <string_view>
#include <unordered_map>

#include "core/error.h"
#include "core/py_float.h"
#include "selection/civil_date.h"
#include "selection/master_matrix.h"
#include "selection/slots.h"
#include "selection/stream_filters.h"

namespace orbit::selection {

void Diagnostics::Warn(const std::string& message) {
  if (strict) ThrowBadInput(message + " (--strict)");
  warnings.push_back(message);
}

ResultKind ResultKindOf(std::string_view text) {
  size_t b = 0, e = text.size();
  while (b < e && std::isspace(static_cast<unsigned char>(text[b]))) ++b;
  while (e > b && std::isspace(static_cast<unsigned char>(text[e - 1]))) --e;
  std::string up;
  for (size_t i = b; i < e; ++i) up += static_cast<char>(std::toupper(static_cast<unsigned char>(text[i])));
  if (up == "WIN") return ResultKind::kWin;
  if (up == "LOSS") return ResultKind::kLoss;
  if (up == "BE" || up == "BREAKEVEN") return ResultKind::kBe;
  if (up == "TIME") return ResultKind::kTime;
  if (up == "NOTRADE") return ResultKind::kNoTrade;
  return ResultKind::kOther;
}

namespace {

// A numeric cell as the concatenation's text (pandas' str of the value).
void FormatNumber(double v, ColumnType as, std::string& out) {
  out.clear();
  if (v != v) return;
  if (as == ColumnType::kInt) out = std::to_string(static_cast<int64_t>(v));
  else if (as == ColumnType::kDate) AppendIsoDate(out, static_cast<int32_t>(v));
  else AppendPyFloat(out, v);
}

}  // namespace

std::string_view Consolidated::Text(int c, RowRef r, std::string& scratch) const {
  const TableColumn* part = Part(c, r.file);
  if (!part) return {};
  if (part->is_text()) return part->IsMissing(r.row) ? std::string_view() : part->text[r.row];
  FormatNumber(part->number[r.row], columns[c].text_as[r.file], scratch);
  return scratch;
}

namespace {

// §2.1's concatenation without copying: the columns, their parts and types.
// Mirrors pandas' concat (see consolidation.h); `make_text` are the columns
// the selection layer reads as text whatever their storage.
std::vector<SourceColumn> UnifyColumns(std::vector<ColumnTable>& files, bool& target_is_float) {
  std::vector<SourceColumn> columns;
  std::vector<std::vector<uint32_t>> pending(0);  // per column: files with numeric parts not yet given a text form
  std::unordered_map<std::string, size_t> index;
  size_t rows_before = 0;
  target_is_float = false;
  for (size_t f = 0; f < files.size(); ++f) {
    ColumnTable& file = files[f];
    // A column named SL becomes StopLoss, or is dropped beside a StopLoss (§2.1).
    const int sl = file.Find("SL");
    if (sl >= 0) {
      if (file.Find("StopLoss") >= 0) file.columns.erase(file.columns.begin() + sl);
      else file.columns[sl].name = "StopLoss";
    }
    const int target = file.Find("Target");
    if (target >= 0 && file.columns[target].type != ColumnType::kInt) target_is_float = true;
    std::vector<bool> seen(columns.size(), false);
    for (size_t k = 0; k < file.columns.size(); ++k) {
      const TableColumn& col = file.columns[k];
      auto [it, fresh] = index.emplace(col.name, columns.size());
      if (fresh) {
        SourceColumn s;
        s.name = col.name;
        s.type = col.type;
        if (rows_before && s.type == ColumnType::kInt) s.type = ColumnType::kFloat;  // missing cells before
        s.part.assign(files.size(), -1);
        s.text_as.assign(files.size(), ColumnType::kText);
        columns.push_back(std::move(s));
        pending.emplace_back();
        seen.push_back(false);
      }
      const size_t c = it->second;
      SourceColumn& s = columns[c];
      if (seen[c]) continue;  // a duplicate name within one file: the first is the column
      seen[c] = true;
      s.part[f] = static_cast<int>(k);
      const bool text = s.type == ColumnType::kText;
      if (!fresh && text != col.is_text()) {
        if (!text) {  // the concatenation becomes text: earlier numbers read as its type so far
          for (uint32_t p : pending[c]) s.text_as[p] = s.type;
          pending[c].clear();
          s.type = ColumnType::kText;
        } else {
          s.text_as[f] = col.type;
        }
      } else if (!fresh && !text && s.type == ColumnType::kInt && col.type != ColumnType::kInt) {
        s.type = col.type;
      }
      if (!col.is_text() && s.type != ColumnType::kText) pending[c].push_back(static_cast<uint32_t>(f));
    }
    for (size_t c = 0; c < columns.size(); ++c)
      if (!seen[c] && file.rows && columns[c].type == ColumnType::kInt) columns[c].type = ColumnType::kFloat;
    rows_before += file.rows;
  }
  // The columns read as text (§2): their numbers read as the concatenation's type.
  for (size_t c = 0; c < columns.size(); ++c) {
    SourceColumn& s = columns[c];
    static const char* const kText[] = {"Time", "Result", "Instrument", "Session", "Stream", "EntryTime", "ExitTime"};
    bool make_text = s.name == "Date" && s.type != ColumnType::kDate;
    for (const char* t : kText) make_text = make_text || s.name == t;
    if (!make_text || s.type == ColumnType::kText) continue;
    for (uint32_t p : pending[c]) s.text_as[p] = s.type;
    s.type = ColumnType::kText;
  }
  return columns;
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

// The distinct texts of a text column: an id per row (equal texts, equal
// ids; a missing cell has the id kMissing, whose text is ''). Coded parts
// are mapped once per dictionary entry.
struct TextIds {
  static constexpr uint32_t kMissing = 0;
  std::vector<uint32_t> id;              // per row
  std::vector<std::string_view> text;    // per id (text[kMissing] = '')
  std::deque<std::string> formatted;     // storage of numeric cells' texts

  // The rank of each id's text among the distinct texts (code-point order;
  // equal texts, equal ranks: '' of a missing cell ranks with a real '').
  std::vector<uint32_t> Ranks() const {
    std::vector<uint32_t> order(text.size());
    for (uint32_t i = 0; i < order.size(); ++i) order[i] = i;
    std::sort(order.begin(), order.end(), [&](uint32_t a, uint32_t b) { return text[a] < text[b]; });
    std::vector<uint32_t> rank(text.size());
    uint32_t r = 0;
    for (size_t i = 0; i < order.size(); ++i) {
      if (i && text[order[i]] != text[order[i - 1]]) ++r;
      rank[order[i]] = r;
    }
    return rank;
  }
};

TextIds IdsOf(const Consolidated& c, int col) {
  TextIds ids;
  ids.id.resize(c.rows());
  ids.text.push_back(std::string_view());
  std::unordered_map<std::string_view, uint32_t> intern;
  auto id_of = [&](std::string_view v) {
    auto [it, fresh] = intern.emplace(v, static_cast<uint32_t>(ids.text.size()));
    if (fresh) ids.text.push_back(v);
    return it->second;
  };
  std::string scratch;
  for (uint32_t f = 0; f < c.files.size(); ++f) {
    const TableColumn* part = c.Part(col, f);
    uint32_t* out = ids.id.data() + c.file_starts[f];
    const size_t n = c.files[f].rows;
    const bool has_missing = part && part->is_text() && !part->missing.empty();
    if (!part) {
      std::fill(out, out + n, TextIds::kMissing);
    } else if (!part->is_text()) {
      for (size_t r = 0; r < n; ++r) {
        const double v = part->number[r];
        if (v != v) {
          out[r] = TextIds::kMissing;
          continue;
        }
        FormatNumber(v, c.columns[col].text_as[f], scratch);
        auto found = intern.find(scratch);
        if (found != intern.end()) {
          out[r] = found->second;
        } else {
          ids.formatted.push_back(scratch);
          out[r] = id_of(ids.formatted.back());
        }
      }
    } else if (part->text.coded()) {
      const TextCells& dictionary = part->text.dictionary();
      std::vector<uint32_t> map(dictionary.size());
      for (size_t k = 0; k < dictionary.size(); ++k) map[k] = id_of(dictionary[k]);
      const std::vector<int32_t>& codes = part->text.codes();
      for (size_t r = 0; r < n; ++r) out[r] = map[static_cast<size_t>(codes[r])];
    } else {
      std::string_view last;
      uint32_t last_id = 0;
      for (size_t r = 0; r < n; ++r) {
        const std::string_view v = part->text[r];
        if (r == 0 || v != last) last_id = id_of(v), last = v;
        out[r] = last_id;
      }
    }
    if (has_missing)
      for (size_t r = 0; r < n; ++r)
        if (part->missing[r]) out[r] = TextIds::kMissing;
  }
  return ids;
}

}  // namespace

Consolidated Consolidate(std::vector<ColumnTable> files, const std::vector<std::string>& names,
                         Diagnostics& diagnostics) {
  for (size_t f = 0; f < files.size(); ++f)
    for (const char* required : {"Date", "Time", "Result", "Instrument", "Session"})
      if (files[f].Find(required) < 0) ThrowBadInput(names[f] + ": no column " + required);
  Consolidated c;
  c.files = std::move(files);
  size_t total = 0;
  for (const ColumnTable& f : c.files) {
    c.file_starts.push_back(static_cast<uint32_t>(total));
    total += f.rows;
  }
  if (total > UINT32_MAX) ThrowBadInput("the result files hold more than 4,294,967,295 rows");
  c.columns = UnifyColumns(c.files, c.target_is_float);
  if (c.Find("Stream") < 0) {  // no file has one: every Stream text is ''
    SourceColumn s;
    s.name = "Stream";
    s.type = ColumnType::kText;
    s.part.assign(c.files.size(), -1);
    s.text_as.assign(c.files.size(), ColumnType::kText);
    c.columns.push_back(std::move(s));
  }
  c.col_time = c.Find("Time");
  c.col_result = c.Find("Result");
  c.col_stream = c.Find("Stream");
  c.col_instrument = c.Find("Instrument");
  c.col_session = c.Find("Session");
  c.col_target = c.Find("Target");
  c.col_range = c.Find("Range");
  c.col_profit = c.Find("Profit");
  c.col_entry_time = c.Find("EntryTime");
  c.col_exit_time = c.Find("ExitTime");
  c.col_scf_s1 = c.Find("scf_s1");
  c.col_scf_s2 = c.Find("scf_s2");
  for (int* num : {&c.col_target, &c.col_range, &c.col_profit, &c.col_scf_s1, &c.col_scf_s2})
    if (*num >= 0 && c.columns[*num].type == ColumnType::kText)
      ThrowBadInput("result column " + c.columns[*num].name + " is not numeric");
  auto where = [&](uint32_t f, size_t row) { return names[f] + ": row " + std::to_string(row + 1); };

  // Dates.
  const int col_date = c.Find("Date");
  c.dates.resize(total);
  std::string scratch;
  for (uint32_t f = 0; f < c.files.size(); ++f) {
    const TableColumn& part = *c.Part(col_date, f);
    int32_t* out = c.dates.data() + c.file_starts[f];
    const size_t n = c.files[f].rows;
    if (part.type == ColumnType::kDate) {
      for (size_t r = 0; r < n; ++r) {
        if (part.number[r] != part.number[r]) ThrowBadInput(where(f, r) + ", column Date: missing");
        out[r] = static_cast<int32_t>(part.number[r]);
      }
      continue;
    }
    std::string_view last;
    int32_t last_day = 0;
    for (size_t r = 0; r < n; ++r) {
      const std::string_view text = c.Text(col_date, RowRef{f, static_cast<uint32_t>(r)}, scratch);
      if (r > 0 && part.is_text() && text == last) {
        out[r] = last_day;
        continue;
      }
      if (!ParseIsoDate(text, out[r]))
        ThrowBadInput(where(f, r) + ", column Date: cannot parse date '" + std::string(text) + "'");
      last = part.is_text() ? text : std::string_view();
      last_day = out[r];
    }
  }

  // Slots of norm(Time), scores of Result; ranks of the raw Time and Stream
  // texts, so the §2.3/§2.4 sorts compare integers.
  // The five key columns' texts, two on a second thread.
  std::future<std::pair<TextIds, TextIds>> time_and_stream =
      std::async(std::launch::async, [&] { return std::make_pair(IdsOf(c, c.col_time), IdsOf(c, c.col_stream)); });
  const TextIds result_ids = IdsOf(c, c.col_result);
  const TextIds inst_ids = IdsOf(c, c.col_instrument);
  const TextIds sess_ids = IdsOf(c, c.col_session);
  const std::pair<TextIds, TextIds> time_and_stream_ids = time_and_stream.get();
  const TextIds& time_ids = time_and_stream_ids.first;  // (not a structured binding: lambdas capture these)
  const TextIds& stream_ids = time_and_stream_ids.second;
  {
    std::vector<int8_t> slot_of(time_ids.text.size()), score_of(result_ids.text.size());
    std::vector<ResultKind> kind_of(result_ids.text.size());
    for (size_t i = 0; i < slot_of.size(); ++i) slot_of[i] = static_cast<int8_t>(SlotIndex(NormTime(time_ids.text[i])));
    for (size_t i = 0; i < score_of.size(); ++i) {
      score_of[i] = static_cast<int8_t>(ScoreResult(result_ids.text[i]));
      kind_of[i] = ResultKindOf(result_ids.text[i]);
    }
    c.slots.resize(total);
    c.scores.resize(total);
    c.kinds.resize(total);
    for (size_t r = 0; r < total; ++r) {
      c.slots[r] = slot_of[time_ids.id[r]];
      c.scores[r] = score_of[result_ids.id[r]];
      c.kinds[r] = kind_of[result_ids.id[r]];
    }
  }
  std::vector<uint32_t> time_rank = time_ids.Ranks(), stream_rank = stream_ids.Ranks();
  auto time_key = [&](uint32_t row) { return time_rank[time_ids.id[row]]; };
  auto stream_key = [&](uint32_t row) { return stream_rank[stream_ids.id[row]]; };

  // §2.2: groups by raw Instrument text and Session; then by (I, Session).
  std::vector<int> session_of(sess_ids.text.size(), 0);
  for (size_t i = 0; i < session_of.size(); ++i)
    session_of[i] = i == TextIds::kMissing ? 0 : sess_ids.text[i] == "S1" ? 1 : sess_ids.text[i] == "S2" ? 2 : 0;
  struct Group {
    std::string inst;
    int session;
    std::vector<uint32_t> spellings;  // Instrument text ids
    std::vector<uint32_t> rows;
  };
  std::vector<Group> groups;
  std::map<std::pair<std::string, int>, size_t> group_of;  // (I, session) -> groups index
  std::vector<std::string> inst_of(inst_ids.text.size());
  std::vector<bool> inst_done(inst_ids.text.size(), false);
  std::vector<long> group_of_id(inst_ids.text.size() * 3, -1);  // per (Instrument text, session): its group
  size_t no_instrument = 0;
  uint32_t last_inst = TextIds::kMissing;
  int last_session = 0;
  long last_group = -1;
  for (uint32_t f = 0; f < c.files.size(); ++f) {
    const size_t n = c.files[f].rows;
    for (size_t local = 0; local < n; ++local) {
      const uint32_t r = c.file_starts[f] + static_cast<uint32_t>(local);
      const int session = session_of[sess_ids.id[r]];
      if (session == 0)
        ThrowBadInput(where(f, local) + ", column Session: '" + std::string(sess_ids.text[sess_ids.id[r]]) +
                      "' is not S1 or S2");
      const uint32_t inst = inst_ids.id[r];
      if (inst != TextIds::kMissing && inst == last_inst && session == last_session) {
        if (last_group < 0) ++no_instrument;
        else groups[last_group].rows.push_back(r);
        continue;
      }
      last_inst = inst;
      last_session = session;
      if (inst != TextIds::kMissing && !inst_done[inst]) {
        inst_of[inst] = UpperStrip(inst_ids.text[inst]);
        inst_done[inst] = true;
      }
      if (inst == TextIds::kMissing || inst_of[inst].empty()) {
        ++no_instrument;
        last_group = -1;
        continue;
      }
      long& known = group_of_id[inst * 3 + static_cast<uint32_t>(session)];
      if (known < 0) {  // first row of this spelling and session: find or open the (I, session) group
        auto [it, fresh] = group_of.emplace(std::make_pair(inst_of[inst], session), groups.size());
        if (fresh) groups.push_back(Group{inst_of[inst], session, {}, {}});
        known = static_cast<long>(it->second);
      }
      Group& g = groups[static_cast<size_t>(known)];
      if (std::find(g.spellings.begin(), g.spellings.end(), inst) == g.spellings.end()) g.spellings.push_back(inst);
      g.rows.push_back(r);
      last_group = known;
    }
  }
  if (no_instrument) diagnostics.Warn(std::to_string(no_instrument) + " result rows without an Instrument dropped");

  for (Group& g : groups) {
    const std::string id = g.inst + (g.session == 1 ? "1" : "2");
    std::vector<uint32_t>& rows = g.rows;
    if (g.spellings.size() > 1) {
      std::string list;
      for (uint32_t sp : g.spellings) list += (list.empty() ? "'" : ", '") + std::string(inst_ids.text[sp]) + "'";
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
    auto before = [&](uint32_t a, uint32_t b) {
      if (c.dates[a] != c.dates[b]) return c.dates[a] < c.dates[b];
      const uint32_t ta = time_key(a), tb = time_key(b);
      if (ta != tb) return ta < tb;
      const uint32_t sa = stream_key(a), sb = stream_key(b);
      if (sa != sb) return sa < sb;
      return a < b;
    };
    if (!std::is_sorted(rows.begin(), rows.end(), before)) std::sort(rows.begin(), rows.end(), before);
    std::vector<uint32_t> kept;
    kept.reserve(rows.size());
    bool resort = false;
    for (size_t i = 0; i < rows.size(); ++i) {
      const uint32_t a = rows[i];
      if (i + 1 < rows.size()) {
        const uint32_t b = rows[i + 1];
        if (c.dates[a] == c.dates[b] && time_key(a) == time_key(b)) {
          if (stream_key(a) == stream_key(b)) continue;
          resort = true;  // same (Date, Time) under different Stream texts: input order decides (KI-M22)
        }
      }
      kept.push_back(a);
    }
    if (resort)
      std::sort(kept.begin(), kept.end(), [&](uint32_t a, uint32_t b) {
        if (c.dates[a] != c.dates[b]) return c.dates[a] < c.dates[b];
        if (time_key(a) != time_key(b)) return time_key(a) < time_key(b);
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
