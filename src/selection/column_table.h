// src/selection/column_table.h
//
// ColumnTable is a result file as the selection layer reads it (spec §1.1):
// named columns in file order, each either text (kept verbatim, '' for an
// empty cell) or numeric (binary64, NaN for a missing cell). It is what the
// CSV reader (csv_table.h) and the Arrow module's Parquet reader
// (report/result_table_reader.h, ReadResultColumns) produce.
//
// Thread safety: a plain value.
// Invariants: every column holds `rows` cells, in `text` (kText) or `number`.
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "core/error.h"

namespace orbit::selection {

// The cells of a text column, in one of two forms:
//  - plain: Arrow's string layout, one character buffer and n + 1 offsets
//    (cell i is chars()[offsets()[i], offsets()[i + 1])), so no allocation
//    per cell and an Arrow array can wrap the buffers without a copy;
//  - coded: a dictionary (plain TextCells, shared) and one int32 code per
//    cell, as Parquet stores a low-cardinality column; reading keeps the
//    codes, so a column of four distinct texts costs four bytes a cell.
// Cells are appended, never changed; appending to a coded column decodes it
// first (Materialize). Invariant: plain offsets start at 0 and never decrease;
// every code indexes the dictionary.
class TextCells {
 public:
  size_t size() const { return dictionary_ ? codes_.size() : offsets_.size() - 1; }
  bool empty() const { return size() == 0; }
  std::string_view operator[](size_t i) const {
    return dictionary_ ? dictionary_->Plain(static_cast<size_t>(codes_[i])) : Plain(i);
  }
  void reserve(size_t cells) {
    if (dictionary_) codes_.reserve(cells);
    else offsets_.reserve(cells + 1);
  }
  void push_back(std::string_view cell) {
    if (dictionary_) Materialize();
    if (chars_.size() + cell.size() > kMaxChars) ThrowBadInput("a text column holds more than 2 GiB of text");
    chars_.append(cell);
    offsets_.push_back(static_cast<int32_t>(chars_.size()));
  }
  // Appends `n` cells in Arrow's layout: cell i is data[offsets[i], offsets[i + 1]).
  template <typename Offset>
  void AppendArrowCells(const char* data, const Offset* offsets, size_t n) {
    if (dictionary_) Materialize();
    const Offset first = offsets[0], last = offsets[n];
    if (chars_.size() + static_cast<size_t>(last - first) > kMaxChars)
      ThrowBadInput("a text column holds more than 2 GiB of text");
    const int32_t base = static_cast<int32_t>(chars_.size());
    chars_.append(data + first, static_cast<size_t>(last - first));
    offsets_.reserve(offsets_.size() + n);
    for (size_t i = 1; i <= n; ++i) offsets_.push_back(base + static_cast<int32_t>(offsets[i] - first));
  }

  // The coded form: `dictionary` (plain) and a code per cell.
  static TextCells Coded(std::shared_ptr<const TextCells> dictionary, std::vector<int32_t> codes) {
    TextCells t;
    t.dictionary_ = std::move(dictionary);
    t.codes_ = std::move(codes);
    return t;
  }
  bool coded() const { return dictionary_ != nullptr; }
  // REQUIRES: coded().
  const TextCells& dictionary() const { return *dictionary_; }
  const std::vector<int32_t>& codes() const { return codes_; }
  // Turns a coded column into the plain form (same cells).
  void Materialize() {
    if (!dictionary_) return;
    const std::shared_ptr<const TextCells> dictionary = std::move(dictionary_);
    const std::vector<int32_t> codes = std::move(codes_);
    dictionary_.reset();
    codes_.clear();
    chars_.clear();
    offsets_.assign(1, 0);
    offsets_.reserve(codes.size() + 1);
    for (int32_t c : codes) push_back(dictionary->Plain(static_cast<size_t>(c)));
  }

  // The plain form (REQUIRES: !coded()).
  const std::string& chars() const { return chars_; }
  const std::vector<int32_t>& offsets() const { return offsets_; }
  void clear() {
    dictionary_.reset();
    codes_.clear();
    chars_.clear();
    offsets_.assign(1, 0);
  }

 private:
  static constexpr size_t kMaxChars = INT32_MAX;  // Arrow's string offsets are int32
  std::string_view Plain(size_t i) const {
    return std::string_view(chars_.data() + offsets_[i], static_cast<size_t>(offsets_[i + 1] - offsets_[i]));
  }
  std::string chars_;
  std::vector<int32_t> offsets_ = std::vector<int32_t>(1, 0);
  std::shared_ptr<const TextCells> dictionary_;  // coded form when set
  std::vector<int32_t> codes_;
};

// kText cells live in `text` (with `missing` marking missing cells; empty
// when none is); every other type lives in `number`: kFloat and kInt (NaN =
// missing; kInt is an integer storage type: CSV, every cell a non-empty
// integer literal; Parquet, an integer physical type, which TargetIsFloat of
// §1.1 reads), kBool (0/1) and kDate (days since 1970-01-01).
enum class ColumnType { kText, kFloat, kInt, kBool, kDate };

struct TableColumn {
  std::string name;
  ColumnType type = ColumnType::kFloat;
  TextCells text;
  std::vector<uint8_t> missing;
  std::vector<double> number;

  bool is_text() const { return type == ColumnType::kText; }
  bool IsMissing(size_t row) const {
    return is_text() ? (!missing.empty() && missing[row]) : number[row] != number[row];
  }
};

struct ColumnTable {
  size_t rows = 0;
  std::vector<TableColumn> columns;

  // Index of the column named `name`, or -1.
  int Find(const std::string& name) const {
    for (size_t i = 0; i < columns.size(); ++i)
      if (columns[i].name == name) return static_cast<int>(i);
    return -1;
  }
};

// A table handed over one column at a time, so a writer holds a column or
// two, not the table (MatrixColumns builds each on demand). Column i's name,
// type and coded() (kText: built in the coded form) are known before it is
// built. A source either lends its columns (Lend) or builds them (Build,
// callable from any thread: a writer may build the next column while it
// encodes this one).
class ColumnSource {
 public:
  virtual ~ColumnSource() = default;
  virtual size_t rows() const = 0;
  virtual size_t columns() const = 0;
  virtual const std::string& name(size_t i) const = 0;
  virtual ColumnType type(size_t i) const = 0;
  virtual bool coded(size_t i) const = 0;
  // Column i held by the source, or null when it is built on demand.
  virtual const TableColumn* Lend(size_t) const { return nullptr; }
  virtual TableColumn Build(size_t i) const = 0;
};

// A ColumnTable as a ColumnSource (lends its columns; `table` must outlive it).
class TableSource final : public ColumnSource {
 public:
  explicit TableSource(const ColumnTable& table) : table_(table) {}
  size_t rows() const override { return table_.rows; }
  size_t columns() const override { return table_.columns.size(); }
  const std::string& name(size_t i) const override { return table_.columns[i].name; }
  ColumnType type(size_t i) const override { return table_.columns[i].type; }
  bool coded(size_t i) const override { return table_.columns[i].text.coded(); }
  const TableColumn* Lend(size_t i) const override { return &table_.columns[i]; }
  TableColumn Build(size_t i) const override { return table_.columns[i]; }

 private:
  const ColumnTable& table_;
};

// True for the analyzer's text columns (§1.1), which a CSV reader keeps verbatim.
inline bool IsAnalyzerTextColumn(const std::string& name) {
  static const char* const kText[] = {"Date",   "Time",   "EntryTime",  "ExitTime", "Direction",
                                      "Result", "Stream", "Instrument", "Session",  "open_as_of_time"};
  for (const char* t : kText)
    if (name == t) return true;
  return false;
}

}  // namespace orbit::selection
