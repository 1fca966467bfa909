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
#include <string>
#include <string_view>
#include <vector>

#include "core/error.h"

namespace orbit::selection {

// The cells of a text column, packed: one character buffer and the end
// offset of every cell (no allocation per cell; a result file's 2.5 million
// text cells cost two buffers). Cells are appended, never changed.
class TextCells {
 public:
  size_t size() const { return ends_.size(); }
  bool empty() const { return ends_.empty(); }
  std::string_view operator[](size_t i) const {
    const uint32_t begin = i ? ends_[i - 1] : 0;
    return std::string_view(chars_.data() + begin, ends_[i] - begin);
  }
  void reserve(size_t cells) { ends_.reserve(cells); }
  void reserve_chars(size_t bytes) { chars_.reserve(bytes); }
  void push_back(std::string_view cell) {
    if (chars_.size() + cell.size() > UINT32_MAX) ThrowBadInput("a text column holds more than 4 GiB of text");
    chars_.append(cell);
    ends_.push_back(static_cast<uint32_t>(chars_.size()));
  }
  void append(const TextCells& other) {
    if (chars_.size() + other.chars_.size() > UINT32_MAX) ThrowBadInput("a text column holds more than 4 GiB of text");
    const uint32_t base = static_cast<uint32_t>(chars_.size());
    chars_.append(other.chars_);  // geometric growth; reserve_chars() first to avoid it
    for (uint32_t e : other.ends_) ends_.push_back(base + e);
  }
  // Appends `n` cells in Arrow's layout: cell i is data[offsets[i], offsets[i + 1]).
  template <typename Offset>
  void AppendArrowCells(const char* data, const Offset* offsets, size_t n) {
    const Offset first = offsets[0], last = offsets[n];
    if (chars_.size() + static_cast<size_t>(last - first) > UINT32_MAX)
      ThrowBadInput("a text column holds more than 4 GiB of text");
    const uint32_t base = static_cast<uint32_t>(chars_.size());
    chars_.append(data + first, static_cast<size_t>(last - first));
    ends_.reserve(ends_.size() + n);
    for (size_t i = 1; i <= n; ++i) ends_.push_back(base + static_cast<uint32_t>(offsets[i] - first));
  }
  // The packed form (Arrow's: cell i is chars()[i ? ends()[i - 1] : 0, ends()[i])).
  const std::string& chars() const { return chars_; }
  const std::vector<uint32_t>& ends() const { return ends_; }
  void clear() {
    chars_.clear();
    ends_.clear();
  }

 private:
  std::string chars_;
  std::vector<uint32_t> ends_;
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

// True for the analyzer's text columns (§1.1), which a CSV reader keeps verbatim.
inline bool IsAnalyzerTextColumn(const std::string& name) {
  static const char* const kText[] = {"Date",   "Time",   "EntryTime",  "ExitTime", "Direction",
                                      "Result", "Stream", "Instrument", "Session",  "open_as_of_time"};
  for (const char* t : kText)
    if (name == t) return true;
  return false;
}

}  // namespace orbit::selection
