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

#include <cstdint>
#include <cstdio>
#include <filesystem>
#include <memory>
#include <string>
#include <vector>

#include "calendar/time_zone.h"
#include "engine/result_table.h"
#include "engine/trade_costs.h"
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

// One trading date of a SUMMARY group's daily P&L (pnl_output.h).
struct PnlDay {
  int32_t day = 0;     // days since 1970-01-01 (the rows' Date)
  int32_t trades = 0;  // trades of the group on that date (OPEN included, as SUMMARY counts them)
  double pnl_usd = 0;  // their net USD after the run's costs
};

struct SummaryRow {
  size_t combo = 0;
  std::string instrument;
  std::string group;   // report::GroupKey ("ES1 07:30", "ES1", "2024")
  std::string stream;  // "" when the grouping has none (year)
  std::string slot;    // "" unless grouped by slot
  double target = 0, stop_cap = 0, t1 = 0;
  int be_offset = 0;
  report::GroupStats stats;  // net of the run's costs (stats.gross_usd before them)
  std::vector<PnlDay> pnl;   // the group's dates with trades, ascending (only when asked)
};

// The run's costs as report statistics see them: each side of a trade pays
// the commission and the slippage (ticks x tick x point value), so
// GroupStats' net figures (usd, profit factor, expectancy, drawdown, streak)
// are after costs and gross_usd before them. Zero costs: the reference's
// figures.
report::StatsOptions CostStatsOptions(const engine::CostModel& costs, const InstrumentSpec& instrument);

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
  // `daily_pnl`: fill each row's `pnl` (the P&L file).
  explicit SummaryBuilder(report::Dimension by, report::StatsOptions options = {}, bool daily_pnl = false)
      : by_(by), options_(options), daily_pnl_(daily_pnl) {}
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
  report::StatsOptions options_;
  bool daily_pnl_ = false;
  std::string symbol_;
  bool extended_ = false;
  std::vector<RowIdentity> identity_;         // of the rows the records were built from
  std::vector<report::TradeRecord> records_;  // chronological
  std::vector<size_t> row_of_;                // records_[k] is table row row_of_[k]
  std::vector<report::RecordGroup> groups_;   // pointers into records_
};

class TradesWriter;

// Streams SUMMARY rows into `file` (a staged temporary) as CSV or Parquet, so
// a sweep holds one block's rows, never all of them. `with_gross`: a
// `gross_usd` column after `usd` (sweeps with costs; `usd` is then net).
// Parquet row groups hold 65,536 rows (one group for smaller sweeps).
// Errors: Error(kIo) naming the file.
class SummaryWriter {
 public:
  SummaryWriter(std::filesystem::path file, bool csv, bool with_gross);
  ~SummaryWriter();
  void Append(std::vector<SummaryRow>&& rows);
  // Writes what is buffered and finishes the file (also for zero rows).
  void Close();

 private:
  void FlushParquet();
  std::filesystem::path file_;
  bool csv_, with_gross_;
  std::FILE* csv_file_ = nullptr;
  std::vector<SummaryRow> pending_;
  std::unique_ptr<TradesWriter> parquet_;
  bool wrote_ = false;
};

// Writes the rows to `file` (a staged temporary) as CSV or Parquet. Errors: Error(kIo).
void WriteSummary(const std::vector<SummaryRow>& rows, bool csv, const std::filesystem::path& file,
                  bool with_gross = false);

// The SUMMARY rows as an Arrow table (Python's orbit.sweep returns it).
std::shared_ptr<arrow::Table> SummaryToArrow(const std::vector<SummaryRow>& rows, bool with_gross = false);

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
