// src/research/pnl_table.h
//
// The daily P&L of a sweep (`orbit sweep --pnl-out`, format in README "Is it
// real?"): one row per combination x SUMMARY group x trading date with at least
// one closed trade. Held as columns; the group of a row is an index into
// `groups` (first-appearance order, which is SUMMARY's row order).
#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace orbit::research {

// A SUMMARY group: its key columns.
struct PnlGroup {
  std::string instrument, group, stream, slot;
};

struct PnlTable {
  std::vector<PnlGroup> groups;
  // One entry per row, all the same length.
  std::vector<uint32_t> group;   // index into `groups`
  std::vector<int64_t> combo;    // SUMMARY's combo id
  std::vector<int32_t> date;     // trading date, days since 1970-01-01
  std::vector<double> pnl_usd;   // net USD of that day's closed trades
  std::vector<int64_t> trades;   // closed trades that day

  size_t rows() const { return combo.size(); }
  // Appends a row; `g` indexes `groups`.
  void Add(uint32_t g, int64_t c, int32_t d, double pnl, int64_t n) {
    group.push_back(g);
    combo.push_back(c);
    date.push_back(d);
    pnl_usd.push_back(pnl);
    trades.push_back(n);
  }
};

// Reads a P&L file (.csv, or Parquet: .parquet/.pq/anything else), columns by
// name: instrument, group, stream, slot (text; stream/slot may be absent or
// empty), combo (integer), date (Parquet date32/date64/timestamp (its UTC day) or CSV
// YYYY-MM-DD), pnl_usd (number), trades (integer). Errors: Error(kIo) when it
// cannot be read; Error(kBadInput) naming file, row and column for a missing
// column, a missing or non-finite value, a negative trade count, or a
// (group, combo, date) that occurs twice.
PnlTable ReadPnlFile(const std::string& path);

// Its implementation, in the Arrow module (module/arrow_module.h).
PnlTable ReadPnlFileWithArrow(const std::string& path);

// Text of a date (days since 1970-01-01) as YYYY-MM-DD, and back (nullopt-free:
// ParseIsoDay returns false for anything but a valid YYYY-MM-DD).
std::string IsoDay(int32_t days);
bool ParseIsoDay(const std::string& text, int32_t& days);

}  // namespace orbit::research
