// USD columns: gross from prices, costs per side, point values and overrides.
#include "engine/trade_costs.h"

#include <gtest/gtest.h>

#include <functional>

#include "core/error.h"

namespace orbit::engine {
namespace {

using strategy::Direction;
using strategy::Outcome;
using strategy::TradeRow;

TradeRow Trade(Direction dir, Outcome result, double entry, double exit) {
  TradeRow r;
  r.direction = dir;
  r.result = result;
  r.has_entry = true;
  r.entry_price = entry;
  r.exit_price = exit;
  return r;
}

TEST(TradeCosts, GrossCommissionSlippageNet) {
  CostModel costs;
  costs.commission_usd_per_side = 2.25;
  costs.slippage_ticks_per_side = 1;
  const InstrumentSpec es = *FindInstrument("ES");
  const TradeUsd win = TradeUsdOf(Trade(Direction::kLong, Outcome::kWin, 4000.25, 4010.25), es, costs);
  EXPECT_EQ(win.point_value, 50.0);
  EXPECT_EQ(win.gross, 500.0);
  EXPECT_EQ(win.commission, 4.5);
  EXPECT_EQ(win.slippage, 25.0);  // 2 sides * 1 tick * 0.25 * $50
  EXPECT_EQ(win.net, 470.5);
  const TradeUsd loss = TradeUsdOf(Trade(Direction::kShort, Outcome::kLoss, 4000.0, 4012.5), es, costs);
  EXPECT_EQ(loss.gross, -625.0);
  EXPECT_EQ(loss.net, -654.5);
}

TEST(TradeCosts, MicrosFromPricesNotFromScaledProfit) {
  const InstrumentSpec mes = *FindInstrument("MES");
  TradeRow be = Trade(Direction::kLong, Outcome::kBE, 4000.0, 3999.75);
  be.profit = -0.25;  // KI-06: the reference's unscaled BE profit
  const TradeUsd usd = TradeUsdOf(be, mes, {});
  EXPECT_EQ(usd.point_value, 5.0);
  EXPECT_EQ(usd.gross, -1.25);  // one tick of MES
  const InstrumentSpec mym = *FindInstrument("MYM");
  const TradeUsd loss = TradeUsdOf(Trade(Direction::kLong, Outcome::kLoss, 40000, 39963), mym, {});
  EXPECT_EQ(loss.gross, -18.5);  // 37 points * $0.50, not the KI-07-rounded -4.0 * 5
}

TEST(TradeCosts, NetRoundedToCents) {
  const InstrumentSpec cl = *FindInstrument("CL");
  CostModel costs;
  costs.commission_usd_per_side = 1.005;
  const TradeUsd usd = TradeUsdOf(Trade(Direction::kLong, Outcome::kTime, 70.13, 70.2), cl, costs);
  EXPECT_EQ(usd.gross, 70.0);  // (70.2 - 70.13) * 1000 = 70.00000000000284
  EXPECT_EQ(usd.net, 67.99);   // 70.00000000000284 - 2.01
}

TEST(TradeCosts, NoTradeIsZero) {
  CostModel costs;
  costs.commission_usd_per_side = 5;
  TradeRow r;
  const TradeUsd usd = TradeUsdOf(r, *FindInstrument("NQ"), costs);
  EXPECT_EQ(usd.point_value, 20.0);
  EXPECT_EQ(usd.gross, 0.0);
  EXPECT_EQ(usd.commission, 0.0);
  EXPECT_EQ(usd.net, 0.0);
}

TEST(TradeCosts, PointValueOverride) {
  CostModel costs;
  ParsePointValues("es=55, NQ=21", costs);
  EXPECT_EQ(costs.PointValue(*FindInstrument("ES")), 55.0);
  EXPECT_EQ(costs.PointValue(*FindInstrument("YM")), 5.0);
}

std::string UsageError(const std::function<void()>& f) {
  try {
    f();
  } catch (const Error& e) {
    EXPECT_EQ(e.kind(), ErrorKind::kUsage);
    return e.what();
  }
  return "no error";
}

TEST(TradeCosts, BadValuesNameTheOption) {
  EXPECT_NE(UsageError([] { ParseNonNegative("-1", "--commission"); }).find("--commission: '-1'"), std::string::npos);
  EXPECT_NE(UsageError([] { ParseNonNegative("x", "--slippage"); }).find("--slippage: 'x'"), std::string::npos);
  EXPECT_NE(UsageError([] { ParseNonNegative("nan", "--slippage"); }).find("--slippage"), std::string::npos);
  EXPECT_NE(UsageError([] { ParseNonNegative("1.5e", "--commission"); }).find("--commission"), std::string::npos);
  EXPECT_EQ(ParseNonNegative("2.5", "--commission"), 2.5);
  CostModel c;
  EXPECT_NE(UsageError([&] { ParsePointValues("ZZ=1", c); }).find("--point-value: unknown instrument 'ZZ'"),
            std::string::npos);
  EXPECT_NE(UsageError([&] { ParsePointValues("ES", c); }).find("--point-value: 'ES' is not SYMBOL=VALUE"),
            std::string::npos);
  EXPECT_NE(UsageError([&] { ParsePointValues("ES=0", c); }).find("is not a number > 0"), std::string::npos);
}

}  // namespace
}  // namespace orbit::engine
