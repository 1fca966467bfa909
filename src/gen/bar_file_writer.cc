// WriteSyntheticBarsWithArrow (gen/synthetic_bars.h): `orbit gen`'s CSV and
// Parquet bar files. Part of the Arrow module (module/arrow_module.h).
#include <arrow/api.h>
#include <arrow/io/api.h>
#include <parquet/arrow/writer.h>
#include <unistd.h>

#include <cmath>
#include <cstdio>
#include <filesystem>
#include <fstream>

#include <fmt/format.h>

#include "calendar/time_zone.h"
#include "core/civil_text.h"
#include "core/error.h"
#include "core/output_set.h"
#include "core/py_float.h"
#include "gen/synthetic_bars.h"

namespace orbit::gen {

using calendar::TimeZone;

namespace {

std::string IsoWithOffset(int64_t ts_ns, const TimeZone& zone) {
  const cctz::civil_second cs = zone.ToCivil(ts_ns);
  const int64_t wall = cs - cctz::civil_second(1970, 1, 1, 0, 0, 0);
  const int64_t offset_min = (wall - calendar::FloorSeconds(ts_ns)) / 60;
  return DateTimeText(cs) + fmt::format("{}{:02d}:{:02d}", offset_min < 0 ? '-' : '+', std::abs(offset_min) / 60,
                                        std::abs(offset_min) % 60);
}

void Check(const arrow::Status& s, const std::string& path) {
  if (!s.ok()) ThrowIo("cannot write " + path + ": " + s.ToString());
}

}  // namespace

uint64_t WriteSyntheticBarsWithArrow(const GenOptions& options, const std::string& path) {
  namespace fs = std::filesystem;
  const fs::path target(path);
  std::string ext = target.extension().string();
  for (char& ch : ext) ch = static_cast<char>(std::tolower(static_cast<unsigned char>(ch)));
  if (ext != ".csv" && ext != ".parquet" && ext != ".pq")
    ThrowUsage("--out: '" + path + "' has no bar file extension (.csv, .parquet)");
  OutputSet outputs;  // folder created (exit 3 when it cannot be), temporary removed on failure
  outputs.Declare(path, "--out");
  const fs::path tmp = outputs.Stage(path);
  const TimeZone& zone = TimeZone::Chicago();
  const std::string symbol(options.instrument.symbol);
  uint64_t n = 0;
  try {
    if (ext == ".csv") {
      std::ofstream out(tmp, std::ios::binary);
      if (!out) ThrowIo("cannot write " + path);
      out << "timestamp,open,high,low,close,volume,instrument\n";
      std::string line;
      n = GenerateBars(options, [&](const GeneratedBar& b) {
        line.clear();
        line += IsoWithOffset(b.ts_ns, zone);
        for (double price : {b.open, b.high, b.low, b.close}) {
          line += ',';
          AppendPyFloat(line, price);
        }
        line += ',' + std::to_string(b.volume) + ',';
        line += symbol;
        line += '\n';
        out << line;
      });
      out.close();
      if (!out) ThrowIo("write failed for " + path);
    } else {
      auto schema = arrow::schema({arrow::field("timestamp", arrow::timestamp(arrow::TimeUnit::NANO, "America/Chicago")),
                                   arrow::field("open", arrow::float64()), arrow::field("high", arrow::float64()),
                                   arrow::field("low", arrow::float64()), arrow::field("close", arrow::float64()),
                                   arrow::field("volume", arrow::int64()), arrow::field("instrument", arrow::utf8())});
      auto sink = arrow::io::FileOutputStream::Open(tmp.string());
      Check(sink.status(), path);
      parquet::WriterProperties::Builder props;
      props.compression(parquet::Compression::SNAPPY);
      props.max_row_group_length(32 * 1024);
      // Store the Arrow schema so readers (pandas, pyarrow) get the column's
      // zone back, as a file written by pandas has it.
      auto arrow_props = parquet::ArrowWriterProperties::Builder().store_schema()->build();
      auto writer_r =
          parquet::arrow::FileWriter::Open(*schema, arrow::default_memory_pool(), *sink, props.build(), arrow_props);
      Check(writer_r.status(), path);
      std::unique_ptr<parquet::arrow::FileWriter> writer = std::move(*writer_r);
      arrow::TimestampBuilder ts(schema->field(0)->type(), arrow::default_memory_pool());
      arrow::DoubleBuilder o, h, l, c;
      arrow::Int64Builder v;
      arrow::StringBuilder inst;
      int64_t pending = 0;
      auto flush = [&]() {
        if (pending == 0) return;
        std::shared_ptr<arrow::Array> a[7];
        Check(ts.Finish(&a[0]), path);
        Check(o.Finish(&a[1]), path);
        Check(h.Finish(&a[2]), path);
        Check(l.Finish(&a[3]), path);
        Check(c.Finish(&a[4]), path);
        Check(v.Finish(&a[5]), path);
        Check(inst.Finish(&a[6]), path);
        auto batch = arrow::RecordBatch::Make(schema, pending, {a[0], a[1], a[2], a[3], a[4], a[5], a[6]});
        Check(writer->WriteRecordBatch(*batch), path);
        pending = 0;
      };
      n = GenerateBars(options, [&](const GeneratedBar& b) {
        Check(ts.Append(b.ts_ns), path);
        Check(o.Append(b.open), path);
        Check(h.Append(b.high), path);
        Check(l.Append(b.low), path);
        Check(c.Append(b.close), path);
        Check(v.Append(b.volume), path);
        Check(inst.Append(symbol), path);
        if (++pending == 32 * 1024) flush();
      });
      flush();
      Check(writer->Close(), path);
      Check((*sink)->Close(), path);
    }
  } catch (const std::exception& e) {
    if (dynamic_cast<const Error*>(&e)) throw;
    ThrowIo("cannot write " + path + ": " + e.what());  // std::filesystem and stream failures
  }
  outputs.Commit();
  return n;
}

}  // namespace orbit::gen
