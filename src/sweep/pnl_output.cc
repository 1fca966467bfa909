#include "sweep/pnl_output.h"

#include <arrow/api.h>
#include <unistd.h>

#include <algorithm>
#include <cstdint>
#include <cstdlib>
#include <map>

#include "core/civil_text.h"
#include "core/error.h"
#include "core/py_float.h"

namespace orbit::sweep {
namespace {

struct SpillRecord {
  int64_t combo;
  PnlDay day;
};

void Check(const arrow::Status& s, const std::string& what) {
  if (!s.ok()) throw Error(ErrorKind::kInternal, what + ": " + s.ToString());
}

constexpr size_t kChunkRecords = size_t{1} << 16;

std::string DateOf(int32_t day) { return DateText(cctz::civil_day(1970, 1, 1) + day); }

}  // namespace

PnlWriter::PnlWriter(std::filesystem::path file, bool csv) : file_(std::move(file)), csv_(csv) {}

PnlWriter::~PnlWriter() { RemoveSpills(); }

void PnlWriter::RemoveSpills() {
  for (Group& g : groups_) {
    for (Spill& sp : g.spills) {
      if (sp.file) std::fclose(sp.file);
      sp.file = nullptr;
      std::error_code ec;
      if (!sp.path.empty()) std::filesystem::remove(sp.path, ec);
    }
    g.spills.clear();
  }
}

PnlWriter::Spill& PnlWriter::SpillFor(const std::string& instrument, const std::string& group,
                                      const std::string& stream, const std::string& slot) {
  auto key = std::make_tuple(instrument, group, stream, slot);
  auto it = index_.find(key);
  if (it == index_.end()) {
    groups_.push_back(Group{instrument, group, stream, slot, {}});
    it = index_.emplace(std::move(key), groups_.size() - 1).first;
  }
  Group& g = groups_[it->second];
  if (g.spills.empty() || g.spills.back().segment != segment_) {
    std::string pattern =
        (file_.parent_path() / (".orbit-pnl-" + std::to_string(spill_count_++) + "-XXXXXX")).string();
    const int fd = ::mkstemp(pattern.data());
    if (fd < 0) ThrowIo("cannot create a temporary file beside " + file_.string());
    Spill sp;
    sp.segment = segment_;
    sp.path = pattern;
    sp.file = ::fdopen(fd, "w+b");
    if (!sp.file) {
      ::close(fd);
      std::filesystem::remove(sp.path);
      ThrowIo("cannot open " + pattern);
    }
    g.spills.push_back(std::move(sp));
  }
  return g.spills.back();
}

void PnlWriter::AppendDays(const std::string& instrument, const std::string& group, const std::string& stream,
                           const std::string& slot, size_t combo, const std::vector<PnlDay>& days) {
  Spill& sp = SpillFor(instrument, group, stream, slot);
  std::vector<SpillRecord> records;
  records.reserve(days.size());
  for (const PnlDay& d : days) records.push_back({static_cast<int64_t>(combo), d});
  if (!records.empty() && std::fwrite(records.data(), sizeof(SpillRecord), records.size(), sp.file) != records.size())
    ThrowIo("cannot write " + sp.path.string());
}

void PnlWriter::Append(const std::vector<SummaryRow>& rows) {
  for (const SummaryRow& r : rows) AppendDays(r.instrument, r.group, r.stream, r.slot, r.combo, r.pnl);
}

namespace {

// Sequential reader of one spill file with a one-record look-ahead.
class SpillCursor {
 public:
  explicit SpillCursor(std::FILE* file, const std::filesystem::path& path) : file_(file), path_(path) {
    if (std::fflush(file_) != 0 || std::fseek(file_, 0, SEEK_SET) != 0) ThrowIo("cannot read " + path_.string());
    Advance();
  }
  bool done() const { return done_; }
  const SpillRecord& head() const { return head_; }
  void Advance() {
    if (pos_ == n_) {
      n_ = std::fread(buffer_.data(), sizeof(SpillRecord), buffer_.size(), file_);
      pos_ = 0;
      if (n_ == 0) {
        if (std::ferror(file_)) ThrowIo("cannot read " + path_.string());
        done_ = true;
        return;
      }
    }
    head_ = buffer_[pos_++];
  }

 private:
  std::FILE* file_;
  std::filesystem::path path_;
  std::vector<SpillRecord> buffer_ = std::vector<SpillRecord>(4096);
  size_t n_ = 0, pos_ = 0;
  bool done_ = false;
  SpillRecord head_{};
};

}  // namespace

void PnlWriter::Close(const std::vector<std::pair<std::string, std::string>>* order) {
  const std::string w = "building the daily P&L";
  std::FILE* csv = nullptr;
  std::unique_ptr<TradesWriter> parquet;
  if (csv_) {
    csv = std::fopen(file_.c_str(), "wb");
    if (!csv) ThrowIo("cannot write " + file_.string());
    const std::string header = "instrument,group,stream,slot,combo,date,pnl_usd,trades\n";
    if (std::fwrite(header.data(), 1, header.size(), csv) != header.size()) ThrowIo("cannot write " + file_.string());
  } else {
    parquet = std::make_unique<TradesWriter>(file_);
  }
  std::vector<SpillRecord> chunk(kChunkRecords);
  bool wrote = false;
  auto write_chunk = [&](const Group& g, size_t n) {
    if (csv) {
      std::string text;
      const std::string key = g.instrument + "," + g.group + "," + g.stream + "," + g.slot + ",";
      for (size_t i = 0; i < n; ++i) {
        const SpillRecord& r = chunk[i];
        text += key + std::to_string(r.combo) + "," + DateOf(r.day.day) + "," + PyFloat(r.day.pnl_usd) + "," +
                std::to_string(r.day.trades) + "\n";
      }
      if (std::fwrite(text.data(), 1, text.size(), csv) != text.size()) ThrowIo("cannot write " + file_.string());
      return;
    }
    arrow::StringBuilder instrument, group, stream, slot;
    arrow::Int64Builder combo, trades;
    arrow::Date32Builder date;
    arrow::DoubleBuilder pnl;
    for (size_t i = 0; i < n; ++i) {
      const SpillRecord& r = chunk[i];
      Check(instrument.Append(g.instrument), w);
      Check(group.Append(g.group), w);
      Check(stream.Append(g.stream), w);
      Check(slot.Append(g.slot), w);
      Check(combo.Append(r.combo), w);
      Check(date.Append(r.day.day), w);
      Check(pnl.Append(r.day.pnl_usd), w);
      Check(trades.Append(r.day.trades), w);
    }
    arrow::FieldVector fields;
    arrow::ArrayVector arrays;
    auto add = [&](const char* name, arrow::ArrayBuilder& b) {
      std::shared_ptr<arrow::Array> a;
      Check(b.Finish(&a), w);
      fields.push_back(arrow::field(name, a->type()));
      arrays.push_back(a);
    };
    add("instrument", instrument);
    add("group", group);
    add("stream", stream);
    add("slot", slot);
    add("combo", combo);
    add("date", date);
    add("pnl_usd", pnl);
    add("trades", trades);
    parquet->Append(*arrow::Table::Make(arrow::schema(fields), arrays));
    wrote = true;
  };
  std::vector<size_t> group_order(groups_.size());
  for (size_t k = 0; k < group_order.size(); ++k) group_order[k] = k;
  if (order) {
    std::map<std::pair<std::string, std::string>, size_t> rank;
    for (size_t k = 0; k < order->size(); ++k) rank.emplace((*order)[k], k);
    auto rank_of = [&](size_t g) {
      const auto it = rank.find({groups_[g].instrument, groups_[g].group});
      return it == rank.end() ? order->size() : it->second;
    };
    std::stable_sort(group_order.begin(), group_order.end(), [&](size_t a, size_t b) { return rank_of(a) < rank_of(b); });
  }
  for (size_t gi : group_order) {
    const Group& g = groups_[gi];
    std::vector<SpillCursor> cursors;
    cursors.reserve(g.spills.size());
    for (const Spill& sp : g.spills) cursors.emplace_back(sp.file, sp.path);
    size_t n = 0;
    // Combo-major over the segments: each segment is in combo order and the
    // segments are in date order, so a combo's days come out ascending.
    for (;;) {
      int64_t combo = INT64_MAX;
      for (const SpillCursor& c : cursors)
        if (!c.done()) combo = std::min(combo, c.head().combo);
      if (combo == INT64_MAX) break;
      for (SpillCursor& c : cursors) {
        while (!c.done() && c.head().combo == combo) {
          chunk[n++] = c.head();
          c.Advance();
          if (n == chunk.size()) {
            write_chunk(g, n);
            n = 0;
          }
        }
      }
    }
    if (n > 0) write_chunk(g, n);
  }
  if (csv) {
    if (std::fclose(csv) != 0) ThrowIo("cannot write " + file_.string());
  } else {
    if (!wrote) {  // an empty file still has the schema
      static const Group kNone;
      write_chunk(kNone, 0);
    }
    parquet->Close();
  }
  RemoveSpills();
}

}  // namespace orbit::sweep
