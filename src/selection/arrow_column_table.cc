#include "selection/arrow_column_table.h"

#include <arrow/api.h>
#include <arrow/io/api.h>
#include <parquet/arrow/reader.h>
#include <parquet/arrow/writer.h>

#include <arrow/util/bit_util.h>

#include <cmath>
#include <cstring>
#include <limits>

#include "core/atomic_file.h"
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

template <typename ArrayT>
void AppendNumbers(TableColumn& col, const arrow::Array& a) {
  const auto& typed = static_cast<const ArrayT&>(a);
  for (int64_t i = 0; i < a.length(); ++i)
    col.number.push_back(typed.IsValid(i) ? static_cast<double>(typed.Value(i)) : kNaN);
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
    case arrow::Type::DICTIONARY: {
      // Decode the dictionary once, then index it.
      const auto& d = static_cast<const arrow::DictionaryArray&>(a);
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
  for (int64_t i = 0; i < a.length(); ++i) {
    if (a.IsNull(i)) {
      col.number.push_back(kNaN);
      continue;
    }
    int64_t days = 0;
    switch (a.type_id()) {
      case arrow::Type::DATE32: days = static_cast<const arrow::Date32Array&>(a).Value(i); break;
      case arrow::Type::DATE64: days = FloorDiv(static_cast<const arrow::Date64Array&>(a).Value(i), 86400000); break;
      default: {
        const auto unit = static_cast<const arrow::TimestampType&>(*a.type()).unit();
        const int64_t per_day = unit == arrow::TimeUnit::SECOND ? 86400LL
                                : unit == arrow::TimeUnit::MILLI ? 86400000LL
                                : unit == arrow::TimeUnit::MICRO ? 86400000000LL
                                                                 : 86400000000000LL;
        days = FloorDiv(static_cast<const arrow::TimestampArray&>(a).Value(i), per_day);
      }
    }
    col.number.push_back(static_cast<double>(days));
  }
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

ColumnTable ReadParquetColumnsWithArrow(const std::string& path) {
  const std::string what = "cannot read result table " + path;
  auto input = OrThrowIo(arrow::io::ReadableFile::Open(path), what);
  auto reader = OrThrowIo(parquet::arrow::OpenFile(input, arrow::default_memory_pool()), what);
  std::shared_ptr<arrow::Table> table;
  const arrow::Status st = reader->ReadTable(&table);
  if (!st.ok()) ThrowIo(what + ": " + st.ToString());
  return ColumnsFromArrowTable(*table, path);
}

std::shared_ptr<arrow::Table> ColumnTableToArrow(const ColumnTable& table) {
  const std::string what = "cannot build the matrix table";
  std::vector<std::shared_ptr<arrow::Field>> fields;
  std::vector<std::shared_ptr<arrow::Array>> arrays;
  for (const TableColumn& col : table.columns) {
    std::shared_ptr<arrow::Array> array;
    switch (col.type) {
      case ColumnType::kText: {
        // TextCells is Arrow's string layout without the leading 0 offset: copy both buffers once.
        const size_t n = table.rows;
        auto offsets = OrThrowIo(arrow::AllocateBuffer(static_cast<int64_t>((n + 1) * sizeof(int32_t))), what);
        auto* off = reinterpret_cast<int32_t*>(offsets->mutable_data());
        off[0] = 0;
        for (size_t i = 0; i < n; ++i) off[i + 1] = static_cast<int32_t>(col.text.ends()[i]);
        auto data = OrThrowIo(arrow::AllocateBuffer(static_cast<int64_t>(col.text.chars().size())), what);
        if (!col.text.chars().empty()) std::memcpy(data->mutable_data(), col.text.chars().data(), col.text.chars().size());
        std::shared_ptr<arrow::Buffer> validity;
        int64_t nulls = 0;
        if (!col.missing.empty()) {
          auto bits = OrThrowIo(arrow::AllocateBitmap(static_cast<int64_t>(n)), what);
          uint8_t* v = bits->mutable_data();
          for (size_t i = 0; i < n; ++i) {
            if (col.missing[i]) {
              arrow::bit_util::ClearBit(v, static_cast<int64_t>(i));
              ++nulls;
            } else {
              arrow::bit_util::SetBit(v, static_cast<int64_t>(i));
            }
          }
          validity = std::move(bits);
        }
        array = std::make_shared<arrow::StringArray>(static_cast<int64_t>(n), std::move(offsets), std::move(data),
                                                     nulls ? validity : nullptr, nulls);
        fields.push_back(arrow::field(col.name, arrow::utf8()));
        break;
      }
      case ColumnType::kInt: {
        arrow::Int64Builder b;
        for (double v : col.number) (void)(v == v ? b.Append(static_cast<int64_t>(v)) : b.AppendNull());
        array = OrThrowIo(b.Finish(), what);
        fields.push_back(arrow::field(col.name, arrow::int64()));
        break;
      }
      case ColumnType::kBool: {
        arrow::BooleanBuilder b;
        for (double v : col.number) (void)(v == v ? b.Append(v != 0) : b.AppendNull());
        array = OrThrowIo(b.Finish(), what);
        fields.push_back(arrow::field(col.name, arrow::boolean()));
        break;
      }
      case ColumnType::kDate: {
        arrow::Date32Builder b;
        for (double v : col.number) (void)(v == v ? b.Append(static_cast<int32_t>(v)) : b.AppendNull());
        array = OrThrowIo(b.Finish(), what);
        fields.push_back(arrow::field(col.name, arrow::date32()));
        break;
      }
      case ColumnType::kFloat: {
        arrow::DoubleBuilder b;
        for (double v : col.number) (void)(v == v ? b.Append(v) : b.AppendNull());
        array = OrThrowIo(b.Finish(), what);
        fields.push_back(arrow::field(col.name, arrow::float64()));
        break;
      }
    }
    arrays.push_back(std::move(array));
  }
  return arrow::Table::Make(arrow::schema(fields), arrays, static_cast<int64_t>(table.rows));
}

void WriteParquetColumnsWithArrow(const ColumnTable& table, const std::string& path) {
  const std::string what = "cannot write " + path;
  const std::shared_ptr<arrow::Table> arrow_table = ColumnTableToArrow(table);
  auto sink = OrThrowIo(arrow::io::BufferOutputStream::Create(), what);
  // Plain encoding: the matrix's columns are short and mostly distinct, and
  // dictionary building was a third of the write; no column statistics (min/max of every text column).
  const auto props = parquet::WriterProperties::Builder().disable_dictionary()->disable_statistics()->build();
  const arrow::Status st = parquet::arrow::WriteTable(*arrow_table, arrow::default_memory_pool(), sink,
                                                      std::max<int64_t>(1, 1 << 20), props);
  if (!st.ok()) ThrowIo(what + ": " + st.ToString());
  auto buffer = OrThrowIo(sink->Finish(), what);
  WriteFileAtomically(path, std::string_view(reinterpret_cast<const char*>(buffer->data()),
                                             static_cast<size_t>(buffer->size())));
}

}  // namespace orbit::selection
