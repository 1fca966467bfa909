// tests/inputs/reader_formats_test.cc
//
// The CSV reader against the formats users have: the same bars written as
// Orbit CSV, Databento, NinjaTrader, TradeStation, epoch integers, separate
// date and time columns, other delimiters, header-less, capitalised names and
// gzip/zstd/bz2 must read into identical columns; block size and thread count
// never change the result; the reference folder layout names the instrument;
// naive timestamps in the wrong zone are reported; errors name file, row,
// column and value.
#include <arrow/io/api.h>
#include <arrow/io/compressed.h>
#include <arrow/util/compression.h>
#include <gtest/gtest.h>

#include <cctz/civil_time.h>
#include <cstdio>
#include <cstring>
#include <random>
#include <filesystem>
#include <fstream>
#include <functional>
#include <string>
#include <vector>

#include "calendar/time_zone.h"
#include "core/error.h"
#include "source/bar_reader.h"
#include "source/contract_symbol.h"
#include "source/csv_block_parser.h"
#include "source/csv_format.h"
#include "source/timestamp_text.h"
#include "support/temp_dir.h"

namespace orbit::source {
namespace {

namespace fs = std::filesystem;

int64_t ChicagoNs(int y, int mo, int d, int h, int mi) {
  return calendar::TimeZone::Chicago().ToInstant(cctz::civil_second(y, mo, d, h, mi, 0));
}

struct Bar {
  int64_t ts;  // bar open, instant
  double o, h, l, c;
};

// Three trading days of 1-minute ES bars with the daily 16:00-17:00 Chicago
// break, across the 2024 spring DST change (10 March).
std::vector<Bar> MakeBars() {
  std::vector<Bar> bars;
  double p = 5000.0;
  int k = 0;
  for (int day : {7, 8, 10, 11}) {  // Thu, Fri, (Sun evening open), Mon
    const int64_t start = day == 10 ? ChicagoNs(2024, 3, 10, 17, 0) : ChicagoNs(2024, 3, day, 12, 0);
    const int64_t end = day == 10 ? ChicagoNs(2024, 3, 10, 23, 59) : ChicagoNs(2024, 3, day, 15, 59);
    for (int64_t t = start; t <= end; t += calendar::kNanosPerMinute) {
      const double o = p, c = p + ((k * 7) % 5 - 2) * 0.25;
      bars.push_back({t, o, std::max(o, c) + 0.5, std::min(o, c) - 0.25, c});
      p = c;
      ++k;
    }
    if (day != 10) {  // the evening session after the break
      for (int64_t t = ChicagoNs(2024, 3, day, 17, 0); t <= ChicagoNs(2024, 3, day, 18, 30);
           t += calendar::kNanosPerMinute) {
        bars.push_back({t, p, p + 0.25, p - 0.25, p});
        ++k;
      }
    }
  }
  return bars;
}

std::string Fmt(int64_t ns, const calendar::TimeZone& zone, const char* format) {
  const auto tp = std::chrono::time_point_cast<std::chrono::system_clock::duration>(
      std::chrono::time_point<std::chrono::system_clock, std::chrono::nanoseconds>(std::chrono::nanoseconds(ns)));
  return cctz::format(format, tp, zone.cctz_zone());
}

std::string Price(double v) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.2f", v);
  return buf;
}

class ReaderFormats : public ::testing::Test {
 protected:
  void SetUp() override {
    bars_ = MakeBars();
  }

  std::string Write(const std::string& name, const std::string& text) {
    const std::string path = (dir_ / name).string();
    fs::create_directories(fs::path(path).parent_path());
    std::ofstream(path, std::ios::binary) << text;
    return path;
  }

  // Writes `text` through an Arrow codec.
  std::string WriteCompressed(const std::string& name, const std::string& text, arrow::Compression::type type) {
    const std::string path = (dir_ / name).string();
    auto codec = arrow::util::Codec::Create(type).ValueOrDie();
    auto file = arrow::io::FileOutputStream::Open(path).ValueOrDie();
    auto out = arrow::io::CompressedOutputStream::Make(codec.get(), file).ValueOrDie();
    EXPECT_TRUE(out->Write(text.data(), static_cast<int64_t>(text.size())).ok());
    EXPECT_TRUE(out->Close().ok());
    return path;
  }

  std::string Text(const std::string& header, const std::function<std::string(const Bar&)>& row) {
    std::string s = header.empty() ? "" : header + "\n";
    for (const Bar& b : bars_) s += row(b) + "\n";
    return s;
  }

  std::string Canonical() {
    return Text("timestamp,open,high,low,close,instrument", [](const Bar& b) {
      return Fmt(b.ts, calendar::TimeZone::Chicago(), "%Y-%m-%dT%H:%M:%S%Ez") + "," + Price(b.o) + "," + Price(b.h) +
             "," + Price(b.l) + "," + Price(b.c) + ",ES";
    });
  }

  BarColumns Read(const std::string& path, const std::function<void(BarReadOptions&)>& adjust = {}) {
    BarReadOptions o;
    o.paths = {path};
    o.instruments = {"ES"};
    o.default_instrument = "ES";
    if (adjust) adjust(o);
    BarData data = ReadBars(o);
    warnings_ = data.warnings;
    return data.by_instrument.at("ES");
  }

  void ExpectSameBars(const BarColumns& got) {
    ASSERT_EQ(got.size(), bars_.size());
    for (size_t i = 0; i < bars_.size(); ++i) {
      ASSERT_EQ(got.ts_ns[i], bars_[i].ts) << "row " << i;
      ASSERT_EQ(got.open[i], bars_[i].o);
      ASSERT_EQ(got.high[i], bars_[i].h);
      ASSERT_EQ(got.low[i], bars_[i].l);
      ASSERT_EQ(got.close[i], bars_[i].c);
    }
  }

  orbit::testing::UniqueTempDir temp_;
  const fs::path& dir_ = temp_.path();
  std::vector<Bar> bars_;
  std::vector<std::string> warnings_;
};

TEST(ContractSymbol, MapsVendorContractsToTheirInstrument) {
  for (auto [symbol, instrument] :
       std::vector<std::pair<const char*, const char*>>{{"ESH4", "ES"},        {"MESZ24", "MES"},   {"M2KU5", "M2K"},
                                                        {"NQM4", "NQ"},        {"ES.c.0", "ES"},    {"nq.FUT", "NQ"},
                                                        {" CLF25 ", "CL"},     {"ES", "ES"},        {"MNQ", "MNQ"},
                                                        {"ESH4-ESM4", "ESH4-ESM4"}, {"ESA4", "ESA4"}, {"XXH4", "XXH4"},
                                                        {".c.0", ".C.0"},      {"ESH", "ESH"}})
    EXPECT_EQ(ContractInstrument(symbol), instrument) << symbol;
}

TEST(TimestampText, AcceptsTheCommonForms) {
  TextTime t;
  ASSERT_EQ(ParseTimestampText("2023-11-19T23:00:00.000000000Z", t), TextTimeStatus::kOk);
  EXPECT_TRUE(t.zoned);
  EXPECT_EQ(t.ns, int64_t{1700434800} * 1'000'000'000);
  ASSERT_EQ(ParseTimestampText("2023-11-19T23:00:00.123456789Z", t), TextTimeStatus::kOk);
  EXPECT_EQ(t.ns, int64_t{1700434800} * 1'000'000'000 + 123456789);
  ASSERT_EQ(ParseTimestampText("2020-01-01 17:00:00-06:00", t), TextTimeStatus::kOk);
  EXPECT_EQ(t.ns, int64_t{1577919600} * 1'000'000'000);
  ASSERT_EQ(ParseTimestampText("2020-01-01T17:00:00.5+0100", t), TextTimeStatus::kOk);
  EXPECT_EQ(t.ns, int64_t{1577894400} * 1'000'000'000 + 500'000'000);
  ASSERT_EQ(ParseTimestampText("20200101 170000", t), TextTimeStatus::kOk);
  EXPECT_FALSE(t.zoned);
  EXPECT_EQ(t.ns, int64_t{1577898000} * 1'000'000'000);
  ASSERT_EQ(ParseTimestampText("01/02/2020 17:00", t), TextTimeStatus::kOk);
  EXPECT_EQ(t.ns, int64_t{1577984400} * 1'000'000'000);
  EXPECT_EQ(ParseTimestampText("2024-13-45T99:00:00-06:00", t), TextTimeStatus::kMalformed);
  EXPECT_EQ(ParseTimestampText("2024-02-30", t), TextTimeStatus::kMalformed);
  EXPECT_EQ(ParseTimestampText("2024-01-01T10:00:00.1234567890Z", t), TextTimeStatus::kMalformed);
  EXPECT_EQ(ParseTimestampText("9999-01-01T00:00:00Z", t), TextTimeStatus::kOutOfRange);
  int64_t ns = 0;
  EXPECT_EQ(ParseEpochText("1700434800000", 1'000'000, ns), TextTimeStatus::kOk);
  EXPECT_EQ(ns, int64_t{1700434800} * 1'000'000'000);
  EXPECT_EQ(ParseEpochText("99999999999999999", 1'000'000'000, ns), TextTimeStatus::kOutOfRange);
  EXPECT_EQ(ParseEpochText("12a", 1, ns), TextTimeStatus::kMalformed);
}

TEST_F(ReaderFormats, EveryFormatAndCompressionReadsTheSameBars) {
  const calendar::TimeZone& chicago = calendar::TimeZone::Chicago();
  const calendar::TimeZone utc = calendar::TimeZone::Load("UTC");
  const std::string canonical = Canonical();
  ExpectSameBars(Read(Write("canonical.csv", canonical)));
  ExpectSameBars(Read(WriteCompressed("c.csv.gz", canonical, arrow::Compression::GZIP)));
  ExpectSameBars(Read(WriteCompressed("c.csv.zst", canonical, arrow::Compression::ZSTD)));
  ExpectSameBars(Read(WriteCompressed("c.csv.bz2", canonical, arrow::Compression::BZ2)));

  // Databento OHLCV: ts_event = bar open in UTC with nanoseconds, or integer ns.
  const std::string databento = Text("ts_event,rtype,publisher_id,instrument_id,open,high,low,close,volume,symbol",
                                     [&](const Bar& b) {
                                       return Fmt(b.ts, utc, "%Y-%m-%dT%H:%M:%E9SZ") + ",33,1,5002," + Price(b.o) +
                                              "," + Price(b.h) + "," + Price(b.l) + "," + Price(b.c) + ",12,ESM4";
                                     });
  ExpectSameBars(Read(Write("databento.csv", databento)));
  ExpectSameBars(Read(WriteCompressed("databento.csv.zst", databento, arrow::Compression::ZSTD)));
  ExpectSameBars(Read(Write("databento_ns.csv", Text("ts_event,open,high,low,close,volume,symbol", [&](const Bar& b) {
                        return std::to_string(b.ts) + "," + Price(b.o) + "," + Price(b.h) + "," + Price(b.l) + "," +
                               Price(b.c) + ",12,ESM4";
                      }))));

  // NinjaTrader 8: no header, ';', stamped at the close, local (Chicago) time.
  ExpectSameBars(Read(Write("ninja.txt", Text("", [&](const Bar& b) {
                        return Fmt(b.ts + calendar::kNanosPerMinute, chicago, "%Y%m%d %H%M%S") + ";" + Price(b.o) + ";" +
                               Price(b.h) + ";" + Price(b.l) + ";" + Price(b.c) + ";100";
                      }))));
  // TradeStation: Date,Time (MM/DD/YYYY, HH:MM), close-stamped, local time; New York machine.
  const calendar::TimeZone new_york = calendar::TimeZone::Load("America/New_York");
  ExpectSameBars(Read(Write("tradestation.csv", Text("\"Date\",\"Time\",\"Open\",\"High\",\"Low\",\"Close\",\"Up\",\"Down\"",
                                                     [&](const Bar& b) {
                                                       return Fmt(b.ts + calendar::kNanosPerMinute, new_york,
                                                                  "%m/%d/%Y,%H:%M") +
                                                              "," + Price(b.o) + "," + Price(b.h) + "," + Price(b.l) +
                                                              "," + Price(b.c) + ",10,12";
                                                     })),
                      [&](BarReadOptions& o) { o.input_zone = &new_york; }));

  // Epoch milliseconds, capitalised names, ';' delimiter, explicit column map.
  ExpectSameBars(Read(Write("epoch_ms.csv", Text("Time;O;H;L;C", [&](const Bar& b) {
                        return std::to_string(b.ts / 1'000'000) + ";" + Price(b.o) + ";" + Price(b.h) + ";" +
                               Price(b.l) + ";" + Price(b.c);
                      })),
                      [](BarReadOptions& o) {
                        o.csv_format.delimiter = ';';
                        o.csv_format.ts_unit_ns = 1'000'000;
                        o.csv_format.column_map = ParseColumnMap("timestamp=time,open=O,high=H,low=L,close=C");
                      }));
  // Separate date and time columns, naive Chicago, capitalised header, tab.
  ExpectSameBars(Read(Write("date_time.tsv", Text("Date\tTime\tOpen\tHigh\tLow\tClose", [&](const Bar& b) {
                        return Fmt(b.ts, chicago, "%Y-%m-%d\t%H:%M:%S") + "\t" + Price(b.o) + "\t" + Price(b.h) + "\t" +
                               Price(b.l) + "\t" + Price(b.c);
                      })),
                      [](BarReadOptions& o) {
                        o.csv_format.delimiter = '\t';
                        o.csv_format.column_map = ParseColumnMap("date=Date,time=Time");
                      }));
  // Header-less Orbit order, close-stamped by option.
  ExpectSameBars(Read(Write("noheader.csv", Text("", [&](const Bar& b) {
                        return Fmt(b.ts + calendar::kNanosPerMinute, chicago, "%Y-%m-%dT%H:%M:%S%Ez") + "," +
                               Price(b.o) + "," + Price(b.h) + "," + Price(b.l) + "," + Price(b.c);
                      })),
                      [](BarReadOptions& o) {
                        o.csv_format.header = false;
                        o.csv_format.bar_stamp = BarStamp::kClose;
                      }));
}

TEST_F(ReaderFormats, BlockSizeAndThreadsNeverChangeTheResult) {
  const std::string path = Write("canonical.csv", Canonical());
  for (int threads : {1, 2, 3})
    for (size_t block : {size_t{64}, size_t{1000}, size_t{1} << 20})
      ExpectSameBars(Read(path, [&](BarReadOptions& o) {
        o.threads = threads;
        o.csv_block_bytes = block;
      }));
}

TEST_F(ReaderFormats, ErrorsNameFileRowColumnAndValue) {
  std::string text = Canonical();
  // Break the 200th data row's high, with small blocks and two threads.
  size_t pos = 0;
  for (int line = 0; line < 200; ++line) pos = text.find('\n', pos) + 1;
  const size_t comma = text.find(',', text.find(',', pos) + 1);
  text.replace(comma + 1, 4, "abcd");
  const std::string path = Write("bad.csv", text);
  try {
    Read(path, [](BarReadOptions& o) {
      o.threads = 2;
      o.csv_block_bytes = 256;
    });
    FAIL() << "no error";
  } catch (const Error& e) {
    EXPECT_EQ(e.kind(), ErrorKind::kBadInput);
    EXPECT_NE(std::string(e.what()).find(path + ": row 200, column 'high', value 'abcd"), std::string::npos) << e.what();
  }
}

TEST_F(ReaderFormats, DuplicatesErrorNamesFileRowAndTimestamp) {
  std::string text = Canonical();
  const size_t second = text.find('\n', text.find('\n') + 1) + 1;  // the 2nd data row
  const size_t third = text.find('\n', second) + 1;
  text.insert(third, text.substr(second, third - second));
  const std::string path = Write("dups.csv", text);
  try {
    Read(path, [](BarReadOptions& o) { o.duplicate_policy = DuplicatePolicy::kError; });
    FAIL() << "no error";
  } catch (const Error& e) {
    EXPECT_NE(std::string(e.what()).find(path + ": row 3, column 'timestamp', value 2024-03-07T12:01:00-06:00"),
              std::string::npos)
        << e.what();
  }
}

TEST_F(ReaderFormats, NaiveNewYorkBarsReadAsChicagoAreReported) {
  const calendar::TimeZone new_york = calendar::TimeZone::Load("America/New_York");
  const std::string path = Write("ny.csv", Text("timestamp,open,high,low,close", [&](const Bar& b) {
    return Fmt(b.ts, new_york, "%Y-%m-%d %H:%M:%S") + "," + Price(b.o) + "," + Price(b.h) + "," + Price(b.l) + "," +
           Price(b.c);
  }));
  // Six breaks are needed to judge; the fixture has three: add more days.
  std::string more;
  for (int day = 12; day <= 15; ++day)
    for (int64_t t = ChicagoNs(2024, 3, day, 15, 50); t <= ChicagoNs(2024, 3, day, 17, 10); t += calendar::kNanosPerMinute)
      if (t < ChicagoNs(2024, 3, day, 16, 0) || t >= ChicagoNs(2024, 3, day, 17, 0))
        more += Fmt(t, new_york, "%Y-%m-%d %H:%M:%S") + ",5000.0,5000.5,4999.5,5000.0\n";
  std::ofstream(path, std::ios::app) << more;
  Read(path);
  ASSERT_EQ(warnings_.size(), 1u);
  EXPECT_NE(warnings_[0].find("bars look like America/New_York: pass --input-tz America/New_York"), std::string::npos)
      << warnings_[0];
  Read(path, [&](BarReadOptions& o) { o.input_zone = &new_york; });
  EXPECT_TRUE(warnings_.empty());
}

TEST_F(ReaderFormats, ReferenceLayoutNamesTheInstrument) {
  const std::string canonical_no_instrument = Text("timestamp,open,high,low,close", [](const Bar& b) {
    return Fmt(b.ts, calendar::TimeZone::Chicago(), "%Y-%m-%dT%H:%M:%S%Ez") + "," + Price(b.o) + "," + Price(b.h) +
           "," + Price(b.l) + "," + Price(b.c);
  });
  Write("root/ES/1m/2024/03/bars.csv", canonical_no_instrument);
  Write("root/NQ/1m/2024/03/bars.csv", canonical_no_instrument);
  const std::string root = (dir_ / "root").string();
  // --instrument all: both, from the paths.
  BarReadOptions all;
  all.paths = {root};
  BarData data = ReadBars(all);
  EXPECT_EQ(data.by_instrument.size(), 2u);
  EXPECT_EQ(data.by_instrument.count("NQ"), 1u);
  // --instrument CL on ES/ and NQ/: an error naming both. --instrument NQ
  // on ES/1m: never read as NQ.
  auto expect_error = [](const std::string& path, const std::string& instrument, const std::string& expect) {
    BarReadOptions o;
    o.paths = {path};
    o.instruments = {instrument};
    o.default_instrument = instrument;
    try {
      ReadBars(o);
      FAIL() << "no error for " << instrument;
    } catch (const Error& e) {
      EXPECT_EQ(e.kind(), ErrorKind::kBadInput);
      EXPECT_NE(std::string(e.what()).find(expect), std::string::npos) << e.what();
    }
  };
  expect_error(root, "CL", "no rows for instrument CL in the input (instruments found: ES, NQ)");
  expect_error(root + "/ES/1m", "NQ", "no rows for instrument NQ in the input (instruments found: ES)");
}

// The decimal fast path must give exactly strtod's (correctly rounded) doubles.
TEST(CsvBlockParser, PricesAreCorrectlyRounded) {
  std::mt19937_64 rng(11);
  std::string text;
  std::vector<std::string> values;
  for (int i = 0; i < 50000; ++i) {
    const int int_digits = 1 + static_cast<int>(rng() % 9), frac_digits = static_cast<int>(rng() % 8);
    std::string v = (rng() % 7 == 0) ? "-" : "";
    for (int k = 0; k < int_digits; ++k) v += static_cast<char>('0' + rng() % 10);
    if (frac_digits > 0 || rng() % 5 == 0) v += '.';
    for (int k = 0; k < frac_digits; ++k) v += static_cast<char>('0' + (rng() % 3 == 0 ? 0 : rng() % 10));
    values.push_back(v);
    const std::string a = v[0] == '-' ? v.substr(1) : v;  // high/low/close non-negative variants
    text += "2024-01-08T01:55:00-06:00," + v + "," + a + "," + a + "," + a + "\n";
  }
  CsvLayout layout;
  layout.names = {"timestamp", "open", "high", "low", "close"};
  layout.timestamp = 0;
  for (int k = 0; k < 4; ++k) layout.prices[k] = k + 1;
  CsvBlockContext context;
  context.layout = &layout;
  context.fields = 5;
  context.zoned = true;
  ParsedCsvBlock block;
  ParseCsvBlock(text, context, block);
  ASSERT_FALSE(block.error.has_value()) << block.error->problem;
  ASSERT_EQ(block.rows, static_cast<int64_t>(values.size()));
  for (size_t i = 0; i < values.size(); ++i) {
    const double want = std::strtod(values[i].c_str(), nullptr);
    ASSERT_EQ(std::memcmp(&block.prices[0][i], &want, sizeof want), 0) << values[i];
    const std::string a = values[i][0] == '-' ? values[i].substr(1) : values[i];
    ASSERT_EQ(block.prices[1][i], std::strtod(a.c_str(), nullptr)) << a;
  }
}

TEST(CsvFormatOptions, RejectBadValuesNamingThem) {
  auto usage = [](const std::function<void()>& f, const std::string& expect) {
    try {
      f();
      FAIL() << "no error for " << expect;
    } catch (const Error& e) {
      EXPECT_EQ(e.kind(), ErrorKind::kUsage);
      EXPECT_NE(std::string(e.what()).find(expect), std::string::npos) << e.what();
    }
  };
  usage([] { ParseCsvPreset("metastock"); }, "--format: 'metastock'");
  usage([] { ParseColumnMap("stamp=ts"); }, "--column-map: unknown role 'stamp'");
  usage([] { ParseColumnMap("timestamp"); }, "is not ROLE=COLUMN");
  usage([] { ParseTsUnit("min"); }, "--ts-unit: 'min'");
  usage([] { ParseBarStamp("middle"); }, "--bar-stamp: 'middle'");
  usage([] { ParseDelimiter(";;"); }, "--delimiter: ';;'");
  EXPECT_EQ(ParseDelimiter("tab"), '\t');
}

}  // namespace
}  // namespace orbit::source
