// The Arrow side of the result sinks (sink/result_writer.h): Arrow tables,
// Parquet files and compressed CSV. Part of the Arrow module
// (module/arrow_module.h).
#include <arrow/api.h>
#include <arrow/io/api.h>
#include <arrow/util/compression.h>
#include <parquet/arrow/writer.h>

#include "core/civil_text.h"
#include "core/error.h"
#include "engine/trade_costs.h"
#include "sink/result_fields.h"
#include "sink/result_writer.h"

namespace orbit::sink {

using namespace detail;  // NOLINT: the sink's shared field texts
using strategy::TradeRow;

namespace {

void AddExtendedArrow(const engine::ResultTable& table, arrow::FieldVector& fields, arrow::ArrayVector& arrays) {
  const engine::ExtendedColumns& x = *table.extended;
  const auto ts_type = arrow::timestamp(arrow::TimeUnit::NANO, OutputZone(x).name());
  arrow::TimestampBuilder entry_ts(ts_type, arrow::default_memory_pool()), exit_ts(ts_type, arrow::default_memory_pool());
  arrow::DoubleBuilder mae, mfe, mae_min, mfe_min, pv, gross, commission, slippage, net;
  arrow::Int64Builder bars_held;
  arrow::BooleanBuilder ambiguous;
  auto check = [](const arrow::Status& s) {
    if (!s.ok()) throw Error(ErrorKind::kInternal, "building extended columns: " + s.ToString());
  };
  for (const TradeRow& r : table.rows) {
    const bool trade = IsTradeRow(r);
    check(trade ? entry_ts.Append(r.entry_time_ns) : entry_ts.AppendNull());
    check(trade && r.has_exit_instant ? exit_ts.Append(r.exit_instant_ns) : exit_ts.AppendNull());
    check(trade ? mae.Append(r.excursion.mae) : mae.AppendNull());
    check(trade ? mfe.Append(r.excursion.mfe) : mfe.AppendNull());
    check(trade ? mae_min.Append(Minutes(r.entry_time_ns, r.excursion.mae_time_ns)) : mae_min.AppendNull());
    check(trade ? mfe_min.Append(Minutes(r.entry_time_ns, r.excursion.mfe_time_ns)) : mfe_min.AppendNull());
    check(bars_held.Append(trade ? static_cast<int64_t>(r.excursion.bars_held) : 0));
    check(ambiguous.Append(r.ambiguous));
    const engine::TradeUsd usd = engine::TradeUsdOf(r, table.instrument, x.costs);
    check(pv.Append(usd.point_value));
    check(gross.Append(usd.gross));
    check(commission.Append(usd.commission));
    check(slippage.Append(usd.slippage));
    check(net.Append(usd.net));
  }
  arrow::ArrayBuilder* builders[] = {&entry_ts, &exit_ts, &mae,   &mfe,        &mae_min,  &mfe_min, &bars_held,
                                     &ambiguous, &pv,     &gross, &commission, &slippage, &net};
  for (size_t c = 0; c < std::size(builders); ++c) {
    std::shared_ptr<arrow::Array> a;
    check(builders[c]->Finish(&a));
    fields.push_back(arrow::field(kExtendedColumns[c], a->type()));
    arrays.push_back(a);
  }
}

}  // namespace

std::shared_ptr<arrow::Table> ResultToArrow(const engine::ResultTable& table, const calendar::TimeZone& zone,
                                            DateColumn date_column) {
  const size_t n = table.rows.size();
  arrow::StringBuilder time_b, entry_b, exit_b, dir_b, result_b, stream_b, inst_b, session_b, open_b, date_s;
  arrow::TimestampBuilder date_ts(arrow::timestamp(arrow::TimeUnit::NANO), arrow::default_memory_pool());
  arrow::Date32Builder date_d;
  arrow::DoubleBuilder entry_p, exit_p, stop_b, peak_b, range_b, target_f, profit_f;
  arrow::Int64Builder target_i, profit_i;
  auto check = [](const arrow::Status& s) {
    if (!s.ok()) throw Error(ErrorKind::kInternal, "building result table: " + s.ToString());
  };
  for (const TradeRow& r : table.rows) {
    const int64_t days = cctz::civil_day(r.date) - cctz::civil_day(1970, 1, 1);
    switch (date_column) {
      case DateColumn::kString: check(date_s.Append(DateText(r.date))); break;
      case DateColumn::kTimestamp: check(date_ts.Append(days * calendar::kNanosPerDay)); break;
      case DateColumn::kDate32: check(date_d.Append(static_cast<int32_t>(days))); break;
    }
    check(time_b.Append(std::string(r.slot.label)));
    check(entry_b.Append(EntryText(r, zone)));
    check(exit_b.Append(ExitText(r, zone)));
    check(entry_p.Append(r.entry_price));
    check(exit_p.Append(r.exit_price));
    check(stop_b.Append(r.stop_loss));
    check(table.target_is_int ? target_i.Append(static_cast<int64_t>(table.instrument.target))
                              : target_f.Append(table.instrument.target));
    check(peak_b.Append(r.peak));
    check(dir_b.Append(DirectionText(r.direction)));
    check(result_b.Append(std::string(strategy::OutcomeName(r.result))));
    check(range_b.Append(r.range));
    check(stream_b.Append(StreamText(table, r)));
    check(inst_b.Append(std::string(table.instrument.symbol)));
    check(session_b.Append(std::string(calendar::Session(r.slot.session).name)));
    check(table.profit_is_int ? profit_i.Append(static_cast<int64_t>(r.profit)) : profit_f.Append(r.profit));
    check(open_b.Append(OpenAsOfText(r, zone)));
  }
  (void)n;
  auto finish = [&](arrow::ArrayBuilder& b) {
    std::shared_ptr<arrow::Array> a;
    check(b.Finish(&a));
    return a;
  };
  arrow::FieldVector fields;
  arrow::ArrayVector arrays;
  auto add = [&](const char* name, arrow::ArrayBuilder& b) {
    std::shared_ptr<arrow::Array> a = finish(b);
    fields.push_back(arrow::field(name, a->type()));
    arrays.push_back(a);
  };
  switch (date_column) {
    case DateColumn::kString: add("Date", date_s); break;
    case DateColumn::kTimestamp: add("Date", date_ts); break;
    case DateColumn::kDate32: add("Date", date_d); break;
  }
  add("Time", time_b);
  add("EntryTime", entry_b);
  add("ExitTime", exit_b);
  add("EntryPrice", entry_p);
  add("ExitPrice", exit_p);
  add("StopLoss", stop_b);
  if (table.target_is_int) add("Target", target_i); else add("Target", target_f);
  add("Peak", peak_b);
  add("Direction", dir_b);
  add("Result", result_b);
  add("Range", range_b);
  add("Stream", stream_b);
  add("Instrument", inst_b);
  add("Session", session_b);
  if (table.profit_is_int) add("Profit", profit_i); else add("Profit", profit_f);
  if (table.has_open_as_of_column) add("open_as_of_time", open_b);
  if (table.extended) AddExtendedArrow(table, fields, arrays);
  return arrow::Table::Make(arrow::schema(fields), arrays);
}

namespace {

void WriteParquet(const arrow::Table& arrow_table, const std::filesystem::path& file, const std::string& destination) {
  auto fail = [&](const arrow::Status& st) { ThrowIo("cannot write " + destination + ": " + st.ToString()); };
  auto out = arrow::io::FileOutputStream::Open(file.string());
  if (!out.ok()) fail(out.status());
  parquet::WriterProperties::Builder props;
  props.compression(parquet::Compression::SNAPPY);
  arrow::Status st = parquet::arrow::WriteTable(arrow_table, arrow::default_memory_pool(), *out,
                                                std::max<int64_t>(1, arrow_table.num_rows()), props.build(),
                                                parquet::ArrowWriterProperties::Builder().store_schema()->build());
  if (st.ok()) st = (*out)->Close();
  if (!st.ok()) fail(st);
}

void WriteText(std::string_view text, ResultFormat format, const std::filesystem::path& file,
               const std::string& destination) {
  auto fail = [&](const arrow::Status& st) { ThrowIo("cannot write " + destination + ": " + st.ToString()); };
  auto raw = arrow::io::FileOutputStream::Open(file.string());
  if (!raw.ok()) fail(raw.status());
  std::shared_ptr<arrow::io::OutputStream> out = *raw;
  if (format != ResultFormat::kCsv) {
    auto codec = arrow::util::Codec::Create(format == ResultFormat::kCsvGzip ? arrow::Compression::GZIP
                                                                             : arrow::Compression::ZSTD);
    if (!codec.ok()) fail(codec.status());
    auto compressed = arrow::io::CompressedOutputStream::Make(codec->get(), *raw);
    if (!compressed.ok()) fail(compressed.status());
    out = *compressed;
  }
  arrow::Status st = out->Write(text.data(), static_cast<int64_t>(text.size()));
  if (st.ok()) st = out->Close();
  if (st.ok() && out != *raw) st = (*raw)->Close();
  if (!st.ok()) fail(st);
}

// The reference's on-disk Date: a timestamp for non-empty tables (KI-29).
DateColumn ParquetDateColumn(bool date32, bool any_rows) {
  return date32 ? DateColumn::kDate32 : any_rows ? DateColumn::kTimestamp : DateColumn::kString;
}


}  // namespace

void WriteResultsWithArrow(std::vector<engine::ResultTable> tables, ResultFormat format,
                           const std::filesystem::path& file, const std::string& destination,
                           const calendar::TimeZone& zone) {
  if (format != ResultFormat::kParquet) {
    WriteText(ResultsCsvText(tables, zone), format, file, destination);
    return;
  }
  bool any_rows = false;
  for (const engine::ResultTable& t : tables) any_rows = any_rows || !t.rows.empty();
  const DateColumn date_column = ParquetDateColumn(tables.front().date_as_date32, any_rows);
  if (tables.size() == 1) {
    WriteParquet(*ResultToArrow(tables.front(), zone, date_column), file, destination);
    return;
  }
  std::vector<std::shared_ptr<arrow::Table>> parts;
  for (const engine::ResultTable& t : tables) parts.push_back(ResultToArrow(t, zone, date_column));
  auto combined = arrow::ConcatenateTables(parts);
  if (!combined.ok()) throw Error(ErrorKind::kInternal, "combining result tables: " + combined.status().ToString());
  WriteParquet(**combined, file, destination);
}

}  // namespace orbit::sink
