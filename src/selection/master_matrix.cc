#include "selection/master_matrix.h"

#include <algorithm>
#include <cmath>
#include <cstring>

#include "core/error.h"
#include "core/parallel_for.h"
#include "selection/civil_date.h"

namespace orbit::selection {
namespace {

bool EqualsUpper(std::string_view s, const char* upper) {
  const size_t n = std::strlen(upper);
  if (s.size() != n) return false;
  for (size_t i = 0; i < n; ++i)
    if (std::toupper(static_cast<unsigned char>(s[i])) != upper[i]) return false;
  return true;
}

std::string Lower(std::string s) {
  for (char& c : s) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return s;
}

// Python's int() of a text: optional blanks and sign, decimal digits.
bool PyInt(const std::string& s, long& out) {
  size_t b = 0, e = s.size();
  while (b < e && std::isspace(static_cast<unsigned char>(s[b]))) ++b;
  while (e > b && std::isspace(static_cast<unsigned char>(s[e - 1]))) --e;
  if (b == e) return false;
  bool neg = false;
  if (s[b] == '+' || s[b] == '-') neg = s[b++] == '-';
  if (b == e) return false;
  long v = 0;
  for (size_t i = b; i < e; ++i) {
    if (s[i] == '_' && i > b && i + 1 < e) continue;
    if (s[i] < '0' || s[i] > '9') return false;
    v = v * 10 + (s[i] - '0');
  }
  out = neg ? -v : v;
  return true;
}

// The per-stream day filters of §5, resolved into weekday and day-of-month masks.
struct DayFilter {
  bool weekday[7] = {};
  bool month_day[32] = {};
  bool has_dow = false, has_dom = false;
  std::string dow_reason, dom_reason;
};

DayFilter ResolveDayFilter(const std::string& stream, const std::vector<FilterValue>& dow,
                           const std::vector<FilterValue>& dom, bool fix_values) {
  DayFilter f;
  f.has_dow = !dow.empty();
  f.has_dom = !dom.empty();
  std::string list;
  for (const FilterValue& v : dow) {
    if (!v.is_text && !fix_values)
      ThrowBadInput("stream filters: " + stream + ".exclude_days_of_week entry " + v.text +
                    " is a number, not a text (the reference's build fails on it, KI-M10; --fix KI-M10 reads it "
                    "as a weekday index)");
    const std::string low = Lower(v.text);
    list += (list.empty() ? "" : ",") + low;
    for (int d = 0; d < 7; ++d) {
      if (low == Lower(WeekdayName(d))) f.weekday[d] = true;
      if (fix_values && (v.is_text ? v.text == std::to_string(d) : v.number == d)) f.weekday[d] = true;
    }
  }
  f.dow_reason = "dow_filter(" + list + ")";
  list.clear();
  for (const FilterValue& v : dom) {
    list += (list.empty() ? "" : ",") + v.text;
    for (int d = 1; d <= 31; ++d) {
      if (!v.is_text && v.number == d) f.month_day[d] = true;
      long parsed = 0;
      if (fix_values && v.is_text && PyInt(v.text, parsed) && parsed == d) f.month_day[d] = true;
    }
  }
  f.dom_reason = "dom_filter(" + list + ")";
  return f;
}

// The rolling history of one slot: the last W scores and their sum.
struct Window {
  int8_t values[kRollingWindow] = {};
  int count = 0, head = 0, sum = 0;
  void Push(int v) {
    if (count == kRollingWindow) {
      sum -= values[head];
      values[head] = static_cast<int8_t>(v);
      head = (head + 1) % kRollingWindow;
    } else {
      values[(head + count) % kRollingWindow] = static_cast<int8_t>(v);
      ++count;
    }
    sum += v;
  }
  void Load(const std::vector<int>& h) {
    for (int v : h) Push(v);
  }
  std::vector<int> Values() const {
    std::vector<int> out;
    for (int i = 0; i < count; ++i) out.push_back(values[(head + i) % kRollingWindow]);
    return out;
  }
};

// One stream's sequencing (§3) after its set-up: the day loop, run for
// several streams in parallel, each into its own rows.
struct StreamJob {
  const std::vector<uint32_t>* rows = nullptr;
  size_t begin = 0;           // the first row after a resumed checkpoint
  uint32_t stream_index = 0;  // in Matrix::streams
  size_t state_index = 0;     // in Matrix::final_state.streams
  int session = 1, first = 0, end = 0, cur = 0;
  bool selectable[kSlotCount] = {};
  DayFilter day_filter;
  Window window[kSlotCount];
  double point_value = 50.0;
  size_t days = 0;             // its rows: one per data day after `begin`
  MatrixRow* out = nullptr;    // where they go (days rows of Matrix::rows)
  int32_t last_day = 0;        // out: the last data day
};

// The data days of rows[begin, end) (dates ascending).
size_t CountDays(const Consolidated& in, const std::vector<uint32_t>& rows, size_t begin) {
  size_t days = 0;
  for (size_t k = begin; k < rows.size(); ++k) days += k == begin || in.dates[rows[k]] != in.dates[rows[k - 1]];
  return days;
}

void Sequence(const Consolidated& in, bool sl_nonzero, StreamJob& job) {
  const std::vector<uint32_t>& r = *job.rows;
  const int first = job.first, end = job.end;
  int cur = job.cur;
  Window* window = job.window;
  MatrixRow* out = job.out;
  size_t i = job.begin;
  while (i < r.size()) {
    const int32_t day = in.dates[r[i]];
    int64_t first_row[kSlotCount] = {-1, -1, -1, -1, -1, -1, -1};
    size_t j = i;
    for (; j < r.size() && in.dates[r[j]] == day; ++j) {
      const int s = in.slots[r[j]];
      if (s >= first && s < end && first_row[s] < 0) first_row[s] = r[j];
    }
    MatrixRow row;
    row.stream = job.stream_index;
    row.date = day;
    row.slot = static_cast<int8_t>(cur);
    for (int t = first; t < end; ++t) {
      const int p = first_row[t] < 0 ? 0 : in.scores[first_row[t]];
      window[t].Push(p);
      row.points[t] = static_cast<int8_t>(p);
      row.rolling[t] = static_cast<int8_t>(window[t].sum);
    }
    if (first_row[cur] >= 0 && in.scores[first_row[cur]] == kLossScore) {
      int best = -1;
      for (int t = first; t < end; ++t)
        if (t != cur && job.selectable[t] && (best < 0 || window[t].sum > window[best].sum)) best = t;
      if (best >= 0 && window[best].sum > window[cur].sum) row.time_change = static_cast<int8_t>(best);
    }
    const int64_t sel = first_row[cur];
    row.source = sel;
    if (sel >= 0) {
      const RowRef ref = in.Ref(static_cast<uint32_t>(sel));
      if (sl_nonzero) {
        const double target = in.col_target >= 0 ? in.Number(in.col_target, ref) : std::nan("");
        double sl = 3.0 * target;
        const double range = in.col_range >= 0 ? in.Number(in.col_range, ref) : std::nan("");
        if (range > 0) sl = std::min(sl, range);
        row.sl = sl;
      }
      const double profit = in.col_profit >= 0 ? in.Number(in.col_profit, ref) : std::nan("");
      row.pd = profit == profit ? profit * job.point_value : 0.0;
      const int scf = job.session == 1 ? in.col_scf_s1 : in.col_scf_s2;
      if (scf >= 0 && in.Number(scf, ref) >= 0.5) row.reasons |= kReasonScf;
    }
    const int wd = WeekdayIndex(day);
    const unsigned mday = CivilFromDays(day).day;
    if (job.day_filter.has_dow && job.day_filter.weekday[wd]) row.reasons |= kReasonDow;
    if (job.day_filter.has_dom && job.day_filter.month_day[mday]) row.reasons |= kReasonDom;
    row.allowed = row.reasons == 0;
    *out++ = row;
    if (row.time_change >= 0) cur = row.time_change;
    job.last_day = day;
    i = j;
  }
  job.cur = cur;
}

}  // namespace

int ScoreResult(std::string_view result) {
  if (EqualsUpper(result, "WIN")) return 1;
  if (EqualsUpper(result, "LOSS")) return kLossScore;
  return 0;
}

double PointValue(std::string_view instrument, bool present, bool fixed) {
  if (!present) return 50.0;
  size_t b = 0, e = instrument.size();
  while (b < e && std::isspace(static_cast<unsigned char>(instrument[b]))) ++b;
  while (e > b && std::isspace(static_cast<unsigned char>(instrument[e - 1]))) --e;
  while (e > b && std::isdigit(static_cast<unsigned char>(instrument[e - 1]))) --e;
  char s[8] = {};
  if (e - b >= sizeof s) return 50.0;
  for (size_t i = b; i < e; ++i) s[i - b] = static_cast<char>(std::toupper(static_cast<unsigned char>(instrument[i])));
  struct Entry {
    const char* symbol;
    double value;
  };
  static const Entry kReference[] = {{"ES", 50},  {"MES", 5},     {"NQ", 10},  {"MNQ", 2},  {"YM", 5},
                                     {"MYM", 0.5}, {"RTY", 50}, {"CL", 1000}, {"NG", 10000}, {"GC", 100}};
  static const Entry kFixed[] = {{"NQ", 20}, {"MCL", 100}, {"MNG", 1000}, {"MGC", 10}, {"M2K", 5}};
  if (fixed)
    for (const Entry& e2 : kFixed)
      if (std::strcmp(s, e2.symbol) == 0) return e2.value;
  for (const Entry& e2 : kReference)
    if (std::strcmp(s, e2.symbol) == 0) return e2.value;
  return 50.0;
}

Matrix BuildMatrix(Consolidated input, MatrixOptions options, Diagnostics& diagnostics) {
  Matrix m;
  m.input = std::move(input);
  m.fixes = options.fixes;
  m.filters = std::move(options.filters);
  const Consolidated& in = m.input;
  std::vector<std::string> ids;
  for (const StreamRows& s : in.streams) ids.push_back(s.id);
  m.filters.AddMissing(ids);
  const SequencerState* resume = options.resume;
  if (resume) m.final_state.checkpoint_date = resume->checkpoint_date;

  const bool sl_nonzero = in.target_is_float || m.fixes.m05_sl_always;

  std::vector<StreamJob> jobs;
  // Streams: those with rows, and (resuming) those only the state has.
  size_t next_input = 0, next_state = 0;
  const size_t state_count = resume ? resume->streams.size() : 0;
  while (next_input < in.streams.size() || next_state < state_count) {
    const StreamRows* rows = nullptr;
    const StreamState* prior = nullptr;
    if (next_input < in.streams.size() &&
        (next_state >= state_count || in.streams[next_input].id <= resume->streams[next_state].id)) {
      rows = &in.streams[next_input++];
      if (next_state < state_count && resume->streams[next_state].id == rows->id) prior = &resume->streams[next_state++];
    } else {
      prior = &resume->streams[next_state++];
    }
    if (!rows) {  // carried over unchanged
      m.final_state.streams.push_back(*prior);
      continue;
    }
    const std::string& id = rows->id;
    const int session = prior ? prior->session : rows->session;
    const int first = SessionFirstSlot(session), end = SessionEndSlot(session);
    const std::vector<std::string> excluded = ExcludedSlots(m.filters, id);
    bool selectable[kSlotCount] = {};
    int first_selectable = -1;
    for (int t = first; t < end; ++t) {
      selectable[t] = !std::binary_search(excluded.begin(), excluded.end(), std::string(kSlotLabels[t]));
      if (selectable[t] && first_selectable < 0) first_selectable = t;
    }
    StreamState state;
    state.id = id;
    state.session = session;
    if (first_selectable < 0) {  // KI-M21
      diagnostics.Warn("stream " + id + " has every slot excluded and produces no matrix rows (KI-M21)");
      m.final_state.streams.push_back(std::move(state));
      continue;
    }
    const StreamFilter& own = m.filters.Get(id);
    std::vector<FilterValue> dow = own.days_of_week, dom = own.days_of_month;
    if (m.fixes.m09_master_days && id != "master") {
      const StreamFilter& master = m.filters.Get("master");
      dow.insert(dow.end(), master.days_of_week.begin(), master.days_of_week.end());
      dom.insert(dom.end(), master.days_of_month.begin(), master.days_of_month.end());
    }
    const DayFilter day_filter = ResolveDayFilter(id, dow, dom, m.fixes.m10_filter_values);

    StreamJob job;
    job.rows = &rows->rows;
    job.session = session;
    job.first = first;
    job.end = end;
    std::copy(std::begin(selectable), std::end(selectable), std::begin(job.selectable));
    job.cur = first_selectable;
    if (prior) {
      for (int t = first; t < end; ++t) job.window[t].Load(prior->history[t]);
      if (prior->current >= first && prior->current < end && selectable[prior->current]) job.cur = prior->current;
    }
    MatrixStream ms;
    ms.id = id;
    ms.session = session;
    if (!rows->rows.empty()) {
      std::string scratch;
      const RowRef first_ref = in.Ref(rows->rows.front());
      ms.point_value = PointValue(in.Text(in.col_instrument, first_ref, scratch),
                                  !in.IsMissing(in.col_instrument, first_ref), m.fixes.m07_point_values);
    }
    ms.dow_reason = day_filter.dow_reason;
    ms.dom_reason = day_filter.dom_reason;
    job.point_value = ms.point_value;
    job.day_filter = day_filter;
    job.stream_index = static_cast<uint32_t>(m.streams.size());
    m.streams.push_back(std::move(ms));

    const std::vector<uint32_t>& r = rows->rows;
    size_t skipped = 0;
    if (resume && resume->checkpoint_date != SequencerState::kNoDate)
      while (skipped < r.size() && in.dates[r[skipped]] <= resume->checkpoint_date) ++skipped;
    if (skipped)
      diagnostics.Warn("stream " + id + ": " + std::to_string(skipped) + " result rows on or before the checkpoint " +
                       FormatIsoDate(resume->checkpoint_date) + " ignored (--resume)");
    job.begin = skipped;
    job.days = CountDays(in, r, skipped);
    job.state_index = m.final_state.streams.size();
    m.final_state.streams.push_back(std::move(state));  // current and history filled after sequencing
    jobs.push_back(std::move(job));
  }

  // The day loops, two streams at a time, each into its slice of the rows
  // (§6 order); states and the checkpoint merged in stream order.
  size_t total = 0;
  for (const StreamJob& job : jobs) total += job.days;
  m.rows.resize(total);
  total = 0;
  for (StreamJob& job : jobs) {
    job.out = m.rows.data() + total;
    total += job.days;
  }
  ParallelFor(jobs.size(), HardwareThreads(), [&](size_t k, size_t) { Sequence(in, sl_nonzero, jobs[k]); });
  for (StreamJob& job : jobs) {
    if (job.days > 0) {
      m.session_has_rows[job.session] = true;
      if (job.last_day > m.final_state.checkpoint_date || m.final_state.checkpoint_date == SequencerState::kNoDate)
        m.final_state.checkpoint_date = job.last_day;
    }
    StreamState& state = m.final_state.streams[job.state_index];
    state.current = job.cur;
    for (int t = job.first; t < job.end; ++t) state.history[t] = job.window[t].Values();
  }
  return m;
}

}  // namespace orbit::selection
