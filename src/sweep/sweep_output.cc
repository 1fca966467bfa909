#include "sweep/sweep_output.h"

#include <arrow/api.h>
#include <arrow/io/file.h>
#include <parquet/arrow/writer.h>
#include <parquet/properties.h>

#include <algorithm>
#include <cstdio>
#include <tuple>

#include "core/civil_text.h"
#include "core/error.h"
#include "core/py_float.h"
#include "report/money.h"
#include "report/trade_record.h"
#include "sink/result_writer.h"

namespace orbit::sweep {
namespace {

void Check(const arrow::Status& s, const std::string& what) {
  if (!s.ok()) throw Error(ErrorKind::kInternal, what + ": " + s.ToString());
}

std::string DayText(const std::optional<cctz::civil_day>& d) {
  if (!d) return "";
  return DateText(*d);
}

constexpr const char* kCountNames[] = {"Win", "BE", "Loss", "TIME", "OPEN", "NoTrade"};
constexpr strategy::Outcome kCountOutcomes[] = {strategy::Outcome::kWin,  strategy::Outcome::kBE,
                                                strategy::Outcome::kLoss, strategy::Outcome::kTime,
                                                strategy::Outcome::kOpen, strategy::Outcome::kNoTrade};

constexpr const char* kSummaryHeader =
    "combo,instrument,group,stream,slot,target,stop_cap,t1,be_offset,rows,trades,Win,BE,Loss,TIME,OPEN,NoTrade,"
    "win_rate_pct,points,usd,";
constexpr const char* kSummaryHeaderTail =
    "profit_factor,expectancy_usd,max_drawdown_usd,drawdown_start,drawdown_end,longest_losing_streak\n";

void AppendCsvRow(const SummaryRow& r, bool with_gross, std::string& csv) {
  const report::GroupStats& s = r.stats;
  csv += std::to_string(r.combo) + "," + r.instrument + "," + r.group + "," + r.stream + "," + r.slot + ",";
  for (double v : {r.target, r.stop_cap, r.t1}) csv += PyFloat(v) + ",";
  csv += std::to_string(r.be_offset) + "," + std::to_string(s.rows) + "," + std::to_string(s.trades) + ",";
  for (strategy::Outcome o : kCountOutcomes) csv += std::to_string(s.count(o)) + ",";
  csv += PyFloat(s.win_rate_pct) + "," + (s.points_valid ? PyFloat(s.total_points) : "") + ",";
  csv += PyFloat(s.net_usd) + ",";
  if (with_gross) csv += PyFloat(s.gross_usd) + ",";
  for (double v : {s.profit_factor, s.expectancy_usd, s.max_drawdown_usd}) csv += PyFloat(v) + ",";
  csv +=
      DayText(s.drawdown_start) + "," + DayText(s.drawdown_end) + "," + std::to_string(s.longest_losing_streak) + "\n";
}

// A group's trades summed per date; each trade's net is ComputeStats' (gross
// USD of its Profit less both sides' costs). REQUIRES: members in
// chronological order.
std::vector<PnlDay> DailyPnl(const std::vector<const report::TradeRecord*>& members,
                             const report::StatsOptions& options) {
  static const cctz::civil_day kEpoch(1970, 1, 1);
  std::vector<PnlDay> out;
  const InstrumentSpec* spec = nullptr;
  double point_value = 0;
  for (const report::TradeRecord* r : members) {
    if (!report::IsTrade(r->result)) continue;
    if (!spec || spec->symbol != r->instrument) {
      spec = &report::SpecFor(r->instrument);
      point_value = PointValueUsd(spec->symbol);
    }
    const double net = report::ProfitUsd(*r, *spec, point_value) - 2.0 * options.commission_per_side_usd;
    const auto day = static_cast<int32_t>(r->date - kEpoch);
    if (out.empty() || out.back().day != day) out.push_back({day, 0, 0.0});
    ++out.back().trades;
    out.back().pnl_usd += net;
  }
  return out;
}

}  // namespace

report::StatsOptions CostStatsOptions(const engine::CostModel& costs, const InstrumentSpec& instrument) {
  report::StatsOptions options;
  options.commission_per_side_usd =
      costs.commission_usd_per_side + costs.slippage_ticks_per_side * instrument.tick * costs.PointValue(instrument);
  return options;
}

SummaryBuilder::RowIdentity SummaryBuilder::IdentityOf(const strategy::TradeRow& row) {
  return {row.date, static_cast<int>(row.slot.session), row.slot.end.hhmm(), static_cast<int>(row.direction)};
}

void SummaryBuilder::Rebuild(const engine::ResultTable& table) {
  symbol_ = std::string(table.instrument.symbol);
  extended_ = table.extended.has_value();
  identity_.clear();
  for (const strategy::TradeRow& row : table.rows) identity_.push_back(IdentityOf(row));
  std::vector<report::TradeRecord> records = report::RecordsFromResultTable(table, report::RecordFields::kStatistics);
  // The statistics follow the rows chronologically (report::SortChronologically,
  // a stable sort); a result table is in that order already, so the sort only
  // runs when needed, and row_of_ remembers where each record came from.
  row_of_.resize(records.size());
  for (size_t k = 0; k < row_of_.size(); ++k) row_of_[k] = k;
  const auto chronological = [&](size_t a, size_t b) {
    return std::tie(records[a].date, records[a].time, records[a].stream) <
           std::tie(records[b].date, records[b].time, records[b].stream);
  };
  if (!std::is_sorted(row_of_.begin(), row_of_.end(), chronological))
    std::stable_sort(row_of_.begin(), row_of_.end(), chronological);
  records_.clear();
  records_.reserve(records.size());
  for (size_t k : row_of_) records_.push_back(std::move(records[k]));
  groups_ = report::GroupRecords(records_, by_);
}

std::vector<SummaryRow> SummaryBuilder::Rows(const Combination& c, const engine::ResultTable& table) {
  bool same = symbol_ == table.instrument.symbol && extended_ == table.extended.has_value() &&
              identity_.size() == table.rows.size();
  for (size_t i = 0; same && i < table.rows.size(); ++i) same = identity_[i] == IdentityOf(table.rows[i]);
  if (same) {
    for (size_t k = 0; k < records_.size(); ++k) report::SetExitFields(table, table.rows[row_of_[k]], records_[k]);
  } else {
    Rebuild(table);
  }
  std::vector<SummaryRow> out;
  out.reserve(groups_.size());
  for (const report::RecordGroup& g : groups_) {
    SummaryRow r;
    r.combo = c.id;
    r.instrument = symbol_;
    r.group = g.key;
    // A group is never empty; its records share the fields its key is made of.
    const report::TradeRecord& first = *g.members.front();
    if (by_ == report::Dimension::kStream || by_ == report::Dimension::kSlot) r.stream = first.stream;
    if (by_ == report::Dimension::kSlot) r.slot = first.time;
    r.target = table.instrument.target;
    r.stop_cap = c.stop_cap->value;
    r.t1 = c.t1->value;
    r.be_offset = static_cast<int>(c.be_offset->value);
    r.stats = report::ComputeStats(g.members, options_, g.key);
    if (daily_pnl_) r.pnl = DailyPnl(g.members, options_);
    out.push_back(std::move(r));
  }
  return out;
}

std::shared_ptr<arrow::Table> SummaryToArrow(const std::vector<SummaryRow>& rows, bool with_gross) {
  arrow::Int64Builder combo, be_offset, n_rows, trades, streak;
  std::vector<arrow::Int64Builder> counts(6);
  arrow::StringBuilder instrument, group, stream, slot, dd_start, dd_end;
  arrow::DoubleBuilder target, stop_cap, t1, win_rate, points, usd, gross, pf, expectancy, max_dd;
  const std::string w = "building the sweep summary";
  auto opt_string = [&](arrow::StringBuilder& b, const std::string& v) {
    Check(v.empty() ? b.AppendNull() : b.Append(v), w);
  };
  for (const SummaryRow& r : rows) {
    const report::GroupStats& s = r.stats;
    Check(combo.Append(static_cast<int64_t>(r.combo)), w);
    Check(instrument.Append(r.instrument), w);
    Check(group.Append(r.group), w);
    opt_string(stream, r.stream);
    opt_string(slot, r.slot);
    Check(target.Append(r.target), w);
    Check(stop_cap.Append(r.stop_cap), w);
    Check(t1.Append(r.t1), w);
    Check(be_offset.Append(r.be_offset), w);
    Check(n_rows.Append(static_cast<int64_t>(s.rows)), w);
    Check(trades.Append(static_cast<int64_t>(s.trades)), w);
    for (size_t k = 0; k < 6; ++k) Check(counts[k].Append(static_cast<int64_t>(s.count(kCountOutcomes[k]))), w);
    Check(win_rate.Append(s.win_rate_pct), w);
    Check(s.points_valid ? points.Append(s.total_points) : points.AppendNull(), w);
    Check(usd.Append(s.net_usd), w);
    if (with_gross) Check(gross.Append(s.gross_usd), w);
    Check(pf.Append(s.profit_factor), w);
    Check(expectancy.Append(s.expectancy_usd), w);
    Check(max_dd.Append(s.max_drawdown_usd), w);
    opt_string(dd_start, DayText(s.drawdown_start));
    opt_string(dd_end, DayText(s.drawdown_end));
    Check(streak.Append(static_cast<int64_t>(s.longest_losing_streak)), w);
  }
  arrow::FieldVector fields;
  arrow::ArrayVector arrays;
  auto add = [&](const std::string& name, arrow::ArrayBuilder& b) {
    std::shared_ptr<arrow::Array> a;
    Check(b.Finish(&a), w);
    fields.push_back(arrow::field(name, a->type()));
    arrays.push_back(a);
  };
  add("combo", combo);
  add("instrument", instrument);
  add("group", group);
  add("stream", stream);
  add("slot", slot);
  add("target", target);
  add("stop_cap", stop_cap);
  add("t1", t1);
  add("be_offset", be_offset);
  add("rows", n_rows);
  add("trades", trades);
  for (size_t k = 0; k < 6; ++k) add(kCountNames[k], counts[k]);
  add("win_rate_pct", win_rate);
  add("points", points);
  add("usd", usd);
  if (with_gross) add("gross_usd", gross);
  add("profit_factor", pf);
  add("expectancy_usd", expectancy);
  add("max_drawdown_usd", max_dd);
  add("drawdown_start", dd_start);
  add("drawdown_end", dd_end);
  add("longest_losing_streak", streak);
  return arrow::Table::Make(arrow::schema(fields), arrays);
}

SummaryWriter::SummaryWriter(std::filesystem::path file, bool csv, bool with_gross)
    : file_(std::move(file)), csv_(csv), with_gross_(with_gross) {}

SummaryWriter::~SummaryWriter() {
  if (csv_file_) std::fclose(csv_file_);
}

void SummaryWriter::Append(std::vector<SummaryRow>&& rows) {
  if (csv_) {
    std::string csv;
    if (!csv_file_) {
      csv_file_ = std::fopen(file_.c_str(), "wb");
      if (!csv_file_) ThrowIo("cannot write " + file_.string());
      csv = std::string(kSummaryHeader) + (with_gross_ ? "gross_usd," : "") + kSummaryHeaderTail;
    }
    for (const SummaryRow& r : rows) AppendCsvRow(r, with_gross_, csv);
    if (std::fwrite(csv.data(), 1, csv.size(), csv_file_) != csv.size()) ThrowIo("cannot write " + file_.string());
    return;
  }
  for (SummaryRow& r : rows) {
    pending_.push_back(std::move(r));
    if (pending_.size() >= (size_t{1} << 16)) FlushParquet();
  }
}

void SummaryWriter::FlushParquet() {
  if (!parquet_) parquet_ = std::make_unique<TradesWriter>(file_);
  if (pending_.empty() && wrote_) return;
  parquet_->Append(*SummaryToArrow(pending_, with_gross_));
  wrote_ = true;
  pending_.clear();
}

void SummaryWriter::Close() {
  if (csv_) {
    if (!csv_file_) Append({});
    const int rc = std::fclose(csv_file_);
    csv_file_ = nullptr;
    if (rc != 0) ThrowIo("cannot write " + file_.string());
    return;
  }
  FlushParquet();
  parquet_->Close();
}

void WriteSummary(const std::vector<SummaryRow>& rows, bool as_csv, const std::filesystem::path& file,
                  bool with_gross) {
  SummaryWriter writer(file, as_csv, with_gross);
  writer.Append(std::vector<SummaryRow>(rows));
  writer.Close();
}

std::shared_ptr<arrow::Table> MakeTradesBatch(const Combination& c, engine::ResultTable table,
                                              const calendar::TimeZone& zone) {
  table.target_is_int = false;
  table.profit_is_int = false;
  table.has_open_as_of_column = true;
  const std::shared_ptr<arrow::Table> result =
      sink::ResultToArrow(table, zone, table.date_as_date32 ? sink::DateColumn::kDate32 : sink::DateColumn::kTimestamp);
  const int64_t n = result->num_rows();
  const std::string w = "building the sweep trades";
  arrow::Int64Builder combo, be_offset;
  arrow::DoubleBuilder target, stop_cap, t1;
  for (int64_t i = 0; i < n; ++i) {
    Check(combo.Append(static_cast<int64_t>(c.id)), w);
    Check(target.Append(table.instrument.target), w);
    Check(stop_cap.Append(c.stop_cap->value), w);
    Check(t1.Append(c.t1->value), w);
    Check(be_offset.Append(static_cast<int64_t>(c.be_offset->value)), w);
  }
  arrow::FieldVector fields = result->schema()->fields();
  std::vector<std::shared_ptr<arrow::ChunkedArray>> columns = result->columns();
  auto add = [&](const char* name, arrow::ArrayBuilder& b) {
    std::shared_ptr<arrow::Array> a;
    Check(b.Finish(&a), w);
    fields.push_back(arrow::field(name, a->type()));
    columns.push_back(std::make_shared<arrow::ChunkedArray>(a));
  };
  add("combo", combo);
  add("target", target);
  add("stop_cap", stop_cap);
  add("t1", t1);
  add("be_offset", be_offset);
  return arrow::Table::Make(arrow::schema(fields), columns, n);
}

TradesWriter::TradesWriter(std::filesystem::path file) : file_(std::move(file)) {}

TradesWriter::~TradesWriter() {
  if (closed_) return;
  if (writer_) (void)writer_->Close();
  if (sink_) (void)sink_->Close();
}

void TradesWriter::Append(const arrow::Table& batch) {
  auto fail = [&](const arrow::Status& s) { ThrowIo("cannot write " + file_.string() + ": " + s.ToString()); };
  if (!writer_) {
    auto sink = arrow::io::FileOutputStream::Open(file_.string());
    if (!sink.ok()) fail(sink.status());
    sink_ = *sink;
    parquet::WriterProperties::Builder props;
    props.compression(parquet::Compression::SNAPPY);
    auto writer = parquet::arrow::FileWriter::Open(*batch.schema(), arrow::default_memory_pool(), sink_, props.build(),
                                                   parquet::ArrowWriterProperties::Builder().store_schema()->build());
    if (!writer.ok()) fail(writer.status());
    writer_ = std::move(*writer);
  }
  if (batch.num_rows() == 0) return;
  const arrow::Status st = writer_->WriteTable(batch, std::max<int64_t>(batch.num_rows(), 1 << 16));
  if (!st.ok()) fail(st);
}

void TradesWriter::Close() {
  if (!writer_) ThrowIo("nothing was written to " + file_.string());
  arrow::Status st = writer_->Close();
  if (st.ok()) st = sink_->Close();
  closed_ = true;
  if (!st.ok()) ThrowIo("cannot write " + file_.string() + ": " + st.ToString());
}

}  // namespace orbit::sweep
