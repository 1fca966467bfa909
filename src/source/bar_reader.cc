#include "source/bar_reader.h"

#include <arrow/api.h>
#include <arrow/csv/api.h>
#include <arrow/io/api.h>
#include <parquet/arrow/reader.h>
#include <parquet/exception.h>
#include <parquet/statistics.h>

#include <cctz/time_zone.h>

#include <algorithm>
#include <map>
#include <cmath>
#include <thread>
#include <fstream>
#include <limits>

#include "calendar/naive_localizer.h"
#include "core/error.h"
#include "source/arrow_time_unit.h"
#include "source/contract_symbol.h"
#include "core/py_float.h"
#include "source/file_discovery.h"
#include "source/input_filesystem.h"
#include "source/row_group_filter.h"
#include "source/csv_scanner.h"
#include "source/timezone_sniffer.h"
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

// An instant as Chicago wall clock with its offset, for messages.
std::string FormatChicago(int64_t ns) {
  const auto tp = std::chrono::time_point<std::chrono::system_clock, std::chrono::nanoseconds>(std::chrono::nanoseconds(ns));
  return cctz::format("%Y-%m-%dT%H:%M:%E*S%Ez", std::chrono::time_point_cast<std::chrono::system_clock::duration>(tp),
                      calendar::TimeZone::Chicago().cctz_zone());
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
        expected_rows_(options.expected_rows), lower_ns_(lower_ns), upper_ns_(upper_ns) {}

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
    const double* prices[4] = {prices_[0].data(), prices_[1].data(), prices_[2].data(), prices_[3].data()};
    AcceptRows(batch.num_rows(), first_row, prices, [&](int64_t i, std::string_view& raw) {
      if (!instruments) return;
      if (instruments->IsNull(i)) BadInput(first_row + i, "instrument", "null", "is missing");
      raw = instruments->Get(i);
    });
  }

  // A block of CSV rows parsed by csv_block_parser (timestamps: instants when
  // `zoned`, else wall clock in the input zone).
  void DecodeCsv(const ParsedCsvBlock& block, bool zoned, int64_t first_row) {
    last_view_ = {};
    naive_rows_ = !zoned;
    const int64_t n = block.rows;
    ts_.resize(static_cast<size_t>(n));
    for (int64_t i = 0; i < n; ++i) ts_[static_cast<size_t>(i)] = ToInstant(block.ts[static_cast<size_t>(i)], !zoned, first_row + i);
    const double* prices[4] = {block.prices[0].data(), block.prices[1].data(), block.prices[2].data(),
                               block.prices[3].data()};
    const bool has_instruments = !block.instruments.empty();
    if (block.prices_clean && block.one_instrument &&
        AcceptWhole(n, first_row, prices, has_instruments ? block.instruments.front().view() : DefaultInstrument()))
      return;
    AcceptRows(n, first_row, prices, [&](int64_t i, std::string_view& raw) {
      if (has_instruments) raw = block.instruments[static_cast<size_t>(i)].view();
    });
  }

  // A better row count than the options' projection (from the text of the
  // first CSV block): taken when reserving is on and it is larger.
  void RaiseExpectedRows(size_t rows) {
    if (expected_rows_ > 0) expected_rows_ = std::max(expected_rows_, rows);
  }

  // Bars stamped at their close are moved to their open (1-minute bars, spec §1.4).
  void SetCloseStamped(bool close_stamped) { shift_ns_ = close_stamped ? calendar::kNanosPerMinute : 0; }
  // The instrument column holds contract symbols ("ESH4", "ES.c.0"): each is
  // read as its instrument (ContractInstrument), and two different contracts
  // of one instrument are refused (their bars would merge into one series).
  void SetContractSymbols(bool contract_symbols) { contract_symbols_ = contract_symbols; }
  // Naive timestamps feed the --input-tz check (maintenance break position).
  void SetSniffer(TimezoneSniffer* sniffer) { sniffer_ = sniffer; }

  // Parquet INT96 timestamps are UTC instants by convention (Impala, Spark),
  // but Arrow reads them without a zone: do not take them for wall time.
  void SetTimestampsAreUtc(bool utc) { utc_timestamps_ = utc; }

 private:
  // Validates rows [0, n) (timestamps in ts_, prices[k][i]) and appends the
  // wanted ones. `instrument_at(i, raw)` sets raw to the row's instrument
  // text when the input has that column.
  template <typename InstrumentAt>
  void AcceptRows(int64_t n, int64_t first_row, const double* const prices[4], InstrumentAt instrument_at) {
    frame_.rows += static_cast<size_t>(n);
    data_.rows_read += static_cast<size_t>(n);
    const bool error_on_duplicates = options_.duplicate_policy == DuplicatePolicy::kError;
    for (int64_t i = 0; i < n; ++i) {
      const size_t r = static_cast<size_t>(i);
      std::string_view raw_instrument = DefaultInstrument();
      instrument_at(i, raw_instrument);
      BarColumns* target = Target(raw_instrument, first_row + i);
      const bool is_cl = cl_like_;
      const double o = prices[0][r], h = prices[1][r], l = prices[2][r], c = prices[3][r];
      for (int k = 0; k < 4; ++k) {
        const double v = prices[k][r];
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
      if (sniffer_ != nullptr && naive_rows_) sniffer_->Observe(target, t);
      if (target == nullptr || t < lower_ns_ || t >= upper_ns_) continue;
      if (error_on_duplicates && target->size() > 0 && target->ts_ns.back() == t)
        BadInput(first_row + i, "timestamp", FormatChicago(t),
                 "duplicate timestamps (--duplicates error): the previous row has the same timestamp");
      target->Append(t, o, h, l, c);
    }
    if (options_.on_batch) options_.on_batch(data_);
  }

  // AcceptRows in one step for rows that share one instrument text and whose
  // prices pass every check (ParsedCsvBlock::prices_clean), when no row needs
  // a decision of its own: all inside the read bounds and duplicates not
  // checked (or the instrument not wanted). Returns false, having only
  // resolved the instrument (which AcceptRows repeats to the same effect),
  // when the rows must go through AcceptRows.
  bool AcceptWhole(int64_t n, int64_t first_row, const double* const prices[4], std::string_view instrument) {
    if (n == 0) return false;
    const size_t rows = static_cast<size_t>(n);
    BarColumns* target = Target(instrument, first_row);
    if (target != nullptr &&
        (options_.duplicate_policy == DuplicatePolicy::kError || !AllWithin(ts_.data(), rows)))
      return false;
    frame_.rows += rows;
    data_.rows_read += rows;
    if (sniffer_ != nullptr && naive_rows_)
      for (size_t r = 0; r < rows; ++r) sniffer_->Observe(target, ts_[r]);
    if (target != nullptr) target->AppendRows(ts_.data(), prices, rows);
    if (options_.on_batch) options_.on_batch(data_);
    return true;
  }

  // Whether every instant of ts[0, n) is inside [lower_ns_, upper_ns_).
  bool AllWithin(const int64_t* ts, size_t n) const {
    const auto [lo, hi] = std::minmax_element(ts, ts + n);
    return n == 0 || (*lo >= lower_ns_ && *hi < upper_ns_);
  }

  // The instrument of rows without an instrument column.
  std::string_view DefaultInstrument() const {
    return file_.partition_instrument.empty() ? std::string_view(options_.default_instrument)
                                              : std::string_view(file_.partition_instrument);
  }

  // Naive wall clock -> instant (input zone), range check, close-stamp shift.
  int64_t ToInstant(int64_t ns, bool naive, int64_t row) {
    if (naive) {
      const std::optional<int64_t> instant = localizer_.ToInstant(ns);
      if (!instant)
        BadInput(row, "timestamp", "", "naive time does not exist in " + options_.input_zone->name() +
                                           " (skipped by a DST change)");
      ns = *instant;
    }
    return ns - shift_ns_;
  }

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

  // One contract per instrument in a file of contract symbols.
  void CheckOneContract(std::string_view raw, const std::string& instrument, int64_t row) {
    const std::string contract = TrimUpper(raw);
    const auto [it, inserted] = contracts_.emplace(instrument, contract);
    if (!inserted && it->second != contract)
      BadInput(row, "instrument", "'" + std::string(raw) + "'",
               "is another contract of " + instrument + " than '" + it->second +
                   "' earlier in the file; their bars would merge into one series: export one contract (or a "
                   "continuous symbol such as " + instrument + ".c.0) per file");
  }

  // Validates V7 and returns the columns the row goes to (nullptr: not requested).
  BarColumns* Target(std::string_view raw, int64_t row) {
    // Within one batch a dictionary-encoded column hands out the same view for
    // the same symbol: compare the pointer before the bytes.
    if (has_last_ && raw.data() == last_view_.data() && raw.size() == last_view_.size()) return last_target_;
    if (has_last_ && raw.size() == last_raw_.size() &&
        std::equal(raw.begin(), raw.end(), last_raw_.begin())) {  // short: no memcmp call
      last_view_ = raw;
      return last_target_;
    }
    const std::string mapped = contract_symbols_ ? ContractInstrument(raw) : std::string();
    if (contract_symbols_) CheckOneContract(raw, mapped, row);
    const std::string checked = contract_symbols_ ? mapped : TrimUpper(raw);
    if (!IsKnownInstrumentValue(checked))
      BadInput(row, "instrument", "'" + std::string(raw) + "'", "unknown instrument");
    // A file whose path names an instrument is never read as another.
    if (!file_.partition_instrument.empty() && checked != Upper(file_.partition_instrument))
      BadInput(row, "instrument", "'" + std::string(raw) + "'",
               "differs from the instrument the file's path names (" + file_.partition_instrument + ")");
    if (std::find(data_.instruments_found.begin(), data_.instruments_found.end(), checked) ==
        data_.instruments_found.end())
      data_.instruments_found.push_back(checked);
    // Selection compares upper-cased but untrimmed values (§1.5).
    const std::string selected = contract_symbols_ ? mapped : Upper(raw);
    BarColumns* target = nullptr;
    const bool wanted = options_.instruments.empty()
                            ? selected == checked
                            : std::find(options_.instruments.begin(), options_.instruments.end(), selected) !=
                                  options_.instruments.end();
    if (wanted) {
      const bool created = data_.by_instrument.find(selected) == data_.by_instrument.end();
      target = &data_.by_instrument[selected];
      if (created && expected_rows_ > 0 && options_.instruments.size() == 1) target->Reserve(expected_rows_);
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

  const BarReadOptions& options_;
  BarData& data_;
  FrameChecks& frame_;
  const InputFile& file_;
  calendar::NaiveLocalizer localizer_;
  size_t expected_rows_;  // rows to reserve for the instrument (0: do not)
  bool utc_timestamps_ = false;
  int64_t shift_ns_ = 0;
  bool contract_symbols_ = false;
  std::map<std::string, std::string> contracts_;  // instrument -> the file's contract of it
  bool naive_rows_ = false;  // the current batch's timestamps were naive
  TimezoneSniffer* sniffer_ = nullptr;
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
    // Row-group pruning on the timestamp statistics.
    const auto metadata = reader->parquet_reader()->metadata();
    const std::vector<int> selected = SelectRowGroups(*metadata, *schema, lower_ns, upper_ns);
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

// Shows a CSV field in a message: at most 80 characters, control and
// non-ASCII bytes as '?'.
std::string ShownValue(std::string_view value) {
  std::string shown(value.substr(0, 80));
  for (char& c : shown)
    if (static_cast<unsigned char>(c) < 0x20 || static_cast<unsigned char>(c) >= 0x7F) c = '?';
  return shown;
}

void ReadCsv(const InputFile& file, BatchDecoder& decoder, bool need_instrument, const BarReadOptions& options) {
  CsvScanOptions scan;
  scan.format = options.csv_format;
  scan.need_instrument = need_instrument;
  scan.threads = options.threads > 0 ? options.threads : static_cast<int>(std::max(1u, std::thread::hardware_concurrency()));
  if (options.csv_block_bytes > 0) scan.block_bytes = options.csv_block_bytes;
  bool configured = false;
  ScanCsvFile(file.location.empty() ? file.path : file.location, scan, [&](const CsvBlockContext& context, const ParsedCsvBlock& block, int64_t first_row) {
    const CsvLayout& layout = *context.layout;
    if (!configured) {
      decoder.SetCloseStamped(layout.close_stamped);
      decoder.SetContractSymbols(layout.instrument_is_contract);
      // Rows per byte of the first block, scaled to the file: a compact
      // export (NinjaTrader, epoch stamps) has more rows per byte than the
      // projection's 50 bytes a bar, and growing the columns by doubling
      // copies them and touches twice the memory.
      const int64_t file_bytes =
          CompressionFromName(file.path) == Compression::kNone ? InputFileSize(file) : -1;
      if (file_bytes > 0 && block.text_bytes > 0 && block.rows > 0)
        decoder.RaiseExpectedRows(static_cast<size_t>(static_cast<double>(file_bytes) * 1.02 *
                                                      static_cast<double>(block.rows) /
                                                      static_cast<double>(block.text_bytes)) + 1024);
      configured = true;
    }
    decoder.DecodeCsv(block, context.zoned, first_row);
    if (block.error) {
      const CsvRowError& e = *block.error;
      std::string msg = file.path + ": row " + std::to_string(first_row + e.row + 1);
      if (e.column >= 0) {
        msg += ", column '" + layout.names[static_cast<size_t>(e.column)] + "'";
        if (e.has_value) msg += e.value == "null" && e.problem == "is missing" ? ", value null" : ", value '" + ShownValue(e.value) + "'";
      }
      ThrowBadInput(msg + ": " + e.problem);
    }
  });
}

}  // namespace

void ApplyDuplicatePolicy(BarColumns& columns, DuplicatePolicy policy, const std::string& symbol,
                          std::vector<std::string>& warnings) {
  const size_t dups = columns.CountDuplicateTimestamps();
  if (dups == 0) return;
  switch (policy) {
    case DuplicatePolicy::kError:
      for (size_t i = 1; i < columns.ts_ns.size(); ++i)
      if (columns.ts_ns[i] == columns.ts_ns[i - 1])
        ThrowBadInput(symbol + ": " + std::to_string(dups) + " duplicate timestamps (--duplicates error); the first is " +
                      FormatChicago(columns.ts_ns[i]));
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
  TimezoneSniffer sniffer(*options.input_zone);
  for (const InputFile& file : files) {
    const bool need_instrument = options.default_instrument.empty() && file.partition_instrument.empty();
    BatchDecoder decoder(options, data, frame, file, lower, upper);
    decoder.SetCloseStamped(options.csv_format.bar_stamp == BarStamp::kClose);
    decoder.SetSniffer(&sniffer);
    read_input(file, decoder, need_instrument, data, lower, upper);
    ++data.files_read;
  }
  if (frame.rows == 0 && !options.allow_empty) {
    // Name what was read: one file (a header-only CSV, an empty Parquet file) or how many.
    const std::string what = files.size() == 1 ? files.front().path + ": " : std::to_string(files.size()) + " files: ";
    ThrowBadInput(what + "Data validation failed: DataFrame is empty (no rows in the input)");
  }
  // An instrument asked for by name that no row has: list what the inputs
  // hold (the paths' instruments too), for the caller's message.
  for (const std::string& wanted : options.instruments) {
    if (data.by_instrument.count(wanted) > 0) continue;
    for (const std::string& s : PathInstruments(options.paths))
      if (std::find(data.instruments_found.begin(), data.instruments_found.end(), s) == data.instruments_found.end())
        data.instruments_found.push_back(s);
    break;
  }
  std::sort(data.instruments_found.begin(), data.instruments_found.end());
  if (const std::string verdict = sniffer.Verdict(); !verdict.empty()) data.warnings.push_back(verdict);
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
                    [&options](const InputFile& file, BatchDecoder& decoder, bool need_instrument, BarData& data,
                       int64_t lower, int64_t upper) {
                      if (file.format == FileFormat::kParquet) {
                        ReadParquet(file, decoder, need_instrument, data, lower, upper);
                      } else {
                        ReadCsv(file, decoder, need_instrument, options);
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
