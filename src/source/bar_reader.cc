#include "source/bar_reader.h"

#include <arrow/api.h>
#include <arrow/csv/api.h>
#include <arrow/io/api.h>
#include <parquet/arrow/reader.h>
#include <parquet/exception.h>
#include <parquet/statistics.h>

#include <cmath>
#include <fstream>
#include <limits>

#include "calendar/naive_localizer.h"
#include "core/error.h"
#include "source/arrow_time_unit.h"
#include "core/py_float.h"
#include "source/file_discovery.h"
#include "source/input_filesystem.h"
#include "source/row_group_filter.h"
#include "core/instrument.h"

namespace orbit::source {
namespace {

constexpr const char* kPriceNames[4] = {"open", "high", "low", "close"};

std::string Upper(std::string_view s) {
  std::string out(s);
  for (char& c : out) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  return out;
}

std::string TrimUpper(std::string_view s) {
  size_t b = 0, e = s.size();
  while (b < e && std::isspace(static_cast<unsigned char>(s[b]))) ++b;
  while (e > b && std::isspace(static_cast<unsigned char>(s[e - 1]))) --e;
  return Upper(s.substr(b, e - b));
}

template <typename T>
T ValueOrThrowIo(arrow::Result<T> r, const std::string& file) {
  if (!r.ok()) ThrowIo(file + ": " + r.status().message());
  return std::move(r).ValueOrDie();
}

void OkOrThrowIo(const arrow::Status& s, const std::string& file) {
  if (!s.ok()) ThrowIo(file + ": " + s.message());
}

// Text of one instrument cell whatever the Arrow string encoding.
class StringColumn {
 public:
  explicit StringColumn(const std::shared_ptr<arrow::Array>& array) : array_(array) {
    if (array->type_id() == arrow::Type::DICTIONARY) {
      const auto& dict = static_cast<const arrow::DictionaryArray&>(*array);
      indices_ = dict.indices();
      values_ = dict.dictionary();
    } else {
      values_ = array;
    }
    const arrow::Type::type id = values_->type_id();
    if (id != arrow::Type::STRING && id != arrow::Type::LARGE_STRING && id != arrow::Type::STRING_VIEW)
      supported_ = false;
  }
  bool supported() const { return supported_; }
  bool IsNull(int64_t i) const { return array_->IsNull(i); }
  std::string_view Get(int64_t i) const {
    int64_t j = i;
    if (indices_) {
      switch (indices_->type_id()) {
        case arrow::Type::INT8: j = static_cast<const arrow::Int8Array&>(*indices_).Value(i); break;
        case arrow::Type::INT16: j = static_cast<const arrow::Int16Array&>(*indices_).Value(i); break;
        case arrow::Type::INT32: j = static_cast<const arrow::Int32Array&>(*indices_).Value(i); break;
        default: j = static_cast<const arrow::Int64Array&>(*indices_).Value(i); break;
      }
    }
    switch (values_->type_id()) {
      case arrow::Type::STRING: return static_cast<const arrow::StringArray&>(*values_).GetView(j);
      case arrow::Type::LARGE_STRING: return static_cast<const arrow::LargeStringArray&>(*values_).GetView(j);
      default: return static_cast<const arrow::StringViewArray&>(*values_).GetView(j);
    }
  }

 private:
  std::shared_ptr<arrow::Array> array_, indices_, values_;
  bool supported_ = true;
};

bool IsNumericType(arrow::Type::type id) {
  switch (id) {
    case arrow::Type::DOUBLE: case arrow::Type::FLOAT:
    case arrow::Type::INT8: case arrow::Type::INT16: case arrow::Type::INT32: case arrow::Type::INT64:
    case arrow::Type::UINT8: case arrow::Type::UINT16: case arrow::Type::UINT32: case arrow::Type::UINT64:
      return true;
    default:
      return false;
  }
}

// Numeric column as doubles (null -> NaN). REQUIRES: IsNumericType.
void ToDoubles(const arrow::Array& a, std::vector<double>& out) {
  const int64_t n = a.length();
  out.resize(static_cast<size_t>(n));
  auto fill = [&](auto get) {
    for (int64_t i = 0; i < n; ++i) out[static_cast<size_t>(i)] = a.IsNull(i) ? std::nan("") : static_cast<double>(get(i));
  };
  switch (a.type_id()) {
    case arrow::Type::DOUBLE: {
      const auto& d = static_cast<const arrow::DoubleArray&>(a);
      if (d.null_count() == 0) {
        std::copy(d.raw_values(), d.raw_values() + n, out.begin());
        return;
      }
      fill([&](int64_t i) { return d.Value(i); });
      return;
    }
    case arrow::Type::FLOAT: { const auto& d = static_cast<const arrow::FloatArray&>(a); fill([&](int64_t i) { return d.Value(i); }); return; }
    case arrow::Type::INT8: { const auto& d = static_cast<const arrow::Int8Array&>(a); fill([&](int64_t i) { return d.Value(i); }); return; }
    case arrow::Type::INT16: { const auto& d = static_cast<const arrow::Int16Array&>(a); fill([&](int64_t i) { return d.Value(i); }); return; }
    case arrow::Type::INT32: { const auto& d = static_cast<const arrow::Int32Array&>(a); fill([&](int64_t i) { return d.Value(i); }); return; }
    case arrow::Type::INT64: { const auto& d = static_cast<const arrow::Int64Array&>(a); fill([&](int64_t i) { return d.Value(i); }); return; }
    case arrow::Type::UINT8: { const auto& d = static_cast<const arrow::UInt8Array&>(a); fill([&](int64_t i) { return d.Value(i); }); return; }
    case arrow::Type::UINT16: { const auto& d = static_cast<const arrow::UInt16Array&>(a); fill([&](int64_t i) { return d.Value(i); }); return; }
    case arrow::Type::UINT32: { const auto& d = static_cast<const arrow::UInt32Array&>(a); fill([&](int64_t i) { return d.Value(i); }); return; }
    default: { const auto& d = static_cast<const arrow::UInt64Array&>(a); fill([&](int64_t i) { return d.Value(i); }); return; }
  }
}

// Validation that spans the whole input (all files, all instruments).
struct FrameChecks {
  std::string first_negative_error;  // V5, decided at the end (KI-37)
  bool negative_on_cl = false;
  size_t rows = 0;
};

class BatchDecoder {
 public:
  // Rows outside [lower_ns, upper_ns) are validated but not kept.
  BatchDecoder(const BarReadOptions& options, BarData& data, FrameChecks& frame, const InputFile& file,
               int64_t lower_ns, int64_t upper_ns)
      : options_(options), data_(data), frame_(frame), file_(file), localizer_(*options.input_zone),
        lower_ns_(lower_ns), upper_ns_(upper_ns) {}

  // `first_row` = 0-based data row of the batch's first row within the file.
  void Decode(const arrow::RecordBatch& batch, int64_t first_row) {
    last_view_ = {};  // the previous batch's buffers may be gone
    // A corrupt Parquet page can decode into arrays whose buffers, offsets or
    // dictionary indices are out of bounds; reject them before reading cells.
    // (Full validation only for the string column: numeric ones have no offsets.)
    if (const arrow::Status st = batch.Validate(); !st.ok())
      ThrowIo(file_.path + ": corrupt data near row " + std::to_string(first_row + 1) + ": " + st.message());
    if (const auto col = batch.GetColumnByName("instrument")) {
      if (const arrow::Status st = col->ValidateFull(); !st.ok())
        ThrowIo(file_.path + ": corrupt data in column 'instrument' near row " + std::to_string(first_row + 1) +
                ": " + st.message());
    }
    const std::shared_ptr<arrow::Array> ts = Column(batch, "timestamp");
    DecodeTimestamps(*ts, first_row);
    for (int k = 0; k < 4; ++k) {
      const std::shared_ptr<arrow::Array> col = Column(batch, kPriceNames[k]);
      if (!IsNumericType(col->type_id()))
        BadInput(first_row, kPriceNames[k], "", "is not numeric (type " + col->type()->ToString() + ")");
      ToDoubles(*col, prices_[k]);
    }
    std::optional<StringColumn> instruments;
    if (const auto col = batch.GetColumnByName("instrument")) {
      instruments.emplace(col);
      if (!instruments->supported())
        BadInput(first_row, "instrument", "", "is not a string column (type " + col->type()->ToString() + ")");
    }
    const int64_t n = batch.num_rows();
    frame_.rows += static_cast<size_t>(n);
    data_.rows_read += static_cast<size_t>(n);
    for (int64_t i = 0; i < n; ++i) {
      const size_t r = static_cast<size_t>(i);
      std::string_view raw_instrument = file_.partition_instrument.empty() ? std::string_view(options_.default_instrument)
                                                                           : std::string_view(file_.partition_instrument);
      if (instruments) {
        if (instruments->IsNull(i)) BadInput(first_row + i, "instrument", "null", "is missing");
        raw_instrument = instruments->Get(i);
      }
      BarColumns* target = Target(raw_instrument, first_row + i);
      const bool is_cl = cl_like_;
      const double o = prices_[0][r], h = prices_[1][r], l = prices_[2][r], c = prices_[3][r];
      for (int k = 0; k < 4; ++k) {
        const double v = prices_[k][r];
        if (!std::isfinite(v)) {
          if (options_.nan_policy == NanPolicy::kError)
            BadInput(first_row + i, kPriceNames[k], PyFloat(v),
                     "is not a finite price (use --nan-prices accept to let NaN through like the reference, KI-39)");
        } else if (v < 0) {
          NegativePrice(first_row + i, kPriceNames[k], v, is_cl);
        } else if (v == 0 && !is_cl) {
          // A zero price is a data error (a 0.0 low gives a range of thousands
          // of points), not a price: only CL/MCL really traded at zero (2020).
          BadInput(first_row + i, kPriceNames[k], PyFloat(v), "is not a positive price (only CL/MCL may be 0)");
        }
      }
      if (h < l || h < o || h < c || l > o || l > c) {
        BadInput(first_row + i, h < l ? "high" : (h < o || h < c ? "high" : "low"),
                 "open=" + PyFloat(o) + " high=" + PyFloat(h) + " low=" + PyFloat(l) + " close=" + PyFloat(c),
                 "violates low <= open, close <= high");
      }
      const int64_t t = ts_[r];
      if (target == nullptr || t < lower_ns_ || t >= upper_ns_) continue;
      target->Append(t, o, h, l, c);
    }
    if (options_.on_batch) options_.on_batch(data_);
  }

  // Parquet INT96 timestamps are UTC instants by convention (Impala, Spark),
  // but Arrow reads them without a zone: do not take them for wall time.
  void SetTimestampsAreUtc(bool utc) { utc_timestamps_ = utc; }

 private:
  std::shared_ptr<arrow::Array> Column(const arrow::RecordBatch& batch, const char* name) {
    std::shared_ptr<arrow::Array> col = batch.GetColumnByName(name);
    if (!col) ThrowBadInput(file_.path + ": missing required column '" + name + "'");
    return col;
  }

  [[noreturn]] void BadInput(int64_t row, const std::string& column, const std::string& value,
                             const std::string& problem) {
    std::string msg = file_.path + ": row " + std::to_string(row + 1) + ", column '" + column + "'";
    if (!value.empty()) msg += ", value " + value;
    ThrowBadInput(msg + ": " + problem);
  }

  void NegativePrice(int64_t row, const char* column, double v, bool is_cl) {
    if (options_.per_row_negative_prices) {
      if (!is_cl) BadInput(row, column, PyFloat(v), "negative price (allowed only for CL/MCL rows)");
      return;
    }
    if (is_cl) frame_.negative_on_cl = true;
    if (frame_.first_negative_error.empty())
      frame_.first_negative_error = file_.path + ": row " + std::to_string(row + 1) + ", column '" + column +
                                    "', value " + PyFloat(v) + ": negative price";
  }

  // Validates V7 and returns the columns the row goes to (nullptr: not requested).
  BarColumns* Target(std::string_view raw, int64_t row) {
    // Within one batch a dictionary-encoded column hands out the same view for
    // the same symbol: compare the pointer before the bytes.
    if (has_last_ && raw.data() == last_view_.data() && raw.size() == last_view_.size()) return last_target_;
    if (has_last_ && raw == last_raw_) {
      last_view_ = raw;
      return last_target_;
    }
    const std::string checked = TrimUpper(raw);
    if (!IsKnownInstrumentValue(checked))
      BadInput(row, "instrument", "'" + std::string(raw) + "'", "unknown instrument");
    // Selection compares upper-cased but untrimmed values (§1.5).
    const std::string selected = Upper(raw);
    BarColumns* target = nullptr;
    const bool wanted = options_.instruments.empty()
                            ? selected == checked
                            : std::find(options_.instruments.begin(), options_.instruments.end(), selected) !=
                                  options_.instruments.end();
    if (wanted) {
      const bool created = data_.by_instrument.find(selected) == data_.by_instrument.end();
      target = &data_.by_instrument[selected];
      if (created && options_.expected_rows > 0 && options_.instruments.size() == 1)
        target->Reserve(options_.expected_rows);
    }
    last_raw_.assign(raw);
    last_view_ = raw;
    has_last_ = true;
    last_target_ = target;
    // V5's exception compares upper-cased, untrimmed (KI-37).
    cl_like_ = selected == "CL" || selected == "MCL";
    return target;
  }

  void DecodeTimestamps(const arrow::Array& array, int64_t first_row) {
    if (array.type_id() != arrow::Type::TIMESTAMP)
      BadInput(first_row, "timestamp", "", "must be a datetime column (type " + array.type()->ToString() + ")");
    const auto& type = static_cast<const arrow::TimestampType&>(*array.type());
    const auto& values = static_cast<const arrow::TimestampArray&>(array);
    const int64_t scale = NanosPerUnit(type.unit());
    const bool naive = type.timezone().empty() && !utc_timestamps_;
    const int64_t n = array.length();
    ts_.resize(static_cast<size_t>(n));
    constexpr int64_t kMax = std::numeric_limits<int64_t>::max();
    for (int64_t i = 0; i < n; ++i) {
      if (values.IsNull(i)) BadInput(first_row + i, "timestamp", "null", "is missing");
      const int64_t v = values.Value(i);
      if (scale > 1 && (v > kMax / scale || v < -kMax / scale))
        BadInput(first_row + i, "timestamp", std::to_string(v), "is out of range for nanosecond instants");
      int64_t ns = v * scale;
      if (naive) {
        const std::optional<int64_t> instant = localizer_.ToInstant(ns);
        if (!instant)
          BadInput(first_row + i, "timestamp", "", "naive time does not exist in " + options_.input_zone->name() +
                                                       " (skipped by a DST change)");
        ns = *instant;
      }
      ts_[static_cast<size_t>(i)] = ns;
    }
  }

  const BarReadOptions& options_;
  BarData& data_;
  FrameChecks& frame_;
  const InputFile& file_;
  calendar::NaiveLocalizer localizer_;
  bool utc_timestamps_ = false;
  int64_t lower_ns_;
  int64_t upper_ns_;
  std::vector<int64_t> ts_;
  std::vector<double> prices_[4];
  bool has_last_ = false;
  std::string last_raw_;
  std::string_view last_view_;  // into the current batch only; reset by Decode()
  BarColumns* last_target_ = nullptr;
  bool cl_like_ = false;
};

void RequireColumns(const arrow::Schema& schema, const InputFile& file, bool need_instrument) {
  // A duplicated name is ambiguous (Arrow then finds neither copy): say so.
  for (const char* name : {"timestamp", "open", "high", "low", "close", "instrument"})
    if (const size_t n = schema.GetAllFieldIndices(name).size(); n > 1)
      ThrowBadInput(file.path + ": column '" + name + "' appears " + std::to_string(n) + " times");
  std::vector<std::string> missing;
  for (const char* name : {"timestamp", "open", "high", "low", "close"})
    if (schema.GetFieldIndex(name) < 0) missing.push_back(name);
  if (need_instrument && schema.GetFieldIndex("instrument") < 0) missing.push_back("instrument");
  if (missing.empty()) return;
  std::string list;
  for (const std::string& m : missing) list += (list.empty() ? "'" : ", '") + m + "'";
  ThrowBadInput(file.path + ": missing required columns: [" + list + "] (found: " + schema.ToString() + ")");
}

void ReadParquet(const InputFile& file, BatchDecoder& decoder, bool need_instrument, BarData& data,
                 int64_t lower_ns, int64_t upper_ns) {
  try {
    auto input = OpenInputFile(file);
    parquet::arrow::FileReaderBuilder builder;
    OkOrThrowIo(builder.Open(input), file.path);
    // The instrument column is read as a dictionary: a file holds few symbols,
    // so decoding indices instead of one string per row saves most of its cost.
    parquet::ArrowReaderProperties arrow_props;
    arrow_props.set_batch_size(64 * 1024);
    const int instrument_leaf = builder.raw_reader()->metadata()->schema()->ColumnIndex(std::string("instrument"));
    if (instrument_leaf >= 0) arrow_props.set_read_dictionary(instrument_leaf, true);
    auto reader = ValueOrThrowIo(builder.memory_pool(arrow::default_memory_pool())->properties(arrow_props)->Build(),
                                 file.path);
    std::shared_ptr<arrow::Schema> schema;
    OkOrThrowIo(reader->GetSchema(&schema), file.path);
    RequireColumns(*schema, file, need_instrument);
    std::vector<int> columns;
    for (const char* name : {"timestamp", "open", "high", "low", "close", "instrument"}) {
      const int idx = schema->GetFieldIndex(name);
      if (idx >= 0) columns.push_back(idx);
    }
    // Row-group pruning on the timestamp statistics, by Arrow Dataset.
    const auto metadata = reader->parquet_reader()->metadata();
    const std::vector<int> selected = SelectRowGroups(file.path, schema, *reader, lower_ns, upper_ns);
    const int ts_leaf = metadata->schema()->ColumnIndex(std::string("timestamp"));
    decoder.SetTimestampsAreUtc(ts_leaf >= 0 && metadata->schema()->Column(ts_leaf)->physical_type() == parquet::Type::INT96);
    const int ts_field = schema->GetFieldIndex("timestamp");
    const auto* ts_type = dynamic_cast<const arrow::TimestampType*>(schema->field(ts_field)->type().get());
    // A group with values beyond the nanosecond range is never pruned: it must
    // be decoded so that those rows are reported, not dropped.
    auto beyond_ns_range = [&](int rg) {
      if (ts_type == nullptr || ts_leaf < 0) return false;
      const auto stats = metadata->RowGroup(rg)->ColumnChunk(ts_leaf)->statistics();
      if (!stats || !stats->HasMinMax() || stats->physical_type() != parquet::Type::INT64) return false;
      const auto* typed = static_cast<const parquet::Int64Statistics*>(stats.get());
      const double scale = static_cast<double>(NanosPerUnit(ts_type->unit()));
      constexpr double kNsRange = 9.2e18;
      return static_cast<double>(typed->min()) * scale <= -kNsRange ||
             static_cast<double>(typed->max()) * scale >= kNsRange;
    };
    std::vector<int> row_groups;
    std::vector<int64_t> first_rows;
    int64_t row_offset = 0;
    size_t next_selected = 0;
    for (int rg = 0; rg < metadata->num_row_groups(); ++rg) {
      const bool keep = (next_selected < selected.size() && selected[next_selected] == rg) || beyond_ns_range(rg);
      if (next_selected < selected.size() && selected[next_selected] == rg) ++next_selected;
      if (keep) {
        row_groups.push_back(rg);
        first_rows.push_back(row_offset);
      } else {
        ++data.row_groups_skipped;
      }
      row_offset += metadata->RowGroup(rg)->num_rows();
    }
    for (size_t k = 0; k < row_groups.size(); ++k) {
      auto batches = ValueOrThrowIo(reader->GetRecordBatchReader({row_groups[k]}, columns), file.path);
      int64_t row = first_rows[k];
      for (;;) {
        std::shared_ptr<arrow::RecordBatch> batch;
        OkOrThrowIo(batches->ReadNext(&batch), file.path + " (row group " + std::to_string(row_groups[k]) + ")");
        if (!batch) break;
        decoder.Decode(*batch, row);
        row += batch->num_rows();
      }
    }
  } catch (const Error&) {
    throw;
  } catch (const Interrupted&) {  // a stop request from the batch consumer, not a file problem
    throw;
  } catch (const parquet::ParquetException& e) {
    ThrowIo(file.path + ": not a readable Parquet file: " + e.what());
  } catch (const std::bad_alloc&) {
    ThrowIo(file.path + ": not a readable Parquet file: out of memory while decoding (corrupt sizes?)");
  } catch (const std::exception& e) {
    // Arrow/Thrift may throw other std exceptions on corrupt metadata.
    ThrowIo(file.path + ": not a readable Parquet file: " + e.what());
  }
}

// Reads the header and the first data row's timestamp text, to decide the
// timestamp column type (zoned text must be parsed as a zoned timestamp).
struct CsvSniff {
  std::vector<std::string> header;
  bool zoned = false;
};

std::vector<std::string> SplitCsvLine(const std::string& line) {
  std::vector<std::string> out;
  std::string cur;
  bool quoted = false;
  for (char c : line) {
    if (c == '"') {
      quoted = !quoted;
    } else if (c == ',' && !quoted) {
      out.push_back(cur);
      cur.clear();
    } else if (c != '\r') {
      cur += c;
    }
  }
  out.push_back(cur);
  return out;
}

bool HasUtcOffset(const std::string& text) {
  if (!text.empty() && (text.back() == 'Z' || text.back() == 'z')) return true;
  const size_t time_sep = text.find_first_of("T ", 8);
  if (time_sep == std::string::npos) return false;
  return text.find_first_of("+-", time_sep) != std::string::npos;
}

// One line as Arrow's CSV reader sees lines: ended by "\n", "\r\n" or a lone "\r".
bool NextCsvLine(std::istream& in, std::string& line) {
  line.clear();
  int c;
  while ((c = in.get()) != EOF) {
    if (c == '\n') return true;
    if (c == '\r') {
      if (in.peek() == '\n') in.get();
      return true;
    }
    line += static_cast<char>(c);
  }
  return !line.empty();
}

bool IsBlank(const std::string& line) { return line.find_first_not_of(" \t") == std::string::npos; }

CsvSniff SniffCsv(const InputFile& file) {
  const std::unique_ptr<std::istream> stream = OpenInputText(file);
  std::istream& in = *stream;
  CsvSniff sniff;
  std::string line;
  bool have_header = false;
  while (NextCsvLine(in, line)) {  // Arrow skips empty lines, before the header too
    if (line.rfind("\xEF\xBB\xBF", 0) == 0) line.erase(0, 3);
    if (!IsBlank(line)) {
      have_header = true;
      break;
    }
  }
  if (!have_header) ThrowBadInput(file.path + ": empty CSV file (no header)");
  sniff.header = SplitCsvLine(line);
  size_t ts_col = sniff.header.size();
  for (size_t i = 0; i < sniff.header.size(); ++i)
    if (sniff.header[i] == "timestamp") ts_col = i;
  while (NextCsvLine(in, line)) {
    if (IsBlank(line)) continue;
    const std::vector<std::string> fields = SplitCsvLine(line);
    if (ts_col < fields.size()) sniff.zoned = HasUtcOffset(fields[ts_col]);
    break;
  }
  return sniff;
}

bool IsValidUtf8(std::string_view s) {
  size_t i = 0;
  while (i < s.size()) {
    const auto c = static_cast<unsigned char>(s[i]);
    const size_t len = c < 0x80 ? 1 : (c >> 5) == 0x6 ? 2 : (c >> 4) == 0xE ? 3 : (c >> 3) == 0x1E ? 4 : 0;
    if (len == 0 || i + len > s.size()) return false;
    for (size_t k = 1; k < len; ++k)
      if ((static_cast<unsigned char>(s[i + k]) & 0xC0) != 0x80) return false;
    i += len;
  }
  return true;
}

// Arrow's CSV errors name the column ("In CSV column #2") and often the value
// but not the row (its blocks are megabytes long). Finds the first data row
// that matches, so the message names file, row, column and value; "" if the
// problem cannot be located.
std::string LocateCsvError(const InputFile& file, const std::vector<std::string>& header, const std::string& arrow) {
  const bool ragged = arrow.find("Expected ") != std::string::npos && arrow.find(" columns, got ") != std::string::npos;
  const bool utf8 = arrow.find("UTF8") != std::string::npos;
  size_t col = std::string::npos;
  if (const size_t p = arrow.find("column #"); p != std::string::npos) {
    size_t v = 0, q = p + 8;
    while (q < arrow.size() && std::isdigit(static_cast<unsigned char>(arrow[q]))) v = v * 10 + static_cast<size_t>(arrow[q++] - '0');
    if (q > p + 8) col = v;
  }
  std::string value;
  bool has_value = false;
  if (const size_t p = arrow.find("error to"); p != std::string::npos) {
    const size_t a = arrow.find('\'', p), b = arrow.rfind('\'');
    if (a != std::string::npos && b > a) {
      value = arrow.substr(a + 1, b - a - 1);
      has_value = true;
    }
  }
  if (!ragged && (col == std::string::npos || col >= header.size() || (!has_value && !utf8))) return "";
  const std::unique_ptr<std::istream> stream = OpenInputText(file);
  std::istream& in = *stream;
  std::string line;
  do {
    if (!NextCsvLine(in, line)) return "";
  } while (IsBlank(line));  // the header
  int64_t row = 0;
  while (NextCsvLine(in, line)) {
    if (IsBlank(line)) continue;  // Arrow skips empty lines
    ++row;
    const std::vector<std::string> fields = SplitCsvLine(line);
    const std::string where = file.path + ": row " + std::to_string(row);
    if (ragged) {
      if (fields.size() != header.size())
        return where + ": has " + std::to_string(fields.size()) + " fields, the header has " +
               std::to_string(header.size());
      continue;
    }
    if (col >= fields.size()) continue;
    const std::string& f = fields[col];
    if ((utf8 && !IsValidUtf8(f)) || (has_value && f == value)) {
      std::string shown = f.substr(0, 80);
      for (char& c : shown)
        if (static_cast<unsigned char>(c) < 0x20 || static_cast<unsigned char>(c) >= 0x7F) c = '?';
      return where + ", column '" + header[col] + "', value '" + shown + "': " +
             (utf8 ? "is not valid UTF-8 text" : "cannot be converted");
    }
  }
  return "";
}

// CSV content errors (Arrow "Invalid") are bad input (exit 2); failures to
// read the file are I/O errors (exit 3).
[[noreturn]] void ThrowCsvError(const InputFile& file, const std::vector<std::string>& header,
                                const arrow::Status& st, int64_t near_row) {
  if (st.IsIOError()) ThrowIo(file.path + ": " + st.message());
  const std::string located = LocateCsvError(file, header, st.message());
  if (!located.empty()) ThrowBadInput(located + " (" + st.message() + ")");
  ThrowBadInput(file.path + ": near data row " + std::to_string(near_row + 1) + ": " + st.message());
}

void ReadCsv(const InputFile& file, BatchDecoder& decoder, bool need_instrument) {
  const CsvSniff sniff = SniffCsv(file);
  arrow::FieldVector fields;
  for (const std::string& name : sniff.header) fields.push_back(arrow::field(name, arrow::utf8()));
  RequireColumns(arrow::Schema(fields), file, need_instrument);

  auto input = OpenInputFile(file);
  arrow::csv::ReadOptions read_options = arrow::csv::ReadOptions::Defaults();
  read_options.block_size = 4 << 20;
  arrow::csv::ParseOptions parse_options = arrow::csv::ParseOptions::Defaults();
  arrow::csv::ConvertOptions convert = arrow::csv::ConvertOptions::Defaults();
  convert.include_columns = {"timestamp", "open", "high", "low", "close"};
  // Microseconds: Arrow's text-to-nanosecond conversion wraps silently for
  // years outside 1677..2262; the decoder's range check reports those instead.
  convert.column_types["timestamp"] = sniff.zoned ? arrow::timestamp(arrow::TimeUnit::MICRO, "UTC")
                                                  : arrow::timestamp(arrow::TimeUnit::MICRO);
  for (const char* name : kPriceNames) convert.column_types[name] = arrow::float64();
  if (std::find(sniff.header.begin(), sniff.header.end(), "instrument") != sniff.header.end()) {
    convert.include_columns.push_back("instrument");
    convert.column_types["instrument"] = arrow::utf8();
  }
  auto made = arrow::csv::StreamingReader::Make(arrow::io::default_io_context(), input, read_options, parse_options,
                                                convert);
  if (!made.ok()) ThrowCsvError(file, sniff.header, made.status(), 0);
  const std::shared_ptr<arrow::csv::StreamingReader> reader = *made;
  int64_t row = 0;
  for (;;) {
    std::shared_ptr<arrow::RecordBatch> batch;
    const arrow::Status st = reader->ReadNext(&batch);
    if (!st.ok()) ThrowCsvError(file, sniff.header, st, row);
    if (!batch) break;
    decoder.Decode(*batch, row);
    row += batch->num_rows();
  }
}

}  // namespace

void ApplyDuplicatePolicy(BarColumns& columns, DuplicatePolicy policy, const std::string& symbol,
                          std::vector<std::string>& warnings) {
  const size_t dups = columns.CountDuplicateTimestamps();
  if (dups == 0) return;
  switch (policy) {
    case DuplicatePolicy::kError:
      ThrowBadInput(symbol + ": " + std::to_string(dups) + " duplicate timestamps (--duplicates error)");
    case DuplicatePolicy::kKeepAll:
      warnings.push_back(symbol + ": " + std::to_string(dups) +
                         " bars share a timestamp with an earlier bar; all kept in input order");
      return;
    case DuplicatePolicy::kKeepFirst:
    case DuplicatePolicy::kKeepLast:
      columns.DropDuplicateTimestamps(policy == DuplicatePolicy::kKeepLast);
      warnings.push_back(symbol + ": dropped " + std::to_string(dups) + " duplicate-timestamp bars (keep-" +
                         (policy == DuplicatePolicy::kKeepLast ? "last)" : "first)"));
      return;
  }
}

namespace {

// A caller's record batch stream (e.g. a pandas frame or pyarrow table handed
// over through the Arrow C stream interface), decoded like one input file.
void ReadStream(arrow::RecordBatchReader& reader, const InputFile& input, BatchDecoder& decoder, bool need_instrument) {
  RequireColumns(*reader.schema(), input, need_instrument);
  int64_t row = 0;
  for (;;) {
    std::shared_ptr<arrow::RecordBatch> batch;
    const arrow::Status st = reader.ReadNext(&batch);
    if (!st.ok()) {
      if (st.IsIOError()) ThrowIo(input.path + ": " + st.message());
      ThrowBadInput(input.path + ": near data row " + std::to_string(row + 1) + ": " + st.message());
    }
    if (!batch) break;
    decoder.Decode(*batch, row);
    row += batch->num_rows();
  }
}

// What ReadBars and ReadBarsFromStream share: one BatchDecoder per input,
// then the checks that span the whole input (V1, V5), sorting and the
// duplicate policy. `read_input(file, decoder, need_instrument, data, lower,
// upper)` feeds one input's batches to its decoder.
template <typename ReadInput>
BarData ReadInputs(const BarReadOptions& in_options, const std::vector<InputFile>& files, ReadInput read_input) {
  BarReadOptions options = in_options;
  if (options.input_zone == nullptr) options.input_zone = &calendar::TimeZone::Chicago();
  BarData data;
  FrameChecks frame;
  const calendar::TimeZone& chicago = calendar::TimeZone::Chicago();
  const int64_t lower = options.start_date ? chicago.ToInstant(*options.start_date, 0, 0, 0)
                                           : std::numeric_limits<int64_t>::min();
  const int64_t upper = options.end_date ? chicago.ToInstant(*options.end_date + 1, 0, 0, 0)
                                         : std::numeric_limits<int64_t>::max();
  for (const InputFile& file : files) {
    const bool need_instrument = options.default_instrument.empty() && file.partition_instrument.empty();
    BatchDecoder decoder(options, data, frame, file, lower, upper);
    read_input(file, decoder, need_instrument, data, lower, upper);
    ++data.files_read;
  }
  if (frame.rows == 0 && !options.allow_empty) {
    // Name what was read: one file (a header-only CSV, an empty Parquet file) or how many.
    const std::string what = files.size() == 1 ? files.front().path + ": " : std::to_string(files.size()) + " files: ";
    ThrowBadInput(what + "Data validation failed: DataFrame is empty (no data rows in the input)");
  }
  if (!frame.first_negative_error.empty() && !frame.negative_on_cl)
    ThrowBadInput(frame.first_negative_error + " (negative prices are accepted only when a negative row is CL/MCL)");
  if (!frame.first_negative_error.empty())
    data.warnings.push_back("negative prices accepted for the whole input because a CL/MCL row has one (KI-37)");

  for (auto& [symbol, columns] : data.by_instrument) {
    columns.SortByTime();
    ApplyDuplicatePolicy(columns, options.duplicate_policy, symbol, data.warnings);
  }
  return data;
}

}  // namespace

BarData ReadBars(const BarReadOptions& options) {
  return ReadInputs(options,
                    options.files.empty() ? DiscoverInputFiles(options.paths, options.instruments) : options.files,
                    [](const InputFile& file, BatchDecoder& decoder, bool need_instrument, BarData& data,
                       int64_t lower, int64_t upper) {
                      if (file.format == FileFormat::kParquet) {
                        ReadParquet(file, decoder, need_instrument, data, lower, upper);
                      } else {
                        ReadCsv(file, decoder, need_instrument);
                      }
                    });
}

BarData ReadBarsFromStream(arrow::RecordBatchReader& reader, const BarReadOptions& options,
                           const std::string& source_name) {
  const std::vector<InputFile> input{InputFile{source_name, FileFormat::kParquet, ""}};
  return ReadInputs(options, input,
                    [&reader](const InputFile& file, BatchDecoder& decoder, bool need_instrument, BarData&, int64_t,
                              int64_t) { ReadStream(reader, file, decoder, need_instrument); });
}

}  // namespace orbit::source
