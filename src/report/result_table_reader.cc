#include "report/result_table_reader.h"

#include <arrow/api.h>
#include <arrow/csv/api.h>
#include <arrow/io/api.h>
#include <parquet/arrow/reader.h>

#include <cmath>
#include <filesystem>

#include "core/error.h"

namespace orbit::report {
namespace {

template <typename T>
T ValueOrThrowIo(arrow::Result<T> result, const std::string& path) {
  if (!result.ok()) ThrowIo("cannot read result table " + path + ": " + result.status().ToString());
  return std::move(result).ValueOrDie();
}

void CheckIo(const arrow::Status& status, const std::string& path) {
  if (!status.ok()) ThrowIo("cannot read result table " + path + ": " + status.ToString());
}

std::shared_ptr<arrow::Table> ReadCsv(const std::string& path) {
  auto input = ValueOrThrowIo(arrow::io::ReadableFile::Open(path), path);
  arrow::csv::ConvertOptions convert = arrow::csv::ConvertOptions::Defaults();
  for (const char* name : {"Date", "Time", "EntryTime", "ExitTime", "Result", "Direction", "Stream", "Instrument",
                           "Session"})
    convert.column_types[name] = arrow::utf8();
  for (const char* name : {"Profit", "Peak", "Range"}) convert.column_types[name] = arrow::float64();
  auto reader = ValueOrThrowIo(
      arrow::csv::TableReader::Make(arrow::io::default_io_context(), input, arrow::csv::ReadOptions::Defaults(),
                                    arrow::csv::ParseOptions::Defaults(), convert),
      path);
  return ValueOrThrowIo(reader->Read(), path);
}

std::shared_ptr<arrow::Table> ReadParquet(const std::string& path) {
  auto input = ValueOrThrowIo(arrow::io::ReadableFile::Open(path), path);
  auto reader = ValueOrThrowIo(parquet::arrow::OpenFile(input, arrow::default_memory_pool()), path);
  std::shared_ptr<arrow::Table> table;
  CheckIo(reader->ReadTable(&table), path);
  return table;
}

// Decodes one column into `n` values, chunk by chunk. Each Get* knows the
// Arrow types its column may have and names file, row and column on failure.
class ColumnReader {
 public:
  ColumnReader(std::string path, const arrow::Table& table) : path_(std::move(path)), table_(table) {}

  std::shared_ptr<arrow::ChunkedArray> Find(const std::string& name, bool required) const {
    std::shared_ptr<arrow::ChunkedArray> column = table_.GetColumnByName(name);
    if (!column && required) ThrowBadInput(path_ + ": result table has no column '" + name + "'");
    return column;
  }

  std::vector<std::string> Strings(const std::string& name, bool required, const std::string& fallback) const {
    std::vector<std::string> out;
    const auto column = Find(name, required);
    if (!column) return std::vector<std::string>(static_cast<size_t>(table_.num_rows()), fallback);
    out.reserve(static_cast<size_t>(column->length()));
    for (const auto& chunk : column->chunks()) AppendStrings(name, *chunk, out);
    return out;
  }

  std::vector<double> Doubles(const std::string& name, bool required) const {
    std::vector<double> out;
    const auto column = Find(name, required);
    if (!column) return std::vector<double>(static_cast<size_t>(table_.num_rows()), 0.0);
    out.reserve(static_cast<size_t>(column->length()));
    for (const auto& chunk : column->chunks()) {
      const arrow::Array& a = *chunk;
      for (int64_t i = 0; i < a.length(); ++i) {
        if (a.IsNull(i)) Bad(name, out.size(), "missing value");
        switch (a.type_id()) {
          case arrow::Type::DOUBLE: out.push_back(static_cast<const arrow::DoubleArray&>(a).Value(i)); break;
          case arrow::Type::FLOAT: out.push_back(static_cast<const arrow::FloatArray&>(a).Value(i)); break;
          case arrow::Type::INT64:
            out.push_back(static_cast<double>(static_cast<const arrow::Int64Array&>(a).Value(i)));
            break;
          case arrow::Type::INT32: out.push_back(static_cast<const arrow::Int32Array&>(a).Value(i)); break;
          default: Bad(name, out.size(), "unsupported type " + a.type()->ToString());
        }
      }
    }
    return out;
  }

  // Nullable numbers (the extended columns' NoTrade nulls) as NaN.
  std::vector<double> DoublesOrNaN(const std::string& name) const {
    std::vector<double> out;
    const auto column = Find(name, true);
    for (const auto& chunk : column->chunks()) {
      const arrow::Array& a = *chunk;
      for (int64_t i = 0; i < a.length(); ++i) {
        if (a.IsNull(i)) {
          out.push_back(std::nan(""));
        } else if (a.type_id() == arrow::Type::DOUBLE) {
          out.push_back(static_cast<const arrow::DoubleArray&>(a).Value(i));
        } else if (a.type_id() == arrow::Type::INT64) {
          out.push_back(static_cast<double>(static_cast<const arrow::Int64Array&>(a).Value(i)));
        } else if (a.type_id() != arrow::Type::NA) {
          Bad(name, out.size(), "unsupported type " + a.type()->ToString());
        } else {
          out.push_back(std::nan(""));
        }
      }
    }
    return out;
  }

  std::vector<bool> Bools(const std::string& name) const {
    std::vector<bool> out;
    const auto column = Find(name, true);
    for (const auto& chunk : column->chunks()) {
      const arrow::Array& a = *chunk;
      if (a.type_id() != arrow::Type::BOOL) Bad(name, out.size(), "expected True/False, got " + a.type()->ToString());
      const auto& b = static_cast<const arrow::BooleanArray&>(a);
      for (int64_t i = 0; i < a.length(); ++i) {
        if (a.IsNull(i)) Bad(name, out.size(), "missing value");
        out.push_back(b.Value(i));
      }
    }
    return out;
  }

  std::vector<cctz::civil_day> Dates(const std::string& name) const {
    std::vector<cctz::civil_day> out;
    const auto column = Find(name, true);
    out.reserve(static_cast<size_t>(column->length()));
    const cctz::civil_day epoch(1970, 1, 1);
    for (const auto& chunk : column->chunks()) {
      const arrow::Array& a = *chunk;
      const arrow::Type::type id = a.type_id();
      if (id == arrow::Type::STRING || id == arrow::Type::LARGE_STRING || id == arrow::Type::DICTIONARY) {
        std::vector<std::string> texts;
        AppendStrings(name, a, texts);
        for (const std::string& t : texts) out.push_back(ParseDay(name, out.size(), t));
        continue;
      }
      for (int64_t i = 0; i < a.length(); ++i) {
        if (a.IsNull(i)) Bad(name, out.size(), "missing date");
        if (id == arrow::Type::DATE32) {
          out.push_back(epoch + static_cast<const arrow::Date32Array&>(a).Value(i));
        } else if (id == arrow::Type::DATE64) {
          out.push_back(epoch + FloorDiv(static_cast<const arrow::Date64Array&>(a).Value(i), 86400000));
        } else if (id == arrow::Type::TIMESTAMP) {
          const auto& type = static_cast<const arrow::TimestampType&>(*a.type());
          int64_t per_day = 86400;
          switch (type.unit()) {
            case arrow::TimeUnit::SECOND: break;
            case arrow::TimeUnit::MILLI: per_day *= 1000; break;
            case arrow::TimeUnit::MICRO: per_day *= 1000000; break;
            case arrow::TimeUnit::NANO: per_day *= 1000000000; break;
          }
          out.push_back(epoch + FloorDiv(static_cast<const arrow::TimestampArray&>(a).Value(i), per_day));
        } else {
          Bad(name, out.size(), "unsupported type " + a.type()->ToString());
        }
      }
    }
    return out;
  }

  [[noreturn]] void Bad(const std::string& column, size_t row, const std::string& what) const {
    ThrowBadInput(path_ + ": row " + std::to_string(row + 1) + ", column " + column + ": " + what);
  }

 private:
  static int64_t FloorDiv(int64_t a, int64_t b) { return a / b - ((a % b != 0) && ((a < 0) != (b < 0))); }

  cctz::civil_day ParseDay(const std::string& column, size_t row, const std::string& text) const {
    int y = 0, m = 0, d = 0;
    char tail = 0;
    // "YYYY-MM-DD", optionally followed by a midnight time ("2024-01-02 00:00:00").
    if (text.size() < 10 || std::sscanf(text.c_str(), "%4d-%2d-%2d%c", &y, &m, &d, &tail) < 3 ||
        (text.size() > 10 && tail != ' ' && tail != 'T'))
      Bad(column, row, "'" + text + "' is not a YYYY-MM-DD date");
    const cctz::civil_day day(y, m, d);
    if (day.year() != y || day.month() != m || day.day() != d) Bad(column, row, "'" + text + "' is not a valid date");
    return day;
  }

  void AppendStrings(const std::string& name, const arrow::Array& a, std::vector<std::string>& out) const {
    switch (a.type_id()) {
      case arrow::Type::STRING: {
        const auto& s = static_cast<const arrow::StringArray&>(a);
        for (int64_t i = 0; i < a.length(); ++i) out.push_back(s.IsNull(i) ? std::string() : s.GetString(i));
        return;
      }
      case arrow::Type::LARGE_STRING: {
        const auto& s = static_cast<const arrow::LargeStringArray&>(a);
        for (int64_t i = 0; i < a.length(); ++i) out.push_back(s.IsNull(i) ? std::string() : s.GetString(i));
        return;
      }
      case arrow::Type::DICTIONARY: {
        const auto& dict = static_cast<const arrow::DictionaryArray&>(a);
        std::vector<std::string> values;
        AppendStrings(name, *dict.dictionary(), values);
        for (int64_t i = 0; i < a.length(); ++i) {
          if (dict.IsNull(i)) {
            out.emplace_back();
            continue;
          }
          const int64_t index = dict.GetValueIndex(i);
          if (index < 0 || static_cast<size_t>(index) >= values.size()) Bad(name, out.size(), "bad dictionary index");
          out.push_back(values[static_cast<size_t>(index)]);
        }
        return;
      }
      case arrow::Type::NA:  // an all-empty CSV column
        out.insert(out.end(), static_cast<size_t>(a.length()), std::string());
        return;
      default: Bad(name, out.size(), "unsupported type " + a.type()->ToString());
    }
  }

  std::string path_;
  const arrow::Table& table_;
};

}  // namespace

std::vector<TradeRecord> ReadResultFileWithArrow(const std::string& path) {
  std::error_code ec;
  if (!std::filesystem::is_regular_file(path, ec)) ThrowIo("result table " + path + " does not exist or is not a file");
  const std::string ext = std::filesystem::path(path).extension().string();
  const std::shared_ptr<arrow::Table> table = (ext == ".csv" || ext == ".CSV") ? ReadCsv(path) : ReadParquet(path);
  return RecordsFromArrowTable(*table, path);
}

std::vector<TradeRecord> RecordsFromArrowTable(const arrow::Table& table, const std::string& source_name) {
  const ColumnReader columns(source_name, table);
  const size_t n = static_cast<size_t>(table.num_rows());
  std::vector<cctz::civil_day> dates = columns.Dates("Date");
  std::vector<std::string> times = columns.Strings("Time", true, "");
  std::vector<std::string> results = columns.Strings("Result", true, "");
  std::vector<double> profits = columns.Doubles("Profit", true);
  std::vector<std::string> streams = columns.Strings("Stream", true, "");
  std::vector<std::string> instruments = columns.Strings("Instrument", true, "");
  std::vector<double> peaks = columns.Doubles("Peak", false);
  std::vector<double> ranges = columns.Doubles("Range", false);
  std::vector<std::string> directions = columns.Strings("Direction", false, "NA");
  std::vector<std::string> sessions = columns.Strings("Session", false, "");
  std::vector<std::string> entry_times = columns.Strings("EntryTime", false, "");
  std::vector<std::string> exit_times = columns.Strings("ExitTime", false, "");
  // The extended columns (orbit run --columns extended) are read when present.
  const bool extended = columns.Find("NetUSD", false) && columns.Find("MAE", false) && columns.Find("Ambiguous", false);
  std::vector<double> net_usd = extended ? columns.Doubles("NetUSD", true) : std::vector<double>();
  // The run's costs (tables of the extended columns carry all four USD columns).
  const bool costs = extended && columns.Find("GrossUSD", false) && columns.Find("CommissionUSD", false) &&
                     columns.Find("SlippageUSD", false);
  std::vector<double> gross_usd = costs ? columns.Doubles("GrossUSD", true) : std::vector<double>();
  std::vector<double> commission_usd = costs ? columns.Doubles("CommissionUSD", true) : std::vector<double>();
  std::vector<double> slippage_usd = costs ? columns.Doubles("SlippageUSD", true) : std::vector<double>();
  std::vector<double> mae = extended ? columns.DoublesOrNaN("MAE") : std::vector<double>();
  std::vector<bool> ambiguous = extended ? columns.Bools("Ambiguous") : std::vector<bool>();
  std::vector<TradeRecord> out(n);
  for (size_t i = 0; i < n; ++i) {
    TradeRecord& r = out[i];
    r.date = dates[i];
    r.time = std::move(times[i]);
    if (!ParseOutcome(results[i], &r.result))
      columns.Bad("Result", i, "'" + results[i] + "' is not Win, BE, Loss, TIME, OPEN or NoTrade");
    r.profit = profits[i];
    if (!std::isfinite(r.profit)) columns.Bad("Profit", i, "not a finite number");
    r.stream = std::move(streams[i]);
    r.instrument = std::move(instruments[i]);
    if (r.instrument.empty()) columns.Bad("Instrument", i, "empty");
    r.peak = peaks[i];
    r.range = ranges[i];
    r.direction = directions[i].empty() ? "NA" : std::move(directions[i]);
    r.session = std::move(sessions[i]);
    r.entry_time = std::move(entry_times[i]);
    r.exit_time = std::move(exit_times[i]);
    if (extended) {
      r.has_extended = true;
      r.net_usd = net_usd[i];
      // Without the cost columns: the net as gross, no costs known.
      r.gross_usd = costs ? gross_usd[i] : net_usd[i];
      r.commission_usd = costs ? commission_usd[i] : 0.0;
      r.slippage_usd = costs ? slippage_usd[i] : 0.0;
      r.mae = mae[i];
      r.ambiguous = ambiguous[i];
    }
  }
  return out;
}

}  // namespace orbit::report
