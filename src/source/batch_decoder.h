// src/source/batch_decoder.h
//
// BatchDecoder: where every input's rows are checked and kept, whatever the
// format. The CSV reader hands it parsed blocks (DecodeCsv); the Arrow module
// hands it Arrow record batches from Parquet files and streams (Decode,
// defined in source/parquet_reader.cc so that this header and its CSV users
// need no Arrow). It applies the spec's validations V1-V7 row by row, in file
// order, with messages naming file, row, column and value, then appends the
// rows inside [lower_ns, upper_ns) to their instrument's columns.
//
// ReadInputs runs one BatchDecoder per input and the checks that span the
// whole input; bar_reader.cc (files) and the Arrow module (streams) share it.
#pragma once

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "calendar/naive_localizer.h"
#include "core/error.h"
#include "core/instrument.h"
#include "core/py_float.h"
#include "core/quoted_text.h"
#include "source/bar_reader.h"
#include "source/contract_symbol.h"
#include "source/csv_block_parser.h"
#include "source/file_discovery.h"
#include "source/bar_spacing.h"
#include "source/timezone_sniffer.h"

namespace arrow {
class Array;
class RecordBatch;
}  // namespace arrow

namespace orbit::source {

inline constexpr const char* kPriceNames[4] = {"open", "high", "low", "close"};

// Upper-cased bytes (ASCII), and the same after trimming spaces.
std::string Upper(std::string_view s);
std::string TrimUpper(std::string_view s);
// An instant as Chicago wall clock with its offset, for messages.
std::string FormatChicago(int64_t ns);

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
  void Decode(const arrow::RecordBatch& batch, int64_t first_row);  // source/parquet_reader.cc (Arrow module)

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
  // Every instrument's first bars feed the 1-minute spacing check.
  void SetSpacingCheck(BarSpacingCheck* spacing) { spacing_ = spacing; }
  // The naive-time localizer of this file (its repeated-hour counts).
  const calendar::NaiveLocalizer& localizer() const { return localizer_; }

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
      if (spacing_ != nullptr && spacing_->Sampling(target)) spacing_->Observe(target, t, c);
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
    if (spacing_ != nullptr && target != nullptr)
      for (size_t r = 0; r < rows && spacing_->Sampling(target); ++r) spacing_->Observe(target, ts_[r], prices[3][r]);
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

  std::shared_ptr<arrow::Array> Column(const arrow::RecordBatch& batch, const char* name);  // Arrow module

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
      BadInput(row, "instrument", QuotedText(raw),
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
      BadInput(row, "instrument", QuotedText(raw), "unknown instrument");
    // A file whose path names an instrument is never read as another.
    if (!file_.partition_instrument.empty() && checked != Upper(file_.partition_instrument))
      BadInput(row, "instrument", QuotedText(raw),
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
      if (spacing_ != nullptr) spacing_->Name(target, selected);
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

  void DecodeTimestamps(const arrow::Array& array, int64_t first_row);  // Arrow module

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
  BarSpacingCheck* spacing_ = nullptr;
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

// One BatchDecoder per input (in order), then the checks that span the whole
// input (V1, V5), sorting and the duplicate policy. `read_input(file, decoder,
// need_instrument, data, lower_ns, upper_ns)` feeds one input's rows to its
// decoder. Errors: as ReadBars.
using ReadInput = std::function<void(const InputFile& file, BatchDecoder& decoder, bool need_instrument,
                                     BarData& data, int64_t lower_ns, int64_t upper_ns)>;
BarData ReadInputs(const BarReadOptions& options, const std::vector<InputFile>& files, const ReadInput& read_input);

}  // namespace orbit::source
