#include "report/money.h"

#include <cmath>
#include <map>
#include <mutex>

#include "core/error.h"

namespace orbit::report {

double ProfitPoints(const TradeRecord& record, const InstrumentSpec& spec) {
  if (!IsTrade(record.result)) return 0.0;
  if (spec.micro && record.result == strategy::Outcome::kBE && record.profit == -spec.tick)
    return record.profit;  // KI-06: unscaled
  if (!spec.micro) return record.profit;
  // Profit has the tick's decimals; undoing the 0.1 scale cannot add digits,
  // so round away the division's binary noise (−0.3 / 0.1 = −2.9999999999999996).
  const double unit = std::pow(10.0, spec.decimals);
  return std::nearbyint(record.profit / spec.profit_scale * unit) / unit;
}

double ProfitUsd(const TradeRecord& record, const InstrumentSpec& spec) {
  return ProfitUsd(record, spec, PointValueUsd(spec.symbol));
}

double ProfitUsd(const TradeRecord& record, const InstrumentSpec& spec, double point_value_usd) {
  return ProfitPoints(record, spec) * point_value_usd;
}

const InstrumentSpec& SpecFor(const std::string& symbol) {
  static std::mutex mutex;
  static std::map<std::string, InstrumentSpec, std::less<>> cache;
  const std::lock_guard<std::mutex> lock(mutex);
  const auto it = cache.find(symbol);
  if (it != cache.end()) return it->second;
  const std::optional<InstrumentSpec> spec = FindInstrument(symbol);
  if (!spec || PointValueUsd(symbol) <= 0.0 || !spec->run_allowed)
    ThrowBadInput("instrument '" + symbol + "' has no known point value (ES, MES, NQ, MNQ, YM, MYM, CL, MCL, NG, MNG, GC, MGC, RTY, M2K)");
  return cache.emplace(symbol, *spec).first->second;
}

}  // namespace orbit::report
