// research::ReadPnlFileWithArrow: the daily P&L file (CSV or Parquet) through
// Arrow's readers; part of the Arrow module (module/arrow_module.h).
#include <arrow/api.h>
#include <arrow/csv/api.h>
#include <arrow/io/api.h>
#include <parquet/arrow/reader.h>

#include <cctype>
#include <cmath>
#include <filesystem>
#include <map>
#include <string_view>
#include <tuple>

#include "core/error.h"
#include "research/pnl_table.h"

namespace orbit::research {
namespace {

template <typename T>
T OrThrowIo(arrow::Result<T> result, const std::string& path) {
  if (!result.ok()) ThrowIo("cannot read P&L file " + path + ": " + result.status().ToString());
  return std::move(result).ValueOrDie();
}

bool IsCsv(const std::string& path) {
  std::string ext = std::filesystem::path(path).extension().string();
  for (char& c : ext) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return ext == ".csv";
}

std::shared_ptr<arrow::Table> ReadTable(const std::string& path) {
  auto input = OrThrowIo(arrow::io::ReadableFile::Open(path), path);
  if (IsCsv(path)) {
    arrow::csv::ConvertOptions convert = arrow::csv::ConvertOptions::Defaults();
    for (const char* name : {"instrument", "group", "stream", "slot", "date"}) convert.column_types[name] = arrow::utf8();
    convert.column_types["pnl_usd"] = arrow::float64();
    convert.column_types["combo"] = arrow::int64();
    convert.column_types["trades"] = arrow::int64();
    convert.strings_can_be_null = false;
    auto reader = OrThrowIo(arrow::csv::TableReader::Make(arrow::io::default_io_context(), input,
                                                          arrow::csv::ReadOptions::Defaults(),
                                                          arrow::csv::ParseOptions::Defaults(), convert),
                            path);
    return OrThrowIo(reader->Read(), path);
  }
  auto reader = OrThrowIo(parquet::arrow::OpenFile(input, arrow::default_memory_pool()), path);
  std::shared_ptr<arrow::Table> table;
  const arrow::Status st = reader->ReadTable(&table);
  if (!st.ok()) ThrowIo("cannot read P&L file " + path + ": " + st.ToString());
  return table;
}

class Columns {
 public:
  Columns(const std::string& path, const arrow::Table& table) : path_(path), table_(table) {}

  std::vector<int64_t> Integers(const std::string& name) const {
    std::vector<int64_t> out;
    for (const auto& chunk : Find(name)->chunks()) {
      const arrow::Array& a = *chunk;
      for (int64_t i = 0; i < a.length(); ++i) {
        if (a.IsNull(i)) Bad(name, out.size(), "missing value");
        switch (a.type_id()) {
          case arrow::Type::INT64: out.push_back(static_cast<const arrow::Int64Array&>(a).Value(i)); break;
          case arrow::Type::INT32: out.push_back(static_cast<const arrow::Int32Array&>(a).Value(i)); break;
          case arrow::Type::UINT32: out.push_back(static_cast<const arrow::UInt32Array&>(a).Value(i)); break;
          default: Bad(name, out.size(), "expected an integer, got " + a.type()->ToString());
        }
      }
    }
    return out;
  }

  std::vector<double> Numbers(const std::string& name) const {
    std::vector<double> out;
    for (const auto& chunk : Find(name)->chunks()) {
      const arrow::Array& a = *chunk;
      for (int64_t i = 0; i < a.length(); ++i) {
        if (a.IsNull(i)) Bad(name, out.size(), "missing value");
        double v = 0;
        switch (a.type_id()) {
          case arrow::Type::DOUBLE: v = static_cast<const arrow::DoubleArray&>(a).Value(i); break;
          case arrow::Type::INT64: v = static_cast<double>(static_cast<const arrow::Int64Array&>(a).Value(i)); break;
          default: Bad(name, out.size(), "expected a number, got " + a.type()->ToString());
        }
        if (!std::isfinite(v)) Bad(name, out.size(), "not a finite number");
        out.push_back(v);
      }
    }
    return out;
  }

  // Days since 1970-01-01 from date32, date64, a timestamp or YYYY-MM-DD text.
  std::vector<int32_t> Dates(const std::string& name) const {
    std::vector<int32_t> out;
    for (const auto& chunk : Find(name)->chunks()) {
      const arrow::Array& a = *chunk;
      for (int64_t i = 0; i < a.length(); ++i) {
        if (a.IsNull(i)) Bad(name, out.size(), "missing value");
        switch (a.type_id()) {
          case arrow::Type::DATE32: out.push_back(static_cast<const arrow::Date32Array&>(a).Value(i)); break;
          case arrow::Type::DATE64:
            out.push_back(static_cast<int32_t>(static_cast<const arrow::Date64Array&>(a).Value(i) / 86'400'000));
            break;
          case arrow::Type::STRING: {
            const std::string text = static_cast<const arrow::StringArray&>(a).GetString(i);
            int32_t days = 0;
            if (!ParseIsoDay(text, days)) Bad(name, out.size(), "expected a date YYYY-MM-DD, got '" + text + "'");
            out.push_back(days);
            break;
          }
          case arrow::Type::TIMESTAMP: {  // a naive midnight (pandas' datetime64); a zone is ignored
            const auto& ts = static_cast<const arrow::TimestampArray&>(a);
            const auto unit = static_cast<const arrow::TimestampType&>(*a.type()).unit();
            const int64_t per_day = unit == arrow::TimeUnit::SECOND ? 86'400LL
                                    : unit == arrow::TimeUnit::MILLI ? 86'400'000LL
                                    : unit == arrow::TimeUnit::MICRO ? 86'400'000'000LL
                                                                     : 86'400'000'000'000LL;
            const int64_t v = ts.Value(i);
            out.push_back(static_cast<int32_t>(v / per_day - (v % per_day < 0 ? 1 : 0)));
            break;
          }
          default: Bad(name, out.size(), "expected a date, got " + a.type()->ToString());
        }
      }
    }
    return out;
  }

 private:
  std::shared_ptr<arrow::ChunkedArray> Find(const std::string& name) const {
    auto column = table_.GetColumnByName(name);
    if (!column) Missing(name);
    return column;
  }
  [[noreturn]] void Missing(const std::string& name) const {
    ThrowBadInput(path_ + ": P&L file has no column '" + name + "'");
  }
  [[noreturn]] void Bad(const std::string& column, size_t row, const std::string& what) const {
    ThrowBadInput(path_ + ": row " + std::to_string(row + 1) + ", column '" + column + "': " + what);
  }

  const std::string& path_;
  const arrow::Table& table_;
};

// Reads a text column row by row without copying it (the views stay valid
// while the table lives). An absent column gives "" for every row.
class TextCursor {
 public:
  TextCursor(const std::string& path, const arrow::Table& table, const std::string& name, bool required)
      : path_(path), name_(name) {
    column_ = table.GetColumnByName(name);
    if (!column_ && required) ThrowBadInput(path + ": P&L file has no column '" + name + "'");
  }
  std::string_view Next(size_t row) {
    if (!column_) return {};
    while (chunk_ < column_->num_chunks() && at_ >= column_->chunk(chunk_)->length()) ++chunk_, at_ = 0;
    if (chunk_ >= column_->num_chunks()) return {};
    const arrow::Array& a = *column_->chunk(chunk_);
    const int64_t i = at_++;
    if (a.type_id() == arrow::Type::NA || a.IsNull(i)) return {};
    switch (a.type_id()) {
      case arrow::Type::STRING: return static_cast<const arrow::StringArray&>(a).GetView(i);
      case arrow::Type::LARGE_STRING: return static_cast<const arrow::LargeStringArray&>(a).GetView(i);
      case arrow::Type::DICTIONARY: {
        const auto& dict = static_cast<const arrow::DictionaryArray&>(a);
        if (dict.dictionary()->type_id() == arrow::Type::STRING)
          return static_cast<const arrow::StringArray&>(*dict.dictionary()).GetView(dict.GetValueIndex(i));
        break;
      }
      default: break;
    }
    ThrowBadInput(path_ + ": row " + std::to_string(row + 1) + ", column '" + name_ + "': expected text, got " +
                  a.type()->ToString());
  }

 private:
  const std::string& path_;
  std::string name_;
  std::shared_ptr<arrow::ChunkedArray> column_;
  int chunk_ = 0;
  int64_t at_ = 0;
};

}  // namespace

PnlTable ReadPnlFileWithArrow(const std::string& path) {
  const std::shared_ptr<arrow::Table> table = ReadTable(path);
  const Columns c(path, *table);
  TextCursor instrument(path, *table, "instrument", true), group(path, *table, "group", true),
      stream(path, *table, "stream", false), slot(path, *table, "slot", false);
  PnlTable t;
  t.combo = c.Integers("combo");
  t.trades = c.Integers("trades");
  t.date = c.Dates("date");
  t.pnl_usd = c.Numbers("pnl_usd");
  t.group.resize(t.combo.size());
  std::map<std::pair<std::string, std::string>, uint32_t> index;
  std::string last_instrument, last_group;
  uint32_t last = UINT32_MAX;
  for (size_t i = 0; i < t.combo.size(); ++i) {
    if (t.trades[i] < 0)
      ThrowBadInput(path + ": row " + std::to_string(i + 1) + ", column 'trades': negative (" +
                    std::to_string(t.trades[i]) + ")");
    const std::string_view inst = instrument.Next(i), grp = group.Next(i), str = stream.Next(i), sl = slot.Next(i);
    if (last == UINT32_MAX || inst != last_instrument || grp != last_group) {
      last_instrument = inst, last_group = grp;
      auto [it, added] = index.try_emplace({last_instrument, last_group}, static_cast<uint32_t>(t.groups.size()));
      if (added) t.groups.push_back({last_instrument, last_group, std::string(str), std::string(sl)});
      last = it->second;
    }
    t.group[i] = last;
  }
  return t;
}

}  // namespace orbit::research
