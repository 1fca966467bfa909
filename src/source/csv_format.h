// src/source/csv_format.h
//
// How a CSV file's text maps onto bars: delimiter, header or not, which
// column holds each field, how timestamps are written, and whether bars are
// stamped at their open or close. The user describes it with CsvFormatOptions
// (a vendor preset plus overrides); ResolveCsvLayout() turns that and the
// file's first line into the column positions the scanner uses.
//
// Presets (spec §1.4: Orbit wants bars stamped at their open):
//   orbit        header timestamp,open,high,low,close[,instrument]; ','.
//   databento    header with ts_event (bar open, UTC: `...T23:00:00.000000000Z`
//                or integer nanoseconds), open, high, low, close; ','.
//   ninjatrader  NinjaTrader 8 export: no header, ';',
//                `yyyyMMdd HHmmss;open;high;low;close;volume`, stamped at the
//                bar's close in the exporting machine's zone (--input-tz).
//   tradestation Date,Time,Open,High,Low,Close,Up,Down; MM/DD/YYYY and HH:MM,
//                stamped at the close in the machine's zone (--input-tz).
//   auto         the preset whose signature the first line shows (ts_event
//                column, Date,Time header, `yyyyMMdd HHmmss;` row), else orbit.
// Column names match case-insensitively.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace orbit::source {

enum class BarStamp { kOpen, kClose };

enum class CsvPreset { kAuto, kOrbit, kDatabento, kNinjaTrader, kTradeStation };

struct CsvFormatOptions {
  CsvPreset preset = CsvPreset::kAuto;
  // role -> header name (case-insensitive) or 1-based column number. Roles:
  // timestamp, date, time, open, high, low, close, instrument.
  std::vector<std::pair<std::string, std::string>> column_map;
  char delimiter = 0;                 // 0 = the preset's
  std::optional<bool> header;         // unset = the preset's
  int64_t ts_unit_ns = 0;             // > 0: timestamps are epoch integers in this unit
  std::optional<BarStamp> bar_stamp;  // unset = the preset's (Parquet: open)
};

// Parses option values. Errors: Error(kUsage) naming the option and value.
CsvPreset ParseCsvPreset(const std::string& text);           // --format
std::vector<std::pair<std::string, std::string>> ParseColumnMap(const std::string& text);  // --column-map
char ParseDelimiter(const std::string& text);                // --delimiter (',', ';', tab, '\t', 'tab', '|')
int64_t ParseTsUnit(const std::string& text);                // --ts-unit s|ms|us|ns
BarStamp ParseBarStamp(const std::string& text);             // --bar-stamp open|close
const char* CsvPresetName(CsvPreset preset);

enum class TimestampLayout { kText, kEpoch, kDateAndTime };

// Where one file's fields are. Column numbers are 0-based; -1 = absent.
struct CsvLayout {
  CsvPreset preset = CsvPreset::kOrbit;  // after auto-detection
  char delimiter = ',';
  bool header = true;
  std::vector<std::string> names;        // header names, or "column N"
  TimestampLayout timestamp_layout = TimestampLayout::kText;
  int timestamp = -1, date = -1, time = -1;
  int prices[4] = {-1, -1, -1, -1};      // open, high, low, close
  int instrument = -1;
  bool instrument_is_contract = false;   // databento `symbol`: "ESH4" -> ES (contract_symbol.h)
  int64_t epoch_unit_ns = 0;             // kEpoch
  bool epoch_or_text = false;            // databento: digits are epoch ns, else text
  bool close_stamped = false;
};

// Splits one line on `delimiter`, honouring double quotes ("" = a quote) and
// dropping '\r'.
std::vector<std::string> SplitCsvLine(const std::string& line, char delimiter);

// Resolves `options` against the file's first line (BOM removed). Missing
// required fields give Error(kBadInput) "<file>: missing required columns:
// [...] (found: ...)"; a column map naming an absent column says so.
CsvLayout ResolveCsvLayout(const CsvFormatOptions& options, const std::string& first_line, const std::string& file,
                           bool need_instrument);

}  // namespace orbit::source
