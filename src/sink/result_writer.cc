#include "sink/result_writer.h"
#include "core/civil_text.h"

#include <arrow/api.h>
#include <arrow/io/api.h>
#include <arrow/util/compression.h>
#include <parquet/arrow/writer.h>
#include <unistd.h>

#include <cstdio>
#include <iterator>
#include <filesystem>
#include <fstream>

#include "core/output_set.h"
#include "core/error.h"
#include "core/py_float.h"
#include "storage/location.h"

namespace orbit::sink {
namespace {

using strategy::Direction;
using strategy::ExitClock;
using strategy::TradeRow;

constexpr const char* kColumns[] = {"Date",    "Time",   "EntryTime", "ExitTime",  "EntryPrice", "ExitPrice",
                                    "StopLoss", "Target", "Peak",      "Direction", "Result",     "Range",
                                    "Stream",  "Instrument", "Session", "Profit", "open_as_of_time"};

void AppendTwo(std::string& out, int v) {
  out += static_cast<char>('0' + (v / 10) % 10);
  out += static_cast<char>('0' + v % 10);
}

// "DD/MM/YY HH:MM" of the civil time.
void AppendStamp(std::string& out, const cctz::civil_second& cs) {
  AppendTwo(out, cs.day());
  out += '/';
  AppendTwo(out, cs.month());
  out += '/';
  AppendTwo(out, static_cast<int>(cs.year() % 100));
  out += ' ';
  AppendTwo(out, cs.hour());
  out += ':';
  AppendTwo(out, cs.minute());
}

cctz::civil_second UtcCivil(int64_t ns) {
  return cctz::civil_second(1970, 1, 1, 0, 0, 0) + calendar::FloorSeconds(ns);
}


std::string EntryText(const TradeRow& r, const calendar::TimeZone& zone) {
  std::string s;
  if (r.has_entry) AppendStamp(s, zone.ToCivil(r.entry_time_ns));
  return s;
}

std::string ExitText(const TradeRow& r, const calendar::TimeZone& zone) {
  std::string s;
  if (r.exit_clock == ExitClock::kLocal) AppendStamp(s, zone.ToCivil(r.exit_time_ns));
  if (r.exit_clock == ExitClock::kUtc) AppendStamp(s, UtcCivil(r.exit_time_ns));
  return s;
}

std::string OpenAsOfText(const TradeRow& r, const calendar::TimeZone& zone) {
  std::string s;
  if (r.has_open_as_of) AppendStamp(s, zone.ToCivil(r.open_as_of_ns));
  return s;
}

const char* DirectionText(Direction d) {
  return d == Direction::kLong ? "Long" : d == Direction::kShort ? "Short" : "NA";
}

std::string StreamText(const engine::ResultTable& t, const TradeRow& r) {
  return std::string(t.instrument.symbol) + calendar::Session(r.slot.session).stream_suffix;
}

void AppendInt(std::string& out, double v) { out += std::to_string(static_cast<long long>(v)); }

constexpr const char* kExtendedColumns[] = {"EntryTimestamp", "ExitTimestamp", "MAE",           "MFE",
                                            "MAEMinutes",     "MFEMinutes",    "BarsHeld",      "Ambiguous",
                                            "PointValue",     "GrossUSD",      "CommissionUSD", "SlippageUSD",
                                            "NetUSD"};

const calendar::TimeZone& OutputZone(const engine::ExtendedColumns& x) {
  static const calendar::TimeZone utc = calendar::TimeZone::Load("UTC");
  return x.output_zone != nullptr ? *x.output_zone : utc;
}

// ISO-8601 with the zone's offset: 2024-01-02T07:31:00-06:00 (nanoseconds
// after the seconds only when there are any).
void AppendIsoInstant(std::string& out, int64_t ns, const calendar::TimeZone& zone) {
  const int64_t secs = calendar::FloorSeconds(ns);
  const cctz::civil_second cs = zone.ToCivil(ns);
  const int64_t offset = (cs - cctz::civil_second(1970, 1, 1, 0, 0, 0)) - secs;
  out += DateTimeText(cs);
  const int64_t frac = ns - secs * calendar::kNanosPerSecond;
  if (frac != 0) out += fmt::format(".{:09d}", frac);
  const int64_t a = offset < 0 ? -offset : offset;
  out += fmt::format("{}{:02d}:{:02d}", offset < 0 ? '-' : '+', a / 3600, a / 60 % 60);
}

bool IsTradeRow(const TradeRow& r) { return r.has_entry && r.result != strategy::Outcome::kNoTrade; }

double Minutes(int64_t from_ns, int64_t to_ns) {
  return static_cast<double>(to_ns - from_ns) / static_cast<double>(calendar::kNanosPerMinute);
}

void AppendExtendedCsv(std::string& out, const engine::ResultTable& t, const TradeRow& r) {
  const engine::ExtendedColumns& x = *t.extended;
  const calendar::TimeZone& zone = OutputZone(x);
  const bool trade = IsTradeRow(r);
  out += ',';
  if (trade) AppendIsoInstant(out, r.entry_time_ns, zone);
  out += ',';
  if (trade && r.has_exit_instant) AppendIsoInstant(out, r.exit_instant_ns, zone);
  out += ',';
  if (trade) AppendPyFloat(out, r.excursion.mae);
  out += ',';
  if (trade) AppendPyFloat(out, r.excursion.mfe);
  out += ',';
  if (trade) AppendPyFloat(out, Minutes(r.entry_time_ns, r.excursion.mae_time_ns));
  out += ',';
  if (trade) AppendPyFloat(out, Minutes(r.entry_time_ns, r.excursion.mfe_time_ns));
  out += ',';
  out += std::to_string(trade ? r.excursion.bars_held : 0);
  out += ',';
  out += r.ambiguous ? "True" : "False";
  const engine::TradeUsd usd = engine::TradeUsdOf(r, t.instrument, x.costs);
  for (double v : {usd.point_value, usd.gross, usd.commission, usd.slippage, usd.net}) {
    out += ',';
    AppendPyFloat(out, v);
  }
}

}  // namespace

std::string ResultCsvText(const engine::ResultTable& table, const calendar::TimeZone& zone) {
  std::string out;
  const int ncols = table.has_open_as_of_column ? 17 : 16;
  for (int c = 0; c < ncols; ++c) {
    if (c) out += ',';
    out += kColumns[c];
  }
  if (table.extended) {
    for (const char* name : kExtendedColumns) {
      out += ',';
      out += name;
    }
  }
  out += '\n';
  out.reserve(out.size() + table.rows.size() * 160);
  for (const TradeRow& r : table.rows) {
    out += DateText(r.date);
    out += ',';
    out += r.slot.label;
    out += ',';
    out += EntryText(r, zone);
    out += ',';
    out += ExitText(r, zone);
    out += ',';
    AppendPyFloat(out, r.entry_price);
    out += ',';
    AppendPyFloat(out, r.exit_price);
    out += ',';
    AppendPyFloat(out, r.stop_loss);
    out += ',';
    if (table.target_is_int) {
      AppendInt(out, table.instrument.target);
    } else {
      AppendPyFloat(out, table.instrument.target);
    }
    out += ',';
    AppendPyFloat(out, r.peak);
    out += ',';
    out += DirectionText(r.direction);
    out += ',';
    out += strategy::OutcomeName(r.result);
    out += ',';
    AppendPyFloat(out, r.range);
    out += ',';
    out += StreamText(table, r);
    out += ',';
    out += table.instrument.symbol;
    out += ',';
    out += calendar::Session(r.slot.session).name;
    out += ',';
    if (table.profit_is_int) {
      AppendInt(out, r.profit);
    } else {
      AppendPyFloat(out, r.profit);
    }
    if (table.has_open_as_of_column) {
      out += ',';
      out += OpenAsOfText(r, zone);
    }
    if (table.extended) AppendExtendedCsv(out, table, r);
    out += '\n';
  }
  return out;
}

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

bool EndsWith(const std::string& text, const std::string& tail) {
  return text.size() >= tail.size() && text.compare(text.size() - tail.size(), tail.size(), tail) == 0;
}

// The reference's on-disk Date: a timestamp for non-empty tables (KI-29).
DateColumn ParquetDateColumn(bool date32, bool any_rows) {
  return date32 ? DateColumn::kDate32 : any_rows ? DateColumn::kTimestamp : DateColumn::kString;
}

}  // namespace

ResultFormat ResultFormatFor(const std::string& path, const std::string& what) {
  // A URI's query (?endpoint_override=...) is not part of its file name.
  std::string lower = std::filesystem::path(storage::DisplayName(path)).filename().string();
  for (char& c : lower) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  if (EndsWith(lower, ".csv")) return ResultFormat::kCsv;
  if (EndsWith(lower, ".csv.gz")) return ResultFormat::kCsvGzip;
  if (EndsWith(lower, ".csv.zst")) return ResultFormat::kCsvZstd;
  if (EndsWith(lower, ".parquet") || EndsWith(lower, ".pq")) return ResultFormat::kParquet;
  ThrowUsage(what + ": '" + path + "' has no result file extension (.csv, .csv.gz, .csv.zst, .parquet)");
}

void WriteResults(std::vector<engine::ResultTable> tables, ResultFormat format, const std::filesystem::path& file,
                  const std::string& destination, const calendar::TimeZone& zone) {
  if (tables.empty()) throw Error(ErrorKind::kInternal, "no result table to write to " + destination);
  // One schema for all: int64 Target/Profit only if every table has them,
  // open_as_of_time if any table has it, Date non-empty if any table has rows.
  bool target_is_int = true, profit_is_int = true, open_column = false, any_rows = false;
  for (const engine::ResultTable& t : tables) {
    target_is_int = target_is_int && t.target_is_int;
    profit_is_int = profit_is_int && t.profit_is_int;
    open_column = open_column || t.has_open_as_of_column;
    any_rows = any_rows || !t.rows.empty();
  }
  if (tables.size() > 1) {
    for (engine::ResultTable& t : tables) {
      t.target_is_int = target_is_int;
      t.profit_is_int = profit_is_int;
      t.has_open_as_of_column = open_column;
    }
  }
  if (format != ResultFormat::kParquet) {
    std::string csv;
    for (const engine::ResultTable& t : tables) {
      std::string text = ResultCsvText(t, zone);
      if (!csv.empty()) text.erase(0, text.find('\n') + 1);
      csv += text;
    }
    WriteText(csv, format, file, destination);
    return;
  }
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

void WriteResultFile(const engine::ResultTable& table, const std::string& path, const calendar::TimeZone& zone) {
  const ResultFormat format = ResultFormatFor(path, "result file");
  OutputSet outputs;
  outputs.Declare(path, "result file");
  WriteResults({table}, format, outputs.Stage(path), path, zone);
  outputs.Commit();
}

}  // namespace orbit::sink
