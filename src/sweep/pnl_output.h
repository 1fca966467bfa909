// src/sweep/pnl_output.h
//
// The daily P&L file of a sweep (`orbit sweep --pnl-out`, orbit.sweep(pnl=
// True); format agreed in docs and README "Daily P&L"): one row per
// combination x SUMMARY group x trading date with at least one trade, columns
// instrument, group, stream, slot (SUMMARY's key columns; "" when the
// grouping has none), combo (int64), date (Parquet date32 / CSV YYYY-MM-DD:
// the rows' Date), pnl_usd (float64: that day's trades of the group, net of
// the run's costs) and trades (int64). For every combination and group the
// sums equal SUMMARY's usd and trades (OPEN trades count on their date, as in
// SUMMARY). Rows are sorted by SUMMARY's order of (instrument, group), then
// combo, then date.
//
// Sweeps finish combinations in combo order, group after group, but the file
// is group-major: each group's days are spilled (24 bytes a day) to a
// temporary file of its own beside the output, and Close() concatenates them,
// so memory holds one block, never the whole P&L. A streamed sweep (one span
// of dates after another, every combination per span) starts a segment per
// span; Close() merges a group's segments by combo (each segment's records
// are in combo order, segments in date order).
// Thread safety: one thread.
#pragma once

#include <cstdint>
#include <cstdio>
#include <filesystem>
#include <map>
#include <memory>
#include <string>
#include <tuple>
#include <vector>

#include "sweep/sweep_output.h"

namespace orbit::sweep {

class PnlWriter {
 public:
  // `file`: the staged temporary of the P&L path; `csv` by its extension.
  // Spill files are created in `file`'s folder and removed by Close() or the
  // destructor.
  PnlWriter(std::filesystem::path file, bool csv);
  ~PnlWriter();
  PnlWriter(const PnlWriter&) = delete;
  PnlWriter& operator=(const PnlWriter&) = delete;

  // Rows in SUMMARY order with their `pnl` days. Errors: Error(kIo).
  void Append(const std::vector<SummaryRow>& rows);
  // One combination's days of one group (in combo order within a segment).
  void AppendDays(const std::string& instrument, const std::string& group, const std::string& stream,
                  const std::string& slot, size_t combo, const std::vector<PnlDay>& days);
  // Later appends belong to the next span of dates.
  void BeginSegment() { ++segment_; }
  // Writes the file, groups in first-appearance order or, when `order` is
  // given, in that order of (instrument, group). Errors: Error(kIo) naming it.
  void Close(const std::vector<std::pair<std::string, std::string>>* order = nullptr);

 private:
  struct Spill {
    size_t segment = 0;
    std::filesystem::path path;
    std::FILE* file = nullptr;
  };
  struct Group {
    std::string instrument, group, stream, slot;
    std::vector<Spill> spills;  // one per segment with days, in segment order
  };
  Spill& SpillFor(const std::string& instrument, const std::string& group, const std::string& stream,
                  const std::string& slot);
  void RemoveSpills();

  std::filesystem::path file_;
  bool csv_;
  size_t segment_ = 0;
  size_t spill_count_ = 0;
  std::vector<Group> groups_;  // in first-appearance (SUMMARY) order
  std::map<std::tuple<std::string, std::string, std::string, std::string>, size_t> index_;
};

}  // namespace orbit::sweep
