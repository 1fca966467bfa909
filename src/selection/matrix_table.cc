#include "selection/matrix_table.h"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <limits>
#include <memory>
#include <unordered_map>

#include "core/error.h"
#include "core/parallel_for.h"
#include "core/py_float.h"
#include "selection/civil_date.h"
#include "selection/stream_filters.h"

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

// A coded text column under construction: a dictionary of distinct texts and
// a code (and missing flag) per row. The matrix's repeated texts (slot labels,
// stream ids, weekdays, the input's low-cardinality columns) cost a code each.
class CodedColumn {
 public:
  CodedColumn(std::string name, size_t rows) : dictionary_(std::make_shared<TextCells>()) {
    column_.name = std::move(name);
    column_.type = ColumnType::kText;
    codes_.reserve(rows);
  }
  int32_t Code(std::string_view text) {
    const auto found = index_.find(text);
    if (found != index_.end()) return found->second;
    const int32_t code = static_cast<int32_t>(dictionary_->size());
    index_.emplace(std::string(text), code);
    dictionary_->push_back(text);
    return code;
  }
  void Push(int32_t code, bool missing = false) {
    if (missing && column_.missing.empty()) column_.missing.assign(codes_.size(), 0);
    codes_.push_back(code);
    if (!column_.missing.empty()) column_.missing.push_back(missing ? 1 : 0);
  }
  TableColumn Finish() {
    column_.text = TextCells::Coded(std::move(dictionary_), std::move(codes_));
    return std::move(column_);
  }

 private:
  struct Hash {
    using is_transparent = void;
    size_t operator()(std::string_view s) const { return std::hash<std::string_view>()(s); }
  };
  TableColumn column_;
  std::shared_ptr<TextCells> dictionary_;
  std::vector<int32_t> codes_;
  std::unordered_map<std::string, int32_t, Hash, std::equal_to<>> index_;
};

// The selected input row of every matrix row (file = kStub for a NoTrade stub).
constexpr uint32_t kStub = UINT32_MAX;

// True when every part of text column `c` is coded (or absent) and the
// dictionaries together are small beside `rows`: a gather of codes.
bool CodedParts(const Consolidated& in, int c, size_t rows) {
  size_t entries = 0;
  for (uint32_t f = 0; f < in.files.size(); ++f) {
    const TableColumn* part = in.Part(c, f);
    if (!part) continue;
    if (!part->is_text() || !part->text.coded()) return false;
    entries += part->text.dictionary().size();
  }
  return entries * 4 <= rows + 64;
}

// What a stub (NoTrade) row holds in a gathered text column.
struct StubCell {
  std::string_view text;
  bool missing = true;
};

// Text column `c` of the selected rows, each text mapped by `derive`; a
// stub row gets `stub(i)`. With `keep_missing` a missing input cell (or an
// absent part) stays missing, else it reads as derive(''). Coded exactly
// when CodedParts(in, c, rows).
template <typename Derive, typename Stub>
TableColumn GatherText(const Consolidated& in, int c, const std::vector<RowRef>& refs, const std::string& name,
                       Derive derive, Stub stub, bool keep_missing) {
  const size_t n = refs.size();
  std::string scratch;
  if (CodedParts(in, c, n)) {
    CodedColumn out(name, n);
    std::vector<std::vector<int32_t>> map(in.files.size());
    const int32_t missing_code = keep_missing ? out.Code("") : out.Code(derive(std::string_view()));
    for (size_t i = 0; i < n; ++i) {
      const RowRef r = refs[i];
      if (r.file == kStub) {
        const StubCell cell = stub(i);
        out.Push(out.Code(cell.text), cell.missing);
        continue;
      }
      const TableColumn* part = in.Part(c, r.file);
      if (!part || part->IsMissing(r.row)) {
        out.Push(missing_code, keep_missing);
        continue;
      }
      std::vector<int32_t>& to = map[r.file];
      if (to.empty()) to.assign(part->text.dictionary().size(), -1);
      const int32_t code = part->text.codes()[r.row];
      if (to[code] < 0) to[code] = out.Code(derive(part->text.dictionary()[static_cast<size_t>(code)]));
      out.Push(to[code]);
    }
    return out.Finish();
  }
  TableColumn out = NewColumn(name, ColumnType::kText, n);
  for (size_t i = 0; i < n; ++i) {
    const RowRef r = refs[i];
    if (r.file == kStub) {
      const StubCell cell = stub(i);
      PushText(out, cell.text, cell.missing);
    } else if (in.IsMissing(c, r)) {
      if (keep_missing) PushText(out, "", true);
      else PushText(out, derive(std::string_view()));
    } else {
      PushText(out, derive(in.Text(c, r, scratch)));
    }
  }
  return out;
}

StubCell MissingStub(size_t) { return StubCell{}; }
StubCell EmptyStub(size_t) { return StubCell{std::string_view(), false}; }
std::string_view Same(std::string_view s) { return s; }

}  // namespace

struct MatrixColumns::Planned {
  std::string name;
  ColumnType type;
  bool coded;
  std::function<TableColumn()> build;
};

MatrixColumns::~MatrixColumns() = default;
size_t MatrixColumns::columns() const { return plan_.size(); }
const std::string& MatrixColumns::name(size_t i) const { return plan_[i].name; }
ColumnType MatrixColumns::type(size_t i) const { return plan_[i].type; }
bool MatrixColumns::coded(size_t i) const { return plan_[i].coded; }

TableColumn MatrixColumns::Build(size_t i) const {
  TableColumn c = plan_[i].build();
  if (c.type != plan_[i].type || (c.type == ColumnType::kText && c.text.coded() != plan_[i].coded))
    ThrowIo("matrix column " + c.name + " was built with another type than planned (a bug)");
  return c;
}

MatrixColumns::MatrixColumns(const Matrix& m) : m_(m) {
  const Consolidated& in = m.input;
  const size_t n = m.rows.size();
  rows_ = n;
  for (const SourceColumn& c : in.columns)
    if (InList(c.name, kComputed, std::size(kComputed)) || c.name.find(" Rolling") != std::string::npos ||
        c.name.find(" Points") != std::string::npos)
      ThrowBadInput("result column '" + c.name + "' carries the name of a column the matrix computes (not supported)");
  refs_.resize(n);
  for (size_t i = 0; i < n; ++i)
    refs_[i] = m.rows[i].source < 0 ? RowRef{kStub, 0} : in.Ref(static_cast<uint32_t>(m.rows[i].source));
  const std::vector<RowRef>& refs = refs_;
  const bool any_stub = std::any_of(refs.begin(), refs.end(), [](const RowRef& r) { return r.file == kStub; });
  const bool all_stub = std::all_of(refs.begin(), refs.end(), [](const RowRef& r) { return r.file == kStub; });
  auto add = [&](std::string name, ColumnType type, bool coded, std::function<TableColumn()> build) {
    plan_.push_back(Planned{std::move(name), type, coded, std::move(build)});
  };
  // A number column: value(i) per matrix row.
  auto add_numbers = [&](const std::string& name, ColumnType type, auto value) {
    add(name, type, false, [this, name, type, value]() {
      TableColumn c = NewColumn(name, type, rows_);
      c.number.resize(rows_);
      for (size_t i = 0; i < rows_; ++i) c.number[i] = value(i);
      return c;
    });
  };
  auto add_nan = [&](const std::string& name) { add_numbers(name, ColumnType::kFloat, [](size_t) { return kNaN; }); };
  // A column of labels: key_of(row) in [0, keys), label_of(key) its text.
  auto add_labels = [&](const std::string& name, size_t keys, auto key_of, auto label_of) {
    add(name, ColumnType::kText, true, [this, name, keys, key_of, label_of]() {
      CodedColumn c(name, rows_);
      std::vector<int32_t> code(keys, -1);
      for (const MatrixRow& r : m_.rows) {
        const size_t key = key_of(r);
        if (code[key] < 0) code[key] = c.Code(label_of(key));
        c.Push(code[key]);
      }
      return c.Finish();
    });
  };
  // An input column of the selected rows (stubs missing).
  auto add_copy = [&](int c, const std::string& name) {
    const SourceColumn& s = in.columns[c];
    if (s.type == ColumnType::kText) {
      add(name, ColumnType::kText, CodedParts(in, c, n),
          [this, c, name]() { return GatherText(m_.input, c, refs_, name, Same, MissingStub, true); });
      return;
    }
    const ColumnType type = s.type == ColumnType::kInt && any_stub ? ColumnType::kFloat : s.type;
    add(name, type, false, [this, c, name, type]() {
      const Consolidated& input = m_.input;
      TableColumn col = NewColumn(name, type, rows_);
      std::vector<const double*> numbers(input.files.size(), nullptr);
      for (uint32_t f = 0; f < input.files.size(); ++f)
        if (const TableColumn* part = input.Part(c, f)) numbers[f] = part->number.data();
      col.number.resize(rows_);
      for (size_t i = 0; i < rows_; ++i) {
        const RowRef r = refs_[i];
        col.number[i] = r.file == kStub || !numbers[r.file] ? kNaN : numbers[r.file][r.row];
      }
      return col;
    });
  };
  auto slot_of = [](const MatrixRow& r) { return static_cast<size_t>(r.slot); };
  auto slot_label = [](size_t slot) { return std::string_view(kSlotLabels[slot]); };
  auto date_of = [this](size_t i) { return static_cast<double>(m_.rows[i].date); };

  // 1. The analyzer columns.
  for (const char* name : kAnalyzerOrder) {
    const std::string col = name;
    const int at = in.Find(col);
    if (col == "Date") {
      add_numbers(col, ColumnType::kDate, date_of);
    } else if (col == "Time") {
      add_labels(col, kSlotCount, slot_of, slot_label);
    } else if (col == "Stream") {
      add_labels(col, m.streams.size(), [](const MatrixRow& r) { return static_cast<size_t>(r.stream); },
                 [this](size_t s) { return std::string_view(m_.streams[s].id); });
    } else if (col == "Result" || col == "Session") {
      add(col, ColumnType::kText, CodedParts(in, at, n), [this, at, col]() {
        return GatherText(m_.input, at, refs_, col, Same, [&](size_t i) {
          const int session = m_.streams[m_.rows[i].stream].session;
          return StubCell{col == "Result" ? "NoTrade" : session == 1 ? "S1" : "S2", false};
        }, true);
      });
    } else if (at >= 0) {
      add_copy(at, col);
    }
  }
  // 2. trade_date, Time_str, Date_normalized, actual_trade_time.
  add_numbers("trade_date", ColumnType::kDate, date_of);
  if (!all_stub) {
    add("Time_str", ColumnType::kText, CodedParts(in, in.col_time, n), [this]() {
      std::string norm;  // the last NormTime (each is consumed before the next)
      return GatherText(m_.input, m_.input.col_time, refs_, "Time_str", [&](std::string_view t) {
        norm = NormTime(t);
        return std::string_view(norm);
      }, MissingStub, /*keep_missing=*/false);
    });
    add_numbers("Date_normalized", ColumnType::kDate,
                [this](size_t i) { return refs_[i].file != kStub ? static_cast<double>(m_.rows[i].date) : kNaN; });
  }
  add("actual_trade_time", ColumnType::kText, CodedParts(in, in.col_time, n), [this]() {
    return GatherText(m_.input, m_.input.col_time, refs_, "actual_trade_time", Strip, EmptyStub, /*keep_missing=*/false);
  });
  // 3. Rolling and Points.
  for (int t = 0; t < kSlotCount; ++t) {
    const int session = SlotSession(t);
    if (!m.session_has_rows[session]) continue;
    const ColumnType type = m.session_has_rows[3 - session] ? ColumnType::kFloat : ColumnType::kInt;
    add_numbers(std::string(kSlotLabels[t]) + " Rolling", type, [this, t, session](size_t i) {
      const MatrixRow& r = m_.rows[i];
      return m_.streams[r.stream].session == session ? static_cast<double>(r.rolling[t]) : kNaN;
    });
    add_numbers(std::string(kSlotLabels[t]) + " Points", type, [this, t, session](size_t i) {
      const MatrixRow& r = m_.rows[i];
      return m_.streams[r.stream].session == session ? static_cast<double>(r.points[t]) : kNaN;
    });
  }
  // 4. SL, Time Change.
  add_numbers("SL", ColumnType::kFloat, [this](size_t i) { return m_.rows[i].sl; });
  add_labels("Time Change", kSlotCount + 1, [](const MatrixRow& r) { return static_cast<size_t>(r.time_change + 1); },
             [](size_t key) { return std::string_view(key ? kSlotLabels[key - 1] : ""); });
  // 5. The §4 columns.
  for (const char* name : kSchemaCarried) {
    const int at = in.Find(name);
    if (at >= 0) add_copy(at, name);
    else add_nan(name);
  }
  for (const auto& [name_c, col_index] : {std::pair<const char*, int>{"entry_time", in.col_entry_time},
                                          std::pair<const char*, int>{"exit_time", in.col_exit_time}}) {
    const std::string name = name_c;
    const int c = col_index;
    if (c < 0) {
      add_labels(name, 1, [](const MatrixRow&) { return size_t{0}; }, [](size_t) { return std::string_view(); });
    } else {
      add(name, ColumnType::kText, CodedParts(in, c, n), [this, c, name]() {
        return GatherText(m_.input, c, refs_, name, Same, EmptyStub, /*keep_missing=*/false);
      });
    }
  }
  add_nan("entry_price");
  add_nan("exit_price");
  auto profit = [this](size_t i) {
    const Consolidated& input = m_.input;
    return refs_[i].file != kStub && input.col_profit >= 0 ? input.Number(input.col_profit, refs_[i]) : kNaN;
  };
  add_numbers("R", ColumnType::kFloat, [this, profit](size_t i) {
    const Consolidated& input = m_.input;
    const double p = profit(i);
    const double tg = refs_[i].file != kStub && input.col_target >= 0 ? input.Number(input.col_target, refs_[i]) : kNaN;
    return tg == tg && tg != 0 ? p / tg : kNaN;
  });
  add_numbers("pnl", ColumnType::kFloat, profit);
  add_numbers("ProfitDollars", ColumnType::kFloat, [this](size_t i) { return m_.rows[i].pd; });
  add_numbers("rs_value", ColumnType::kInt, [this](size_t i) {
    const MatrixRow& r = m_.rows[i];
    return static_cast<double>(r.rolling[r.slot]);
  });
  add_numbers("points", ColumnType::kInt, [this](size_t i) {
    const MatrixRow& r = m_.rows[i];
    return static_cast<double>(r.points[r.slot]);
  });
  add_labels("selected_time", kSlotCount, slot_of, slot_label);
  add_labels("time_bucket", kSlotCount, slot_of, slot_label);
  // 6. Identity and filter columns.
  add_numbers("global_trade_id", ColumnType::kInt,
              [this](size_t i) { return static_cast<double>(m_.first_global_trade_id + static_cast<int64_t>(i)); });
  add_numbers("day_of_month", ColumnType::kInt, [this](size_t i) { return double(CivilFromDays(m_.rows[i].date).day); });
  auto weekday = [](const MatrixRow& r) { return static_cast<size_t>(WeekdayIndex(r.date)); };
  add_labels("dow", 7, weekday, [](size_t d) { return std::string_view(WeekdayShortName(static_cast<int>(d))); });
  add_labels("dow_full", 7, weekday, [](size_t d) { return std::string_view(WeekdayName(static_cast<int>(d))); });
  add_numbers("month", ColumnType::kInt, [this](size_t i) { return double(CivilFromDays(m_.rows[i].date).month); });
  add_numbers("session_index", ColumnType::kInt, [this](size_t i) {
    const MatrixRow& r = m_.rows[i];
    if (refs_[i].file == kStub) return m_.streams[r.stream].session == 1 ? 1.0 : 2.0;
    const Consolidated& input = m_.input;
    const TableColumn* part = input.Part(input.col_session, refs_[i].file);
    std::string scratch;
    const std::string_view text = part && part->is_text() && !part->IsMissing(refs_[i].row)
                                      ? part->text[refs_[i].row]
                                      : input.Text(input.col_session, refs_[i], scratch);
    return text == "S1" ? 1.0 : text == "S2" ? 2.0 : kNaN;
  });
  auto is_two = [this](size_t i) {
    const std::string& id = m_.streams[m_.rows[i].stream].id;
    return !id.empty() && id.back() == '2';
  };
  add_numbers("is_two_stream", ColumnType::kBool, [is_two](size_t i) { return is_two(i) ? 1.0 : 0.0; });
  add_numbers("dom_blocked", ColumnType::kBool, [this, is_two](size_t i) {
    const unsigned day = CivilFromDays(m_.rows[i].date).day;
    return is_two(i) && (day == 4 || day == 16 || day == 30) ? 1.0 : 0.0;
  });
  add("filter_reasons", ColumnType::kText, true, [this]() {
    CodedColumn fr("filter_reasons", rows_);
    std::vector<int32_t> reason_code(m_.streams.size() * 8, -1);  // per stream and reason bits
    std::string reasons;
    for (const MatrixRow& r : m_.rows) {
      const MatrixStream& s = m_.streams[r.stream];
      int32_t& code = reason_code[r.stream * 8 + (r.reasons & 7)];
      if (code < 0) {
        reasons.clear();
        if (r.reasons & kReasonScf) reasons += s.session == 1 ? "scf_s1_blocked(>=0.5)" : "scf_s2_blocked(>=0.5)";
        if (r.reasons & kReasonDow) reasons += (reasons.empty() ? "" : ", ") + s.dow_reason;
        if (r.reasons & kReasonDom) reasons += (reasons.empty() ? "" : ", ") + s.dom_reason;
        code = fr.Code(reasons);
      }
      fr.Push(code);
    }
    return fr.Finish();
  });
  add_numbers("final_allowed", ColumnType::kBool, [this](size_t i) { return m_.rows[i].allowed ? 1.0 : 0.0; });
  // 7. Extra input columns, by name.
  std::vector<int> extras;
  for (size_t c = 0; c < in.columns.size(); ++c)
    if (!InList(in.columns[c].name, kAnalyzerOrder, std::size(kAnalyzerOrder)) &&
        !InList(in.columns[c].name, kSchemaCarried, std::size(kSchemaCarried)))
      extras.push_back(static_cast<int>(c));
  std::sort(extras.begin(), extras.end(), [&](int a, int b) { return in.columns[a].name < in.columns[b].name; });
  for (int c : extras) add_copy(c, in.columns[c].name);
}

ColumnTable MatrixTable(const Matrix& m) { return MatrixTable(MatrixColumns(m)); }

ColumnTable MatrixTable(const MatrixColumns& columns) {
  ColumnTable out;
  out.rows = columns.rows();
  out.columns.resize(columns.columns());
  ParallelFor(out.columns.size(), HardwareThreads(), [&](size_t i, size_t) { out.columns[i] = columns.Build(i); });
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

namespace {

// Appends cells [r0, r1) of `col` in the canonical CSV form, recording where each ends.
void FormatCells(const TableColumn& col, const std::vector<std::string>& code_text, size_t r0, size_t r1,
                 std::string& text, std::vector<uint32_t>& ends) {
  for (size_t r = r0; r < r1; ++r) {
    switch (col.type) {
      case ColumnType::kText:
        if (col.IsMissing(r)) break;
        if (col.text.coded()) text += code_text[static_cast<size_t>(col.text.codes()[r])];
        else AppendCsvText(text, col.text[r]);
        break;
      case ColumnType::kDate:
        if (col.number[r] == col.number[r]) AppendIsoDate(text, static_cast<int32_t>(col.number[r]));
        break;
      case ColumnType::kBool:
        if (col.number[r] == col.number[r]) text += col.number[r] != 0 ? "True" : "False";
        break;
      default:
        AppendNumber(text, col.number[r]);
    }
    ends.push_back(static_cast<uint32_t>(text.size()));
  }
}

}  // namespace

std::string CsvText(const ColumnTable& table) {
  std::string out;
  out.reserve(table.rows * table.columns.size() * 6 + 1024);
  const size_t width = table.columns.size();
  for (size_t c = 0; c < width; ++c) {
    if (c) out += ',';
    AppendCsvText(out, table.columns[c].name);
  }
  out += '\n';
  // Rows in blocks: each column's cells of a block are formatted in one
  // sequential pass (the table is column-major; going row by row across 65
  // columns missed the cache on nearly every cell), then the block's lines
  // are assembled from the columns' texts.
  std::vector<std::vector<std::string>> code_text(width);  // a coded column's CSV text per code
  for (size_t c = 0; c < width; ++c) {
    const TableColumn& col = table.columns[c];
    if (col.type != ColumnType::kText || !col.text.coded()) continue;
    const TextCells& dictionary = col.text.dictionary();
    code_text[c].resize(dictionary.size());
    for (size_t k = 0; k < dictionary.size(); ++k) AppendCsvText(code_text[c][k], dictionary[k]);
  }
  // The rows in one part per thread (whole blocks), formatted in parallel and joined in order.
  constexpr size_t kBlock = 1024;
  const size_t blocks = (table.rows + kBlock - 1) / kBlock;
  const size_t parts = std::max<size_t>(1, std::min<size_t>(blocks, static_cast<size_t>(HardwareThreads())));
  std::vector<std::string> part_text(parts);
  ParallelFor(parts, static_cast<int>(parts), [&](size_t p, size_t) {
    std::string& lines = p == 0 ? out : part_text[p];
    if (p > 0) lines.reserve(table.rows * width * 6 / parts + 1024);
    std::vector<std::string> text(width);
    std::vector<std::vector<uint32_t>> ends(width);
    for (size_t b = blocks * p / parts; b < blocks * (p + 1) / parts; ++b) {
      const size_t r0 = b * kBlock, r1 = std::min(table.rows, r0 + kBlock);
      for (size_t c = 0; c < width; ++c) {
        text[c].clear();
        ends[c].clear();
        FormatCells(table.columns[c], code_text[c], r0, r1, text[c], ends[c]);
      }
      for (size_t i = 0; i < r1 - r0; ++i) {
        for (size_t c = 0; c < width; ++c) {
          if (c) lines += ',';
          const uint32_t begin = i ? ends[c][i - 1] : 0;
          lines.append(text[c], begin, ends[c][i] - begin);
        }
        lines += '\n';
      }
    }
  });
  for (size_t p = 1; p < parts; ++p) out += part_text[p];
  return out;
}

}  // namespace orbit::selection
