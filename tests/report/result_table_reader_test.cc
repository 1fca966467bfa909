// Reading result tables back: CSV and Parquet with every Date column form.
#include <arrow/api.h>
#include <arrow/io/api.h>
#include <gtest/gtest.h>
#include <parquet/arrow/writer.h>

#include <filesystem>
#include <fstream>

#include "core/error.h"
#include "sink/result_writer.h"
#include "report/result_table_reader.h"
#include "support/temp_dir.h"

namespace orbit::report {
namespace {

namespace fs = std::filesystem;
using strategy::Outcome;

class TempDir {
 public:
  std::string File(const std::string& name) const { return dir_ / name; }

 private:
  orbit::testing::UniqueTempDir dir_;
};

strategy::TradeRow MakeRow(cctz::civil_day date, calendar::SessionId session, const char* slot, Outcome result,
                           double profit, double peak, double range) {
  strategy::TradeRow r;
  r.date = date;
  r.slot = calendar::FindSlot(session, slot).value();
  r.result = result;
  r.direction = result == Outcome::kNoTrade ? strategy::Direction::kNone
                : profit >= 0              ? strategy::Direction::kLong
                                           : strategy::Direction::kShort;
  r.has_entry = result != Outcome::kNoTrade;
  r.profit = profit;
  r.peak = peak;
  r.range = range;
  return r;
}

engine::ResultTable MesTable() {
  engine::ResultTable t;
  t.instrument = *FindInstrument("MES");
  using calendar::SessionId;
  t.rows = {
      MakeRow(cctz::civil_day(2024, 3, 4), SessionId::kS1, "07:30", Outcome::kWin, 1.0, 12.25, 7.5),
      MakeRow(cctz::civil_day(2024, 3, 4), SessionId::kS2, "09:30", Outcome::kBE, -0.25, 6.5, 11.0),
      MakeRow(cctz::civil_day(2024, 3, 5), SessionId::kS1, "07:30", Outcome::kLoss, -0.8, 1.0, 4.25),
      MakeRow(cctz::civil_day(2024, 3, 5), SessionId::kS2, "10:00", Outcome::kNoTrade, 0.0, 0.0, 3.0),
      MakeRow(cctz::civil_day(2024, 3, 6), SessionId::kS1, "09:00", Outcome::kTime, 0.35, 4.0, 6.0),
      MakeRow(cctz::civil_day(2024, 3, 7), SessionId::kS1, "08:00", Outcome::kOpen, -0.1, 2.0, 5.0),
  };
  return t;
}

void ExpectSameRecords(const std::vector<TradeRecord>& got, const std::vector<TradeRecord>& want) {
  ASSERT_EQ(got.size(), want.size());
  for (size_t i = 0; i < got.size(); ++i) {
    SCOPED_TRACE("row " + std::to_string(i));
    EXPECT_EQ(got[i].date, want[i].date);
    EXPECT_EQ(got[i].time, want[i].time);
    EXPECT_EQ(got[i].result, want[i].result);
    EXPECT_EQ(got[i].direction, want[i].direction);
    EXPECT_DOUBLE_EQ(got[i].peak, want[i].peak);
    EXPECT_DOUBLE_EQ(got[i].range, want[i].range);
    EXPECT_DOUBLE_EQ(got[i].profit, want[i].profit);
    EXPECT_EQ(got[i].stream, want[i].stream);
    EXPECT_EQ(got[i].instrument, want[i].instrument);
    EXPECT_EQ(got[i].session, want[i].session);
  }
}

void WriteParquet(const arrow::Table& table, const std::string& path) {
  auto sink = arrow::io::FileOutputStream::Open(path);
  ASSERT_TRUE(sink.ok());
  const arrow::Status st = parquet::arrow::WriteTable(table, arrow::default_memory_pool(), *sink, 1024);
  ASSERT_TRUE(st.ok()) << st.ToString();
  ASSERT_TRUE((*sink)->Close().ok());
}

TEST(ResultTableReader, RecordsFromEngineTable) {
  const std::vector<TradeRecord> r = RecordsFromResultTable(MesTable());
  ASSERT_EQ(r.size(), 6u);
  EXPECT_EQ(r[1].stream, "MES2");
  EXPECT_EQ(r[1].session, "S2");
  EXPECT_EQ(r[1].time, "09:30");
  EXPECT_EQ(r[3].direction, "NA");
  EXPECT_EQ(r[2].direction, "Short");
}

TEST(ResultTableReader, CsvRoundTrip) {
  TempDir dir;
  const engine::ResultTable table = MesTable();
  sink::WriteResultFile(table, dir.File("r.csv"), calendar::TimeZone::Chicago());
  ExpectSameRecords(ReadResultFile(dir.File("r.csv")), RecordsFromResultTable(table));
}

TEST(ResultTableReader, ParquetTimestampDate) {  // the reference's on-disk form (KI-29)
  TempDir dir;
  const engine::ResultTable table = MesTable();
  sink::WriteResultFile(table, dir.File("r.parquet"), calendar::TimeZone::Chicago());
  ExpectSameRecords(ReadResultFile(dir.File("r.parquet")), RecordsFromResultTable(table));
}

TEST(ResultTableReader, ParquetDate32Date) {  // --fix KI-29
  TempDir dir;
  engine::ResultTable table = MesTable();
  table.date_as_date32 = true;
  sink::WriteResultFile(table, dir.File("r.parquet"), calendar::TimeZone::Chicago());
  ExpectSameRecords(ReadResultFile(dir.File("r.parquet")), RecordsFromResultTable(table));
}

TEST(ResultTableReader, ParquetStringDateAndIntProfit) {
  TempDir dir;
  engine::ResultTable table;
  table.instrument = *FindInstrument("ES");
  table.profit_is_int = true;  // §6.7: all rows Win
  table.rows = {MakeRow(cctz::civil_day(2025, 1, 7), calendar::SessionId::kS1, "07:30", Outcome::kWin, 10.0, 15.75, 8.0)};
  WriteParquet(*sink::ResultToArrow(table, calendar::TimeZone::Chicago(), sink::DateColumn::kString), dir.File("s.parquet"));
  ExpectSameRecords(ReadResultFile(dir.File("s.parquet")), RecordsFromResultTable(table));
}

TEST(ResultTableReader, ParquetMicrosecondTimestampAndDictionaryText) {  // e.g. written by pandas
  TempDir dir;
  arrow::TimestampBuilder dates(arrow::timestamp(arrow::TimeUnit::MICRO), arrow::default_memory_pool());
  ASSERT_TRUE(dates.Append((cctz::civil_day(2024, 5, 6) - cctz::civil_day(1970, 1, 1)) * 86400LL * 1000000).ok());
  arrow::StringDictionaryBuilder results;
  ASSERT_TRUE(results.Append("Loss").ok());
  auto text = [](const char* v) {
    arrow::StringBuilder b;
    (void)b.Append(v);
    return b.Finish().ValueOrDie();
  };
  arrow::DoubleBuilder profit;
  ASSERT_TRUE(profit.Append(-2.5).ok());
  const std::shared_ptr<arrow::Array> result_array = results.Finish().ValueOrDie();
  ASSERT_EQ(result_array->type_id(), arrow::Type::DICTIONARY);
  auto schema = arrow::schema({arrow::field("Date", dates.type()), arrow::field("Time", arrow::utf8()),
                               arrow::field("Result", result_array->type()),
                               arrow::field("Stream", arrow::utf8()), arrow::field("Instrument", arrow::utf8()),
                               arrow::field("Profit", arrow::float64())});
  auto table = arrow::Table::Make(schema, {dates.Finish().ValueOrDie(), text("08:00"), result_array,
                                           text("NQ2"), text("NQ"), profit.Finish().ValueOrDie()});
  WriteParquet(*table, dir.File("p.parquet"));
  const std::vector<TradeRecord> r = ReadResultFile(dir.File("p.parquet"));
  ASSERT_EQ(r.size(), 1u);
  EXPECT_EQ(r[0].date, cctz::civil_day(2024, 5, 6));
  EXPECT_EQ(r[0].result, Outcome::kLoss);
  EXPECT_EQ(r[0].direction, "NA");  // optional columns absent
  EXPECT_DOUBLE_EQ(r[0].peak, 0.0);
  EXPECT_DOUBLE_EQ(r[0].profit, -2.5);
}

TEST(ResultTableReader, EmptyTables) {
  TempDir dir;
  engine::ResultTable table;
  table.instrument = *FindInstrument("ES");
  table.has_open_as_of_column = false;  // §6.6: 16 columns
  sink::WriteResultFile(table, dir.File("e.csv"), calendar::TimeZone::Chicago());
  sink::WriteResultFile(table, dir.File("e.parquet"), calendar::TimeZone::Chicago());
  EXPECT_TRUE(ReadResultFile(dir.File("e.csv")).empty());
  EXPECT_TRUE(ReadResultFile(dir.File("e.parquet")).empty());
}

ErrorKind KindOf(const std::string& path, std::string* message = nullptr) {
  try {
    ReadResultFile(path);
  } catch (const Error& e) {
    if (message) *message = e.what();
    return e.kind();
  }
  return ErrorKind::kInternal;
}

TEST(ResultTableReader, Errors) {
  TempDir dir;
  EXPECT_EQ(KindOf(dir.File("missing.csv")), ErrorKind::kIo);
  std::ofstream(dir.File("nocol.csv")) << "Date,Time,Result,Stream,Instrument\n2024-01-02,07:30,Win,ES1,ES\n";
  std::string message;
  EXPECT_EQ(KindOf(dir.File("nocol.csv"), &message), ErrorKind::kBadInput);
  EXPECT_NE(message.find("Profit"), std::string::npos) << message;
  std::ofstream(dir.File("badresult.csv"))
      << "Date,Time,Result,Stream,Instrument,Profit\n2024-01-02,07:30,Win,ES1,ES,10\n2024-01-03,07:30,Won,ES1,ES,10\n";
  EXPECT_EQ(KindOf(dir.File("badresult.csv"), &message), ErrorKind::kBadInput);
  EXPECT_NE(message.find("row 2"), std::string::npos) << message;
  EXPECT_NE(message.find("Won"), std::string::npos) << message;
  std::ofstream(dir.File("baddate.csv")) << "Date,Time,Result,Stream,Instrument,Profit\n2024-13-02,07:30,Win,ES1,ES,10\n";
  EXPECT_EQ(KindOf(dir.File("baddate.csv"), &message), ErrorKind::kBadInput);
  EXPECT_NE(message.find("2024-13-02"), std::string::npos) << message;
  std::ofstream(dir.File("junk.parquet")) << "not parquet";
  EXPECT_EQ(KindOf(dir.File("junk.parquet")), ErrorKind::kIo);
}

}  // namespace
}  // namespace orbit::report
