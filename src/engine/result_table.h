// src/engine/result_table.h
//
// ResultTable is the analyzer's output for one instrument after the
// post-processing of spec §6.3: one row per (date, slot), final order, numbers
// rounded. Column types follow §6.7 (Target/Profit int64 or float64) and the
// column count follows §6.6 (16 when no range was built, else 17).
#pragma once

#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "core/pairwise_sum.h"
#include "calendar/time_zone.h"
#include "engine/trade_costs.h"
#include "strategy/fixes.h"
#include "core/instrument.h"
#include "strategy/trade_row.h"

namespace orbit::engine {

// `--columns extended`: the 17 reference columns unchanged, then EntryTimestamp,
// ExitTimestamp, MAE, MFE, MAEMinutes, MFEMinutes, BarsHeld, Ambiguous,
// PointValue, GrossUSD, CommissionUSD, SlippageUSD, NetUSD (sink/result_writer.h).
struct ExtendedColumns {
  CostModel costs;
  std::shared_ptr<const calendar::TimeZone> output_zone;  // --output-tz; null = UTC
};

struct ResultTable {
  InstrumentSpec instrument;
  std::vector<strategy::TradeRow> rows;
  bool has_open_as_of_column = true;  // false: 16-column empty table (§6.6)
  bool target_is_int = true;          // Target column int64
  bool profit_is_int = false;         // Profit column int64 (all rows Win, §6.7)
  bool date_as_date32 = false;        // KI-29 corrected: Parquet Date is date32
  std::optional<ExtendedColumns> extended;  // unset: the reference's columns only
};

// Applies §6.3 steps 2-7 to the rows of all built ranges (in any order).
// `ranges_built` is the number of non-empty range windows (§6.6).
ResultTable FinalizeResults(const InstrumentSpec& instrument, std::vector<strategy::TradeRow> rows,
                            size_t ranges_built, const strategy::Fixes& fixes);

// Counts per result and the summary figures of the reference's file name (§6.8).
struct ResultSummary {
  size_t rows = 0;
  size_t win = 0, be = 0, loss = 0, time = 0, open = 0, no_trade = 0;
  double total_profit = 0.0;  // numpy pairwise sum of the rounded Profit column
  double win_rate_pct = 0.0;  // 100 * Win / (Win + Loss + BE), 0 when undefined
  size_t ambiguous = 0;       // trades an intra-bar assumption decided (--intrabar)
};
ResultSummary Summarize(const ResultTable& table);

// numpy's pairwise summation (core/pairwise_sum.h), so the total matches the
// reference's `df["Profit"].sum()` bit for bit.
using orbit::PairwiseSum;

}  // namespace orbit::engine
