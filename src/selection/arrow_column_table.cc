#include "selection/arrow_column_table.h"

#include <arrow/api.h>
#include <arrow/io/api.h>
#include <parquet/arrow/reader.h>
#include <parquet/arrow/writer.h>

#include <arrow/util/bit_util.h>

#include <cmath>
#include <filesystem>
#include <future>
#include <cstring>
#include <limits>

#include "core/atomic_file.h"
#include "core/output_set.h"
#include "core/error.h"
#include "selection/civil_date.h"

namespace orbit::selection {
namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

template <typename T>
T OrThrowIo(arrow::Result<T> result, const std::string& what) {
  if (!result.ok()) ThrowIo(what + ": " + result.status().ToString());
  return std::move(result).ValueOrDie();
}

void AppendDateText(TableColumn& col, int64_t days, int64_t seconds_of_day, bool valid) {
  if (!valid) {
    col.text.push_back("");
    col.missing.resize(col.text.size(), 0);
    col.missing.back() = 1;
    return;
  }
  std::string s = FormatIsoDate(static_cast<int32_t>(days));
  if (seconds_of_day) {
    char buf[16];
    std::snprintf(buf, sizeof buf, " %02d:%02d:%02d", static_cast<int>(seconds_of_day / 3600),
                  static_cast<int>(seconds_of_day / 60 % 60), static_cast<int>(seconds_of_day % 60));
    s += buf;
  }
  col.text.push_back(std::move(s));
  if (!col.missing.empty()) col.missing.push_back(0);
}

void AppendChunk(TableColumn& col, const arrow::Array& a, const std::string& where);

template <typename ArrayT>
void AppendNumbers(TableColumn& col, const arrow::Array& a) {
  const auto& typed = static_cast<const ArrayT&>(a);
  const auto* values = typed.raw_values();
  const size_t base = col.number.size();
  col.number.resize(base + static_cast<size_t>(a.length()));
  double* out = col.number.data() + base;
  for (int64_t i = 0; i < a.length(); ++i) out[i] = static_cast<double>(values[i]);
  if (a.null_count() > 0)
    for (int64_t i = 0; i < a.length(); ++i)
      if (a.IsNull(i)) out[i] = kNaN;
}

// Appends a dictionary chunk. An empty column (or one already coded) stays
// coded: the chunk's dictionary is appended to the column's and its indices
// shifted; otherwise the cells are decoded.
void AppendDictionaryChunk(TableColumn& col, const arrow::DictionaryArray& d, const std::string& where) {
  const int64_t n = d.length();
  const size_t before = col.text.size();
  if (before > 0 && !col.text.coded()) {
    TableColumn dict;
    dict.type = ColumnType::kText;
    AppendChunk(dict, *d.dictionary(), where);
    for (int64_t i = 0; i < n; ++i) {
      const bool valid = d.IsValid(i);
      if (!valid && col.missing.empty()) col.missing.assign(col.text.size(), 0);
      col.text.push_back(valid ? dict.text[static_cast<size_t>(d.GetValueIndex(i))] : std::string_view());
      if (!col.missing.empty()) col.missing.push_back(valid ? 0 : 1);
    }
    return;
  }
  auto dictionary = std::make_shared<TextCells>();
  std::vector<int32_t> codes;
  if (before > 0) {  // coded: extend a copy of its dictionary
    *dictionary = col.text.dictionary();
    codes = col.text.codes();
  }
  TableColumn chunk_dict;
  chunk_dict.type = ColumnType::kText;
  AppendChunk(chunk_dict, *d.dictionary(), where);
  const int32_t shift = static_cast<int32_t>(dictionary->size());
  for (size_t i = 0; i < chunk_dict.text.size(); ++i) dictionary->push_back(chunk_dict.text[i]);
  const int32_t empty_code = static_cast<int32_t>(dictionary->size());  // '' for null cells
  dictionary->push_back("");
  codes.resize(before + static_cast<size_t>(n));
  int32_t* out = codes.data() + before;
  if (d.indices()->type_id() == arrow::Type::INT32) {
    const int32_t* indices = static_cast<const arrow::Int32Array&>(*d.indices()).raw_values();
    for (int64_t i = 0; i < n; ++i) out[i] = shift + indices[i];
  } else {
    for (int64_t i = 0; i < n; ++i) out[i] = d.IsValid(i) ? shift + static_cast<int32_t>(d.GetValueIndex(i)) : 0;
  }
  if (d.null_count() > 0)
    for (int64_t i = 0; i < n; ++i)
      if (d.IsNull(i)) out[i] = empty_code;
  col.text = TextCells::Coded(std::move(dictionary), std::move(codes));
  if (d.null_count() > 0 || !col.missing.empty()) {
    col.missing.resize(before, 0);
    for (int64_t i = 0; i < n; ++i) col.missing.push_back(d.IsNull(i) ? 1 : 0);
  }
}

void AppendChunk(TableColumn& col, const arrow::Array& a, const std::string& where) {
  const int64_t n = a.length();
  switch (a.type_id()) {
    case arrow::Type::STRING:
    case arrow::Type::LARGE_STRING: {
      const size_t before = col.text.size();
      if (a.type_id() == arrow::Type::STRING) {
        const auto& sa = static_cast<const arrow::StringArray&>(a);
        col.text.AppendArrowCells(reinterpret_cast<const char*>(sa.raw_data()), sa.raw_value_offsets(),
                                  static_cast<size_t>(n));
      } else {
        const auto& sa = static_cast<const arrow::LargeStringArray&>(a);
        col.text.AppendArrowCells(reinterpret_cast<const char*>(sa.raw_data()), sa.raw_value_offsets(),
                                  static_cast<size_t>(n));
      }
      if (a.null_count() > 0 || !col.missing.empty()) {
        if (col.missing.empty()) col.missing.assign(before, 0);
        for (int64_t i = 0; i < n; ++i) col.missing.push_back(a.IsNull(i) ? 1 : 0);
      }
      return;
    }
    case arrow::Type::DICTIONARY:
      return AppendDictionaryChunk(col, static_cast<const arrow::DictionaryArray&>(a), where);
    case arrow::Type::DATE32: {
      const auto& d = static_cast<const arrow::Date32Array&>(a);
      for (int64_t i = 0; i < n; ++i) AppendDateText(col, d.Value(i), 0, d.IsValid(i));
      return;
    }
    case arrow::Type::DATE64: {
      const auto& d = static_cast<const arrow::Date64Array&>(a);
      for (int64_t i = 0; i < n; ++i) {
        const int64_t ms = d.Value(i);
        const int64_t days = ms >= 0 ? ms / 86400000 : -((-ms + 86399999) / 86400000);
        AppendDateText(col, days, (ms - days * 86400000) / 1000, d.IsValid(i));
      }
      return;
    }
    case arrow::Type::TIMESTAMP: {
      const auto& ts = static_cast<const arrow::TimestampArray&>(a);
      const auto unit = static_cast<const arrow::TimestampType&>(*a.type()).unit();
      const int64_t per_sec = unit == arrow::TimeUnit::SECOND ? 1
                              : unit == arrow::TimeUnit::MILLI ? 1000
                              : unit == arrow::TimeUnit::MICRO ? 1000000
                                                               : 1000000000;
      for (int64_t i = 0; i < n; ++i) {
        const int64_t v = ts.Value(i);
        int64_t secs = v >= 0 ? v / per_sec : -((-v + per_sec - 1) / per_sec);
        const int64_t days = secs >= 0 ? secs / 86400 : -((-secs + 86399) / 86400);
        AppendDateText(col, days, secs - days * 86400, ts.IsValid(i));
      }
      return;
    }
    case arrow::Type::BOOL: {
      const auto& b = static_cast<const arrow::BooleanArray&>(a);
      for (int64_t i = 0; i < n; ++i) col.number.push_back(b.IsValid(i) ? (b.Value(i) ? 1.0 : 0.0) : kNaN);
      return;
    }
    case arrow::Type::NA:
      for (int64_t i = 0; i < n; ++i) col.number.push_back(kNaN);
      return;
    default: break;
  }
  switch (a.type_id()) {
    case arrow::Type::INT8: return AppendNumbers<arrow::Int8Array>(col, a);
    case arrow::Type::INT16: return AppendNumbers<arrow::Int16Array>(col, a);
    case arrow::Type::INT32: return AppendNumbers<arrow::Int32Array>(col, a);
    case arrow::Type::INT64: return AppendNumbers<arrow::Int64Array>(col, a);
    case arrow::Type::UINT8: return AppendNumbers<arrow::UInt8Array>(col, a);
    case arrow::Type::UINT16: return AppendNumbers<arrow::UInt16Array>(col, a);
    case arrow::Type::UINT32: return AppendNumbers<arrow::UInt32Array>(col, a);
    case arrow::Type::UINT64: return AppendNumbers<arrow::UInt64Array>(col, a);
    case arrow::Type::FLOAT: return AppendNumbers<arrow::FloatArray>(col, a);
    case arrow::Type::DOUBLE: return AppendNumbers<arrow::DoubleArray>(col, a);
    default: break;
  }
  ThrowBadInput(where + ": unsupported column type " + a.type()->ToString());
}

int64_t FloorDiv(int64_t a, int64_t b) { return a >= 0 ? a / b : -((-a + b - 1) / b); }

// A date32/date64/timestamp chunk as days since 1970-01-01 (NaN for nulls).
void AppendDays(TableColumn& col, const arrow::Array& a) {
  const int64_t n = a.length();
  const size_t base = col.number.size();
  col.number.resize(base + static_cast<size_t>(n));
  double* out = col.number.data() + base;
  if (a.type_id() == arrow::Type::DATE32) {
    const int32_t* v = static_cast<const arrow::Date32Array&>(a).raw_values();
    for (int64_t i = 0; i < n; ++i) out[i] = static_cast<double>(v[i]);
  } else {
    const int64_t* v = a.type_id() == arrow::Type::DATE64 ? static_cast<const arrow::Date64Array&>(a).raw_values()
                                                          : static_cast<const arrow::TimestampArray&>(a).raw_values();
    int64_t per_day = 86400000LL;
    if (a.type_id() == arrow::Type::TIMESTAMP) {
      const auto unit = static_cast<const arrow::TimestampType&>(*a.type()).unit();
      per_day = unit == arrow::TimeUnit::SECOND  ? 86400LL
                : unit == arrow::TimeUnit::MILLI ? 86400000LL
                : unit == arrow::TimeUnit::MICRO ? 86400000000LL
                                                 : 86400000000000LL;
    }
    // Rows of one day repeat: divide once per distinct instant run.
    int64_t last = 0, last_days = FloorDiv(0, per_day);
    for (int64_t i = 0; i < n; ++i) {
      if (v[i] != last) last = v[i], last_days = FloorDiv(v[i], per_day);
      out[i] = static_cast<double>(last_days);
    }
  }
  if (a.null_count() > 0)
    for (int64_t i = 0; i < n; ++i)
      if (a.IsNull(i)) out[i] = kNaN;
}

ColumnType TypeOf(const arrow::DataType& t) {
  switch (t.id()) {
    case arrow::Type::STRING:
    case arrow::Type::LARGE_STRING:
    case arrow::Type::DICTIONARY:
    case arrow::Type::DATE32:
    case arrow::Type::DATE64:
    case arrow::Type::TIMESTAMP: return ColumnType::kText;
    case arrow::Type::BOOL: return ColumnType::kBool;
    default: return arrow::is_integer(t.id()) ? ColumnType::kInt : ColumnType::kFloat;
  }
}

}  // namespace

ColumnTable ColumnsFromArrowTable(const arrow::Table& table, const std::string& source_name) {
  ColumnTable out;
  out.rows = static_cast<size_t>(table.num_rows());
  for (int c = 0; c < table.num_columns(); ++c) {
    const auto& field = table.schema()->field(c);
    TableColumn col;
    col.name = field->name();
    col.type = TypeOf(*field->type());
    if (col.type == ColumnType::kText) col.text.reserve(out.rows);
    else col.number.reserve(out.rows);
    const std::string where = source_name + ", column " + col.name;
    const arrow::Type::type id = field->type()->id();
    if (col.name == "Date" &&
        (id == arrow::Type::DATE32 || id == arrow::Type::DATE64 || id == arrow::Type::TIMESTAMP)) {
      // The trading date as a day number (no text round trip); a time of day is dropped.
      col.type = ColumnType::kDate;
      col.number.reserve(out.rows);
      for (const auto& chunk : table.column(c)->chunks()) AppendDays(col, *chunk);
      out.columns.push_back(std::move(col));
      continue;
    }
    for (const auto& chunk : table.column(c)->chunks()) AppendChunk(col, *chunk, where);
    out.columns.push_back(std::move(col));
  }
  return out;
}

namespace {

// True when every row group stores column `c` dictionary-encoded with a
// dictionary page of under one byte per eight values: a low-cardinality text
// column (Result, Session, Time, ...), cheaper to read as codes than as
// strings. High-cardinality ones (EntryTime) are read as strings.
bool IsLowCardinality(const parquet::FileMetaData& meta, int c) {
  if (meta.num_row_groups() == 0) return false;
  for (int g = 0; g < meta.num_row_groups(); ++g) {
    const auto chunk = meta.RowGroup(g)->ColumnChunk(c);
    if (!chunk->has_dictionary_page() || chunk->num_values() == 0) return false;
    const int64_t dictionary_bytes = chunk->data_page_offset() - chunk->dictionary_page_offset();
    if (dictionary_bytes <= 0 || dictionary_bytes * 8 > chunk->num_values()) return false;
  }
  return true;
}

}  // namespace

ColumnTable ReadParquetColumnsWithArrow(const std::string& path) {
  const std::string what = "cannot read result table " + path;
  auto input = OrThrowIo(arrow::io::ReadableFile::Open(path), what);
  parquet::arrow::FileReaderBuilder builder;
  // The system allocator (malloc) rather than Arrow's: memory the reader
  // frees is reused by the matrix instead of fresh pages (page faults
  // dominated the matrix's run time).
  builder.memory_pool(arrow::system_memory_pool());
  {
    const arrow::Status st = builder.Open(input, parquet::ReaderProperties(arrow::system_memory_pool()));
    if (!st.ok()) ThrowIo(what + ": " + st.ToString());
  }
  const std::shared_ptr<parquet::FileMetaData> meta = builder.raw_reader()->metadata();
  parquet::ArrowReaderProperties properties;
  const parquet::SchemaDescriptor& schema = *meta->schema();
  for (int c = 0; c < schema.num_columns(); ++c) {
    const parquet::ColumnDescriptor& column = *schema.Column(c);
    if (column.physical_type() == parquet::Type::BYTE_ARRAY && column.max_repetition_level() == 0 &&
        IsLowCardinality(*meta, c))
      properties.set_read_dictionary(c, true);
  }
  properties.set_use_threads(true);  // columns decoded in parallel (files are too: ReadResultFiles)  // columns decoded in parallel (files are too)
  builder.properties(properties);
  std::unique_ptr<parquet::arrow::FileReader> reader;
  {
    const arrow::Status st = builder.Build(&reader);
    if (!st.ok()) ThrowIo(what + ": " + st.ToString());
  }
  std::shared_ptr<arrow::Table> table;
  const arrow::Status st = reader->ReadTable(&table);
  if (!st.ok()) ThrowIo(what + ": " + st.ToString());
  return ColumnsFromArrowTable(*table, path);
}

namespace {

// An Arrow buffer over `bytes` at `data`: borrowed (no copy; valid while the
// memory lives) or, without `borrow`, an owned copy.
std::shared_ptr<arrow::Buffer> Hold(const void* data, size_t bytes, bool borrow, const std::string& what) {
  if (borrow) return std::make_shared<arrow::Buffer>(static_cast<const uint8_t*>(data), static_cast<int64_t>(bytes));
  std::shared_ptr<arrow::Buffer> copy = OrThrowIo(arrow::AllocateBuffer(static_cast<int64_t>(bytes)), what);
  if (bytes) std::memcpy(copy->mutable_data(), data, bytes);
  return copy;
}

// A validity bitmap with `is_null(i)` cleared, or null when no cell is null.
template <typename IsNull>
std::shared_ptr<arrow::Buffer> Validity(size_t n, IsNull is_null, int64_t& nulls, const std::string& what) {
  nulls = 0;
  for (size_t i = 0; i < n; ++i) nulls += is_null(i) ? 1 : 0;
  if (nulls == 0) return nullptr;
  auto bits = OrThrowIo(arrow::AllocateBitmap(static_cast<int64_t>(n)), what);
  uint8_t* v = bits->mutable_data();
  std::memset(v, 0, static_cast<size_t>(bits->size()));
  for (size_t i = 0; i < n; ++i)
    if (!is_null(i)) arrow::bit_util::SetBit(v, static_cast<int64_t>(i));
  return bits;
}

std::shared_ptr<arrow::Array> PlainStrings(const TextCells& cells, std::shared_ptr<arrow::Buffer> validity, int64_t nulls,
                                           bool borrow, const std::string& what) {
  return std::make_shared<arrow::StringArray>(
      static_cast<int64_t>(cells.size()), Hold(cells.offsets().data(), cells.offsets().size() * sizeof(int32_t), borrow, what),
      Hold(cells.chars().data(), cells.chars().size(), borrow, what), std::move(validity), nulls);
}

std::shared_ptr<arrow::Array> TextArray(const TableColumn& col, size_t n, bool keep_codes, bool borrow,
                                        const std::string& what, TextCells& decoded) {
  int64_t nulls = 0;
  auto validity = Validity(n, [&](size_t i) { return !col.missing.empty() && col.missing[i] != 0; }, nulls, what);
  if (!col.text.coded()) return PlainStrings(col.text, std::move(validity), nulls, borrow, what);
  if (!keep_codes) {  // pandas would make a Categorical of a dictionary array
    decoded = col.text;
    decoded.Materialize();
    return PlainStrings(decoded, std::move(validity), nulls, borrow, what);
  }
  auto indices = std::make_shared<arrow::Int32Array>(
      static_cast<int64_t>(n), Hold(col.text.codes().data(), n * sizeof(int32_t), borrow, what), std::move(validity),
      nulls);
  return std::make_shared<arrow::DictionaryArray>(arrow::dictionary(arrow::int32(), arrow::utf8()), indices,
                                                  PlainStrings(col.text.dictionary(), nullptr, 0, borrow, what));
}

template <typename Builder, typename Convert>
std::shared_ptr<arrow::Array> Numbers(const TableColumn& col, Convert convert, const std::string& what) {
  Builder b;
  if (!b.Reserve(static_cast<int64_t>(col.number.size())).ok()) ThrowIo(what + ": out of memory");
  for (double v : col.number) {
    if (v == v) b.UnsafeAppend(convert(v));
    else b.UnsafeAppendNull();
  }
  return OrThrowIo(b.Finish(), what);
}

// One column as an Arrow array (see ColumnTableToArrow); `decoded` holds
// a decoded copy of a coded column when !keep_codes (borrowed when `borrow`).
std::shared_ptr<arrow::Array> ColumnToArrow(const TableColumn& col, size_t n, bool keep_codes, bool borrow,
                                            TextCells& decoded) {
  const std::string what = "cannot build the matrix column " + col.name;
  switch (col.type) {
    case ColumnType::kText:
      return TextArray(col, n, keep_codes, borrow, what, decoded);
    case ColumnType::kInt:
      return Numbers<arrow::Int64Builder>(col, [](double v) { return static_cast<int64_t>(v); }, what);
    case ColumnType::kBool:
      return Numbers<arrow::BooleanBuilder>(col, [](double v) { return v != 0; }, what);
    case ColumnType::kDate:
      return Numbers<arrow::Date32Builder>(col, [](double v) { return static_cast<int32_t>(v); }, what);
    case ColumnType::kFloat: {
      // The doubles as they are; NaN cells are nulls.
      int64_t nulls = 0;
      auto validity = Validity(n, [&](size_t i) { return col.number[i] != col.number[i]; }, nulls, what);
      return std::make_shared<arrow::DoubleArray>(static_cast<int64_t>(n),
                                                  Hold(col.number.data(), n * sizeof(double), borrow, what),
                                                  std::move(validity), nulls);
    }
  }
  ThrowIo(what + ": unknown column type");
}

std::shared_ptr<arrow::DataType> ArrowType(ColumnType type, bool coded) {
  switch (type) {
    case ColumnType::kText: return coded ? arrow::dictionary(arrow::int32(), arrow::utf8()) : arrow::utf8();
    case ColumnType::kInt: return arrow::int64();
    case ColumnType::kBool: return arrow::boolean();
    case ColumnType::kDate: return arrow::date32();
    case ColumnType::kFloat: break;
  }
  return arrow::float64();
}

}  // namespace

std::shared_ptr<arrow::Table> ColumnTableToArrow(const ColumnTable& table, bool keep_codes,
                                                 std::vector<TextCells>* decoded_storage) {
  std::vector<std::shared_ptr<arrow::Field>> fields;
  std::vector<std::shared_ptr<arrow::Array>> arrays;
  std::vector<TextCells> local_storage;
  const bool borrow = decoded_storage != nullptr;
  std::vector<TextCells>& decoded = borrow ? *decoded_storage : local_storage;
  decoded.clear();
  decoded.reserve(table.columns.size());  // arrays borrow from its elements: never reallocate
  for (const TableColumn& col : table.columns) {
    decoded.emplace_back();
    arrays.push_back(ColumnToArrow(col, table.rows, keep_codes, borrow, decoded.back()));
    fields.push_back(arrow::field(col.name, arrays.back()->type()));
  }
  return arrow::Table::Make(arrow::schema(fields), arrays, static_cast<int64_t>(table.rows));
}

void WriteParquetColumnsWithArrow(const ColumnSource& source, const std::string& path) {
  const std::string what = "cannot write " + path;
  // Plain encoding for numbers and for strings that are mostly distinct (the
  // matrix's columns are short; dictionary building was a third of the
  // write); dictionary encoding for coded text columns, whose dictionary and
  // codes Parquet takes as they are (no hashing). No column statistics. The
  // Arrow schema is not stored, so readers see plain string columns.
  parquet::WriterProperties::Builder builder;
  builder.disable_dictionary()->disable_statistics();
  std::vector<std::shared_ptr<arrow::Field>> fields;
  for (size_t i = 0; i < source.columns(); ++i) {
    const bool coded = source.type(i) == ColumnType::kText && source.coded(i);
    if (coded) builder.enable_dictionary(source.name(i));
    fields.push_back(arrow::field(source.name(i), ArrowType(source.type(i), coded)));
  }
  const auto schema = arrow::schema(fields);
  OutputSet outputs;
  outputs.Declare(path, "--out");
  const std::filesystem::path staged = outputs.Stage(path);
  {
    auto sink = OrThrowIo(arrow::io::FileOutputStream::Open(staged.string()), what);
    auto writer = OrThrowIo(parquet::arrow::FileWriter::Open(*schema, arrow::system_memory_pool(), sink, builder.build()),
                            what);
    auto check = [&](const arrow::Status& st) {
      if (!st.ok()) ThrowIo(what + ": " + st.ToString());
    };
    check(writer->NewRowGroup());
    // One column at a time: built, encoded, dropped (its memory reused by a
    // later one). A source that builds its columns builds column i + 1 on a
    // second thread while column i is encoded.
    auto write = [&](size_t i, const TableColumn& col) {
      TextCells decoded;
      const auto array = ColumnToArrow(col, source.rows(), /*keep_codes=*/true, /*borrow=*/true, decoded);
      if (!array->type()->Equals(*fields[i]->type()))
        ThrowIo(what + ": column " + col.name + " is " + array->type()->ToString() + ", declared " +
                fields[i]->type()->ToString());
      check(writer->WriteColumnChunk(*array));
    };
    const size_t count = source.columns();
    if (count > 0 && source.Lend(0) == nullptr) {
      std::future<TableColumn> next = std::async(std::launch::async, [&] { return source.Build(0); });
      for (size_t i = 0; i < count; ++i) {
        const TableColumn col = next.get();
        if (i + 1 < count) next = std::async(std::launch::async, [&, i] { return source.Build(i + 1); });
        write(i, col);
      }
    } else {
      for (size_t i = 0; i < count; ++i) write(i, *source.Lend(i));
    }
    check(writer->Close());
    check(sink->Close());
  }
  outputs.Commit();
}

}  // namespace orbit::selection
