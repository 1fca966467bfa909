// src/source/csv_block_parser.h
//
// ParseCsvBlock converts one block of whole CSV lines into bar columns, in
// one pass over the text and without per-row allocation: fields are located
// in place, prices are parsed by a correctly rounded decimal fast path with
// std::from_chars behind it (the same doubles Arrow's parser gives),
// timestamps with timestamp_text.h.
// Blocks are independent, so the scanner parses several in parallel.
//
// Conventions kept from the Arrow reader it replaces: empty lines are
// skipped and not counted as rows; "" and the usual null spellings (NA, NaN,
// null, N/A, ...) in a price column are NaN (validated later); a row with a
// different field count than the first line is an error; instrument text
// must be valid UTF-8.
//
// Thread safety: ParseCsvBlock has no shared state.
#pragma once

#include <cstdint>
#include <deque>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/uninitialized_allocator.h"
#include "source/csv_format.h"

namespace orbit::source {

// The first problem in a block. `row` is 0-based within the block's data
// rows; `column` is the 0-based field (-1: the row as a whole); `value` the
// field's text as read (empty with has_value = false: not shown).
struct CsvRowError {
  int64_t row = 0;
  int column = -1;
  bool has_value = true;
  std::string value;
  std::string problem;
};

// A field's text inside the block (or in ParsedCsvBlock::unescaped). Trivial,
// so a column of them is sized without writing it.
struct FieldText {
  const char* data;
  size_t size;
  std::string_view view() const { return {data, size}; }
};

struct ParsedCsvBlock {
  int64_t rows = 0;                           // data rows converted (all valid so far)
  size_t text_bytes = 0;                      // size of the block's text
  UninitializedVector<int64_t> ts;            // instants (zoned) or wall-clock ns (naive)
  UninitializedVector<double> prices[4];      // open, high, low, close; null -> NaN
  UninitializedVector<FieldText> instruments;  // empty if the file has no instrument column
  std::deque<std::string> unescaped;    // quoted values with "" inside
  std::optional<CsvRowError> error;     // parsing stopped at this row
  // Over the `rows` converted rows: every price finite and > 0 with
  // low <= open, close <= high (so no price check can fail or warn), and
  // every instrument the same text (or no instrument column). The consumer
  // then validates once per block instead of once per row.
  bool prices_clean = false;
  bool one_instrument = false;

  void Clear();
};

// What every block of one file shares.
struct CsvBlockContext {
  const CsvLayout* layout = nullptr;
  size_t fields = 0;          // field count of the first line
  bool zoned = false;         // the first data row's timestamps carry a zone (or are epoch)
  // Every price is divided by this: 1e9 for Databento's fixed-point prices
  // (FirstRowHasFixedPointPrices), else 1.
  double price_divisor = 1.0;
};

// Parses `text` (whole lines; the last may lack its newline) into `out`
// (cleared first). Text without quotes is split 64 bytes at a time
// (separator_mask.h), other text line by line.
void ParseCsvBlock(std::string_view text, const CsvBlockContext& context, ParsedCsvBlock& out);

// The same through the line-by-line splitter only: the reference the
// vectorised splitter is tested against (same rows, values and errors).
void ParseCsvBlockLineByLine(std::string_view text, const CsvBlockContext& context, ParsedCsvBlock& out);

// Whether the first data row of a Databento file (`--format databento`, or
// detected) holds fixed-point prices: Databento's CSV without pretty_px writes
// every price as an integer count of 1e-9 units (4500.25 -> 4500250000000).
// True when all four price fields are integers and one has 10 or more digits
// (no real futures price has); the parser then divides by 1e9, which gives
// the same double as the decimal text.
bool FirstRowHasFixedPointPrices(std::string_view line, const CsvLayout& layout);

// Whether the first data row's timestamp is an instant (zone designator or
// epoch integer). Unparseable -> false (the row's error is reported later).
bool FirstRowIsZoned(std::string_view line, const CsvLayout& layout);

}  // namespace orbit::source
