#include "report/sweep_summary.h"

#include <arrow/api.h>
#include <arrow/csv/api.h>
#include <arrow/io/api.h>
#include <parquet/arrow/reader.h>

#include <cmath>
#include <filesystem>

#include "core/error.h"

namespace orbit::report {
namespace {

constexpr const char* kTextColumns[] = {"instrument", "group", "stream", "slot", "drawdown_start", "drawdown_end"};

template <typename T>
T OrThrowIo(arrow::Result<T> result, const std::string& path) {
  if (!result.ok()) ThrowIo("cannot read sweep summary " + path + ": " + result.status().ToString());
  return std::move(result).ValueOrDie();
}

bool IsCsv(const std::string& path) {
  std::string ext = std::filesystem::path(path).extension().string();
  for (char& c : ext) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return ext == ".csv";
}

// The whole file (CSV: text columns as text, the rest inferred), or only its
// schema when `schema_only`.
std::shared_ptr<arrow::Table> ReadFile(const std::string& path, bool schema_only) {
  auto input = OrThrowIo(arrow::io::ReadableFile::Open(path), path);
  if (IsCsv(path)) {
    arrow::csv::ReadOptions read = arrow::csv::ReadOptions::Defaults();
    arrow::csv::ConvertOptions convert = arrow::csv::ConvertOptions::Defaults();
    for (const char* name : kTextColumns) convert.column_types[name] = arrow::utf8();
    convert.strings_can_be_null = true;
    if (schema_only) read.block_size = 1 << 16;
    auto reader = OrThrowIo(arrow::csv::StreamingReader::Make(arrow::io::default_io_context(), input, read,
                                                              arrow::csv::ParseOptions::Defaults(), convert),
                            path);
    if (schema_only) return OrThrowIo(arrow::Table::MakeEmpty(reader->schema()), path);
    return OrThrowIo(reader->ToTable(), path);
  }
  auto reader = OrThrowIo(parquet::arrow::OpenFile(input, arrow::default_memory_pool()), path);
  std::shared_ptr<arrow::Schema> schema;
  if (!reader->GetSchema(&schema).ok()) ThrowIo("cannot read sweep summary " + path);
  if (schema_only) return OrThrowIo(arrow::Table::MakeEmpty(schema), path);
  std::shared_ptr<arrow::Table> table;
  const arrow::Status st = reader->ReadTable(&table);
  if (!st.ok()) ThrowIo("cannot read sweep summary " + path + ": " + st.ToString());
  return table;
}

class Columns {
 public:
  Columns(std::string path, const arrow::Table& table) : path_(std::move(path)), table_(table) {}

  // Column `name` as numbers (int or float); `nullable` columns give NaN for nulls.
  std::vector<double> Numbers(const std::string& name, bool nullable = false) const {
    std::vector<double> out;
    for (const auto& chunk : Find(name)->chunks()) {
      const arrow::Array& a = *chunk;
      for (int64_t i = 0; i < a.length(); ++i) {
        if (a.IsNull(i)) {
          if (!nullable) Bad(name, out.size(), "missing value");
          out.push_back(std::nan(""));
        } else if (a.type_id() == arrow::Type::DOUBLE) {
          out.push_back(static_cast<const arrow::DoubleArray&>(a).Value(i));
        } else if (a.type_id() == arrow::Type::INT64) {
          out.push_back(static_cast<double>(static_cast<const arrow::Int64Array&>(a).Value(i)));
        } else {
          Bad(name, out.size(), "expected a number, got " + a.type()->ToString());
        }
      }
    }
    return out;
  }

  std::vector<std::string> Texts(const std::string& name) const {
    std::vector<std::string> out;
    for (const auto& chunk : Find(name)->chunks()) {
      const arrow::Array& a = *chunk;
      if (a.type_id() != arrow::Type::STRING && a.type_id() != arrow::Type::NA)
        Bad(name, out.size(), "expected text, got " + a.type()->ToString());
      for (int64_t i = 0; i < a.length(); ++i)
        out.push_back(a.IsNull(i) || a.type_id() == arrow::Type::NA
                          ? std::string()
                          : static_cast<const arrow::StringArray&>(a).GetString(i));
    }
    return out;
  }

 private:
  std::shared_ptr<arrow::ChunkedArray> Find(const std::string& name) const {
    auto column = table_.GetColumnByName(name);
    if (const size_t n = table_.schema()->GetAllFieldIndices(name).size(); n > 1)
      ThrowBadInput(path_ + ": sweep summary: column '" + name + "' appears " + std::to_string(n) + " times");
    if (!column) ThrowBadInput(path_ + ": sweep summary has no column '" + name + "'");
    return column;
  }
  [[noreturn]] void Bad(const std::string& column, size_t row, const std::string& what) const {
    ThrowBadInput(path_ + ": row " + std::to_string(row + 1) + ", column '" + column + "': " + what);
  }

  std::string path_;
  const arrow::Table& table_;
};

}  // namespace

bool IsSweepSummaryFileWithArrow(const std::string& path) {
  const std::shared_ptr<arrow::Table> t = ReadFile(path, true);
  // A duplicated header name is still a SUMMARY (reported as such when read).
  return !t->schema()->GetAllFieldIndices("combo").empty() && !t->schema()->GetAllFieldIndices("stop_cap").empty();
}

std::vector<SweepSummaryRow> ReadSweepSummaryWithArrow(const std::string& path) {
  const std::shared_ptr<arrow::Table> table = ReadFile(path, false);
  const Columns c(path, *table);
  const std::vector<double> combo = c.Numbers("combo"), target = c.Numbers("target"), stop_cap = c.Numbers("stop_cap"),
                            t1 = c.Numbers("t1"), be_offset = c.Numbers("be_offset"), trades = c.Numbers("trades"),
                            win_rate = c.Numbers("win_rate_pct"), usd = c.Numbers("usd"),
                            pf = c.Numbers("profit_factor", true), expectancy = c.Numbers("expectancy_usd"),
                            max_dd = c.Numbers("max_drawdown_usd");
  const std::vector<std::string> instrument = c.Texts("instrument"), group = c.Texts("group"),
                                 stream = c.Texts("stream"), slot = c.Texts("slot");
  std::vector<SweepSummaryRow> rows(combo.size());
  for (size_t i = 0; i < rows.size(); ++i) {
    SweepSummaryRow& r = rows[i];
    r.combo = static_cast<int64_t>(combo[i]);
    r.instrument = instrument[i];
    r.group = group[i];
    r.stream = stream[i];
    r.slot = slot[i];
    r.target = target[i];
    r.stop_cap = stop_cap[i];
    r.t1 = t1[i];
    r.be_offset = static_cast<int64_t>(be_offset[i]);
    r.trades = static_cast<int64_t>(trades[i]);
    r.win_rate_pct = win_rate[i];
    r.usd = usd[i];
    r.profit_factor = pf[i];
    r.expectancy_usd = expectancy[i];
    r.max_drawdown_usd = max_dd[i];
  }
  return rows;
}

}  // namespace orbit::report
