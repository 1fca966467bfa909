#include "report/trade_record.h"

#include <algorithm>
#include <cmath>
#include <tuple>

#include "calendar/session.h"

namespace orbit::report {

void SetExitFields(const engine::ResultTable& table, const strategy::TradeRow& row, TradeRecord& r) {
  r.result = row.result;
  r.peak = row.peak;
  r.range = row.range;
  r.profit = row.profit;
  r.ambiguous = row.ambiguous;
  r.has_extended = table.extended.has_value();
  if (table.extended) {
    const engine::TradeUsd usd = engine::TradeUsdOf(row, table.instrument, table.extended->costs);
    r.gross_usd = usd.gross;
    r.commission_usd = usd.commission;
    r.slippage_usd = usd.slippage;
    r.net_usd = usd.net;
    r.mae = row.result == strategy::Outcome::kNoTrade ? std::nan("") : row.excursion.mae;
  }
}

std::vector<TradeRecord> RecordsFromResultTable(const engine::ResultTable& table, RecordFields fields) {
  std::vector<TradeRecord> out;
  out.reserve(table.rows.size());
  const std::string symbol(table.instrument.symbol);
  for (const strategy::TradeRow& row : table.rows) {
    const calendar::SessionSpec& session = calendar::Session(row.slot.session);
    TradeRecord r;
    r.date = row.date;
    r.time = std::string(row.slot.label);
    r.direction = row.direction == strategy::Direction::kLong    ? "Long"
                  : row.direction == strategy::Direction::kShort ? "Short"
                                                                 : "NA";
    r.stream = symbol + session.stream_suffix;
    r.instrument = symbol;
    r.session = std::string(session.name);
    if (fields == RecordFields::kAll) {
      r.entry_time = row.has_entry ? std::to_string(row.entry_time_ns) : std::string();
      r.exit_time = row.exit_clock != strategy::ExitClock::kNone ? std::to_string(row.exit_time_ns) : std::string();
    }
    SetExitFields(table, row, r);
    out.push_back(std::move(r));
  }
  return out;
}

bool ParseOutcome(const std::string& text, strategy::Outcome* out) {
  using strategy::Outcome;
  for (Outcome o : {Outcome::kWin, Outcome::kBE, Outcome::kLoss, Outcome::kTime, Outcome::kOpen, Outcome::kNoTrade}) {
    if (text == strategy::OutcomeName(o)) {
      *out = o;
      return true;
    }
  }
  return false;
}

void SortChronologically(std::vector<TradeRecord>& records) {
  std::stable_sort(records.begin(), records.end(), [](const TradeRecord& a, const TradeRecord& b) {
    return std::tie(a.date, a.time, a.stream) < std::tie(b.date, b.time, b.stream);
  });
}

}  // namespace orbit::report
