// src/sweep/sweep_output.h
//
// What `orbit sweep` writes:
//  - SUMMARY: one row per combination x instrument x group (--by slot|stream|
//    year) with the parameter values and the statistics of `orbit report`
//    (report::GroupBy over the combination's result rows, so the figures are
//    computed by the same code); CSV or Parquet by extension.
//  - TRADES (optional, Parquet): the 17 result columns of every combination
//    (Target and Profit widened to float64, open_as_of_time always present)
//    followed by `combo` and the parameter columns; written batch by batch.
// Thread safety: MakeTradesBatch is pure and may run on workers; a
// SummaryBuilder belongs to one worker; TradesWriter is used from one thread.
#pragma once

#include <filesystem>
#include <memory>
#include <string>
#include <vector>

#include "calendar/time_zone.h"
#include "engine/result_table.h"
#include "report/report_stats.h"
#include "sweep/sweep_grid.h"

namespace arrow {
class Schema;
class Table;
}  // namespace arrow
namespace arrow::io {
class FileOutputStream;
}
namespace parquet::arrow {
class FileWriter;
}

namespace orbit::sweep {

struct SummaryRow {
  size_t combo = 0;
  std::string instrument;
  std::string group;   // report::GroupKey ("ES1 07:30", "ES1", "2024")
  std::string stream;  // "" when the grouping has none (year)
  std::string slot;    // "" unless grouped by slot
  double target = 0, stop_cap = 0, t1 = 0;
  int be_offset = 0;
  report::GroupStats stats;
};

// Makes the SUMMARY rows of combinations' result tables: report::GroupBy's
// groups and statistics (report::ComputeStats) of the table's rows in
// chronological order. Combinations differ only in their exits, so their
// tables usually hold the same rows (date, slot, session, direction): the
// records' text fields, their chronological order and the grouping are built
// once and reused while that identity holds; only the exit fields
// (report::SetExitFields) are refreshed per table. Not thread-safe: one
// builder per worker and instrument.
class SummaryBuilder {
 public:
  explicit SummaryBuilder(report::Dimension by) : by_(by) {}
  // The rows of `table` (combination `c`), in GroupBy's order.
  std::vector<SummaryRow> Rows(const Combination& c, const engine::ResultTable& table);

 private:
  // What a row's record fields other than the exit fields derive from.
  struct RowIdentity {
    cctz::civil_day date;
    int session = 0, slot_end = 0, direction = 0;
    bool operator==(const RowIdentity&) const = default;
  };
  static RowIdentity IdentityOf(const strategy::TradeRow& row);
  void Rebuild(const engine::ResultTable& table);

  report::Dimension by_;
  std::string symbol_;
  bool extended_ = false;
  std::vector<RowIdentity> identity_;       // of the rows the records were built from
  std::vector<report::TradeRecord> records_;  // chronological
  std::vector<size_t> row_of_;              // records_[k] is table row row_of_[k]
  std::vector<report::RecordGroup> groups_;   // pointers into records_
};

// Writes the rows to `file` (a staged temporary) as CSV or Parquet. Errors: Error(kIo).
void WriteSummary(const std::vector<SummaryRow>& rows, bool csv, const std::filesystem::path& file);

// The SUMMARY rows as an Arrow table (Python's orbit.sweep returns it).
std::shared_ptr<arrow::Table> SummaryToArrow(const std::vector<SummaryRow>& rows);

// One combination's TRADES batch.
std::shared_ptr<arrow::Table> MakeTradesBatch(const Combination& c, engine::ResultTable table,
                                              const calendar::TimeZone& zone);

// Streams batches into one Parquet file (a temporary staged by OutputSet,
// which renames or removes it).
class TradesWriter {
 public:
  // Nothing is created until the first Append.
  explicit TradesWriter(std::filesystem::path file);
  ~TradesWriter();
  // Errors: Error(kIo) naming the file.
  void Append(const arrow::Table& batch);
  // Finishes the file (footer). Errors: Error(kIo).
  void Close();

 private:
  std::filesystem::path file_;
  std::shared_ptr<arrow::io::FileOutputStream> sink_;
  std::unique_ptr<parquet::arrow::FileWriter> writer_;
  bool closed_ = false;
};

}  // namespace orbit::sweep
