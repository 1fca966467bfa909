// The Arrow half of the bar readers (Arrow module, module/arrow_module.h):
// Parquet files and Arrow record-batch streams decoded into BatchDecoder.
#include "source/parquet_reader.h"

#include <arrow/api.h>
#include <arrow/io/api.h>
#include <parquet/arrow/reader.h>
#include <parquet/exception.h>
#include <parquet/file_reader.h>
#include <parquet/statistics.h>

#include <cctype>
#include <limits>
#include <optional>

#include "core/error.h"
#include "core/quoted_text.h"
#include "source/arrow_time_unit.h"
#include "source/batch_decoder.h"
#include "source/input_filesystem.h"
#include "source/row_group_filter.h"

namespace orbit::source {
namespace {

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

}  // namespace

void BatchDecoder::Decode(const arrow::RecordBatch& batch, int64_t first_row) {
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
  const double* prices[4] = {prices_[0].data(), prices_[1].data(), prices_[2].data(), prices_[3].data()};
  AcceptRows(batch.num_rows(), first_row, prices, [&](int64_t i, std::string_view& raw) {
    if (!instruments) return;
    if (instruments->IsNull(i)) BadInput(first_row + i, "instrument", "null", "is missing");
    raw = instruments->Get(i);
  });
}

std::shared_ptr<arrow::Array> BatchDecoder::Column(const arrow::RecordBatch& batch, const char* name) {
  std::shared_ptr<arrow::Array> col = batch.GetColumnByName(name);
  if (!col) ThrowBadInput(file_.path + ": missing required column '" + name + "'");
  return col;
}

void BatchDecoder::DecodeTimestamps(const arrow::Array& array, int64_t first_row) {
  if (array.type_id() != arrow::Type::TIMESTAMP)
    BadInput(first_row, "timestamp", "", "must be a datetime column (type " + array.type()->ToString() + ")");
  const auto& type = static_cast<const arrow::TimestampType&>(*array.type());
  const auto& values = static_cast<const arrow::TimestampArray&>(array);
  const int64_t scale = NanosPerUnit(type.unit());
  const bool naive = type.timezone().empty() && !utc_timestamps_;
  naive_rows_ = naive;
  const int64_t n = array.length();
  ts_.resize(static_cast<size_t>(n));
  constexpr int64_t kMax = std::numeric_limits<int64_t>::max();
  for (int64_t i = 0; i < n; ++i) {
    if (values.IsNull(i)) BadInput(first_row + i, "timestamp", "null", "is missing");
    const int64_t v = values.Value(i);
    if (scale > 1 && (v > kMax / scale || v < -kMax / scale))
      BadInput(first_row + i, "timestamp", std::to_string(v), "is out of range for nanosecond instants");
    ts_[static_cast<size_t>(i)] = ToInstant(v * scale, naive, first_row + i);
  }
}

namespace {

constexpr const char* kBarColumns[] = {"timestamp", "open", "high", "low", "close", "instrument"};

std::string Lower(std::string s) {
  for (char& c : s) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return s;
}

// Column names match case-insensitively (README, "Input formats"): a field
// named like a bar column in another case ("Open", "TIMESTAMP") is renamed to
// the bar column's name unless a field of that exact name exists. Returns
// nullptr when nothing needs renaming. Errors: Error(kBadInput) when two
// fields differ only by case and none is the exact name.
std::shared_ptr<arrow::Schema> CanonicalSchema(const arrow::Schema& schema, const std::string& path) {
  std::vector<std::shared_ptr<arrow::Field>> fields = schema.fields();
  bool renamed = false;
  for (const char* name : kBarColumns) {
    if (schema.GetFieldIndex(name) >= 0 || schema.GetAllFieldIndices(name).size() > 1) continue;
    int match = -1;
    for (int i = 0; i < schema.num_fields(); ++i) {
      if (Lower(schema.field(i)->name()) != name) continue;
      if (match >= 0)
        ThrowBadInput(path + ": columns " + QuotedText(schema.field(match)->name()) + " and " +
                      QuotedText(schema.field(i)->name()) + " both match '" + name +
                      "' (names match case-insensitively)");
      match = i;
    }
    if (match < 0) continue;
    fields[static_cast<size_t>(match)] = fields[static_cast<size_t>(match)]->WithName(name);
    renamed = true;
  }
  return renamed ? arrow::schema(fields, schema.metadata()) : nullptr;
}

// `batch` with its bar columns named canonically (shares the arrays).
std::shared_ptr<arrow::RecordBatch> Canonical(const std::shared_ptr<arrow::RecordBatch>& batch,
                                              const std::string& path) {
  const std::shared_ptr<arrow::Schema> schema = CanonicalSchema(*batch->schema(), path);
  return schema ? arrow::RecordBatch::Make(schema, batch->num_rows(), batch->columns()) : batch;
}

// The Parquet leaf of a top-level column, matched like CanonicalSchema.
int FindLeaf(const parquet::SchemaDescriptor& schema, const std::string& name) {
  const int exact = schema.ColumnIndex(name);
  if (exact >= 0) return exact;
  int match = -1;
  for (int i = 0; i < schema.num_columns(); ++i)
    if (Lower(schema.Column(i)->path()->ToDotString()) == name) {
      if (match >= 0) return -1;
      match = i;
    }
  return match;
}

void RequireColumns(const arrow::Schema& original, const InputFile& file, bool need_instrument) {
  const std::shared_ptr<arrow::Schema> canonical = CanonicalSchema(original, file.path);
  const arrow::Schema& schema = canonical ? *canonical : original;
  // A duplicated name is ambiguous (Arrow then finds neither copy): say so.
  for (const char* name : kBarColumns)
    if (const size_t n = schema.GetAllFieldIndices(name).size(); n > 1)
      ThrowBadInput(file.path + ": column '" + name + "' appears " + std::to_string(n) + " times");
  std::vector<std::string> missing;
  for (const char* name : {"timestamp", "open", "high", "low", "close"})
    if (schema.GetFieldIndex(name) < 0) missing.push_back(name);
  if (need_instrument && schema.GetFieldIndex("instrument") < 0) missing.push_back("instrument");
  if (missing.empty()) return;
  std::string list, found;
  for (const std::string& m : missing) list += (list.empty() ? "'" : ", '") + m + "'";
  for (const auto& field : original.fields()) found += (found.empty() ? "" : ", ") + EscapedText(field->name(), 40);
  if (found.empty()) found = "no columns";
  ThrowBadInput(file.path + ": missing required columns: [" + list + "] (found: " + EscapedText(found, 200) +
                (found.size() > 200 ? "..." : "") + ")");
}

}  // namespace

void ReadParquetFile(const InputFile& file, BatchDecoder& decoder, bool need_instrument, BarData& data,
                 int64_t lower_ns, int64_t upper_ns) {
  try {
    auto input = OpenInputFile(file);
    parquet::arrow::FileReaderBuilder builder;
    OkOrThrowIo(builder.Open(input), file.path);
    // The instrument column is read as a dictionary: a file holds few symbols,
    // so decoding indices instead of one string per row saves most of its cost.
    parquet::ArrowReaderProperties arrow_props;
    arrow_props.set_batch_size(64 * 1024);
    const int instrument_leaf = FindLeaf(*builder.raw_reader()->metadata()->schema(), "instrument");
    if (instrument_leaf >= 0) arrow_props.set_read_dictionary(instrument_leaf, true);
    auto reader = ValueOrThrowIo(builder.memory_pool(arrow::default_memory_pool())->properties(arrow_props)->Build(),
                                 file.path);
    std::shared_ptr<arrow::Schema> schema;
    OkOrThrowIo(reader->GetSchema(&schema), file.path);
    RequireColumns(*schema, file, need_instrument);
    if (std::shared_ptr<arrow::Schema> canonical = CanonicalSchema(*schema, file.path)) schema = canonical;
    std::vector<int> columns;
    for (const char* name : {"timestamp", "open", "high", "low", "close", "instrument"}) {
      const int idx = schema->GetFieldIndex(name);
      if (idx >= 0) columns.push_back(idx);
    }
    // Row-group pruning on the timestamp statistics.
    const auto metadata = reader->parquet_reader()->metadata();
    const std::vector<int> selected = SelectRowGroups(*metadata, *schema, lower_ns, upper_ns);
    const int ts_leaf = FindLeaf(*metadata->schema(), "timestamp");
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
        decoder.Decode(*Canonical(batch, file.path), row);
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
    ThrowIo(file.path + ": out of memory while decoding this Parquet file (its sizes may be corrupt, or it needs "
            "more memory than is available)");
  } catch (const std::exception& e) {
    // Arrow/Thrift may throw other std exceptions on corrupt metadata.
    ThrowIo(file.path + ": not a readable Parquet file: " + e.what());
  }
}

int64_t ParquetRowCount(const InputFile& file) {
  try {
    const auto reader = file.location.empty() ? parquet::ParquetFileReader::OpenFile(file.path, false)
                                              : parquet::ParquetFileReader::Open(OpenInputFile(file));
    return reader->metadata()->num_rows();
  } catch (const parquet::ParquetException&) {
    const int64_t size = InputFileSize(file);
    return size < 0 ? 0 : size / 16;  // the reader will report the file properly
  } catch (const Error&) {
    return 0;  // the reader will report the file properly
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
    decoder.Decode(*Canonical(batch, input.path), row);
    row += batch->num_rows();
  }
}

}  // namespace

BarData ReadBarsFromStream(arrow::RecordBatchReader& reader, const BarReadOptions& options,
                           const std::string& source_name) {
  const std::vector<InputFile> input{InputFile{source_name, FileFormat::kParquet, ""}};
  return ReadInputs(options, input,
                    [&reader](const InputFile& file, BatchDecoder& decoder, bool need_instrument, BarData&, int64_t,
                              int64_t) { ReadStream(reader, file, decoder, need_instrument); });
}

}  // namespace orbit::source
