// src/report/trade_record.h
//
// TradeRecord is one row of an Orbit result table (spec §6.2) reduced to the
// columns a report needs. Records come either from a result file
// (result_table_reader.h) or straight from the engine's ResultTable.
#pragma once

#include <cctz/civil_time.h>

#include <string>
#include <vector>

#include "engine/result_table.h"
#include "strategy/outcome.h"

namespace orbit::report {

struct TradeRecord {
  cctz::civil_day date;       // trading date (the Date column)
  std::string time;           // slot label "HH:MM" (the Time column)
  strategy::Outcome result = strategy::Outcome::kNoTrade;
  std::string direction;      // "Long", "Short" or "NA"
  double peak = 0.0;          // Peak, in instrument points (never scaled)
  double range = 0.0;         // Range, in instrument points
  double profit = 0.0;        // Profit exactly as the table holds it (micros scaled by 0.1, §5.7)
  std::string stream;         // e.g. "ES1"
  std::string instrument;     // e.g. "ES"
  std::string session;        // "S1" / "S2"
  std::string entry_time;     // EntryTime / ExitTime text: with stream and
  std::string exit_time;      // direction, the identity of a trade (distinct trades)

  // The extended columns (`orbit run --columns extended`), when the table has them.
  bool has_extended = false;
  double gross_usd = 0.0;       // GrossUSD: from the prices, before costs
  double commission_usd = 0.0;  // CommissionUSD: the run's --commission, both sides
  double slippage_usd = 0.0;    // SlippageUSD: the run's --slippage, both sides
  double net_usd = 0.0;       // NetUSD: after the run's commission and slippage
  double mae = 0.0;           // MAE in points (NaN for NoTrade)
  bool ambiguous = false;     // an intra-bar assumption decided the result
};

// True for Win, BE, Loss, TIME and OPEN rows (a trade was entered); false for NoTrade.
constexpr bool IsTrade(strategy::Outcome o) { return o != strategy::Outcome::kNoTrade; }

// What RecordsFromResultTable fills: every field, or only what the statistics
// of report_stats.h read (GroupBy, ComputeStats): `entry_time` and `exit_time`,
// a trade's identity for the research figures, stay empty. Sweeps summarise
// one table per combination and skip those two allocations per row.
enum class RecordFields { kAll, kStatistics };

// Sets the fields of `record` that the exit of `row` (a row of `table`)
// decides: Result, Peak, Range, Profit, Ambiguous and, with the extended
// columns, GrossUSD, CommissionUSD, SlippageUSD, NetUSD and MAE. RecordsFromResultTable fills them through this;
// sweeps refresh them in records whose other fields are unchanged (the same
// date, slot, session and direction).
void SetExitFields(const engine::ResultTable& table, const strategy::TradeRow& row, TradeRecord& record);

// The rows of an engine result, in the table's order.
std::vector<TradeRecord> RecordsFromResultTable(const engine::ResultTable& table,
                                                RecordFields fields = RecordFields::kAll);

// Parses a Result cell ("Win", "BE", "Loss", "TIME", "OPEN", "NoTrade").
// Returns false for any other text.
bool ParseOutcome(const std::string& text, strategy::Outcome* out);

// Sorts records by Date, then slot time, then Stream (stable), which is the
// order equity curves, drawdowns and streaks are computed in.
void SortChronologically(std::vector<TradeRecord>& records);

}  // namespace orbit::report
