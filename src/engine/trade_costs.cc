#include "engine/trade_costs.h"

#include <cctype>
#include <cmath>
#include <cstdlib>

#include "core/error.h"
#include "core/rounding.h"

namespace orbit::engine {
namespace {

bool ParseFinite(const std::string& text, double& value) {
  if (text.empty() || std::isspace(static_cast<unsigned char>(text.front()))) return false;
  char* end = nullptr;
  value = std::strtod(text.c_str(), &end);
  return end == text.c_str() + text.size() && std::isfinite(value);
}

}  // namespace

double CostModel::PointValue(const InstrumentSpec& spec) const {
  const auto it = point_values.find(spec.symbol);
  return it != point_values.end() ? it->second : PointValueUsd(spec.symbol);
}

double ParseNonNegative(const std::string& text, const std::string& option) {
  double v = 0.0;
  if (!ParseFinite(text, v) || v < 0.0)
    ThrowUsage(option + ": '" + text + "' is not a number >= 0");
  return v;
}

void ParsePointValues(const std::string& text, CostModel& costs) {
  size_t pos = 0;
  while (pos <= text.size()) {
    size_t comma = text.find(',', pos);
    if (comma == std::string::npos) comma = text.size();
    std::string token = text.substr(pos, comma - pos);
    pos = comma + 1;
    while (!token.empty() && std::isspace(static_cast<unsigned char>(token.front()))) token.erase(0, 1);
    while (!token.empty() && std::isspace(static_cast<unsigned char>(token.back()))) token.pop_back();
    if (token.empty()) continue;
    const size_t eq = token.find('=');
    if (eq == std::string::npos) ThrowUsage("--point-value: '" + token + "' is not SYMBOL=VALUE (e.g. ES=50)");
    std::string symbol = token.substr(0, eq);
    for (char& c : symbol) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
    if (!FindInstrument(symbol)) ThrowUsage("--point-value: unknown instrument '" + symbol + "' in '" + token + "'");
    double v = 0.0;
    if (!ParseFinite(token.substr(eq + 1), v) || !(v > 0.0))
      ThrowUsage("--point-value: '" + token.substr(eq + 1) + "' in '" + token + "' is not a number > 0");
    costs.point_values[symbol] = v;
  }
}

TradeUsd TradeUsdOf(const strategy::TradeRow& row, const InstrumentSpec& spec, const CostModel& costs) {
  TradeUsd usd;
  usd.point_value = costs.PointValue(spec);
  if (row.result == strategy::Outcome::kNoTrade || !row.has_entry) return usd;
  const double move = row.direction == strategy::Direction::kLong ? row.exit_price - row.entry_price
                                                                  : row.entry_price - row.exit_price;
  const double gross = move * usd.point_value;
  const double commission = 2.0 * costs.commission_usd_per_side;
  const double slippage = 2.0 * costs.slippage_ticks_per_side * spec.tick * usd.point_value;
  usd.gross = RoundDecimals(gross, 2);
  usd.commission = RoundDecimals(commission, 2);
  usd.slippage = RoundDecimals(slippage, 2);
  usd.net = RoundDecimals(gross - commission - slippage, 2);
  return usd;
}

}  // namespace orbit::engine
