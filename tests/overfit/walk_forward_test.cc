// research::RunWalkForward on a hand-made P&L table: windows of calendar
// months, selection by objective with min trades and the lowest-id tie rule,
// anchored windows, the stitched equity and the efficiency.
#include <gtest/gtest.h>

#include <cmath>

#include "orbit/error.h"
#include "research/pnl_table.h"
#include "research/walk_forward.h"

namespace orbit::research {
namespace {

int32_t Day(const char* text) {
  int32_t d = 0;
  EXPECT_TRUE(ParseIsoDay(text, d)) << text;
  return d;
}

// Four months (Jan-Apr 2024), two trading dates each. Combo 0 earns 10 a day in January and
// February, then loses 5 a day; combo 1 earns 4 a day throughout; combo 2 trades only once.
PnlTable FourMonths() {
  PnlTable t;
  t.groups.push_back({"ES", "ES1 07:30", "ES1", "07:30"});
  const char* dates[] = {"2024-01-10", "2024-01-20", "2024-02-10", "2024-02-20",
                         "2024-03-11", "2024-03-20", "2024-04-10", "2024-04-22"};
  for (int i = 0; i < 8; ++i) {
    t.Add(0, 0, Day(dates[i]), i < 4 ? 10.0 : -5.0, 1);
    t.Add(0, 1, Day(dates[i]), 4.0, 1);
  }
  t.Add(0, 2, Day("2024-01-10"), 1000.0, 1);
  return t;
}

TEST(WalkForward, RollingWindowsSelectByTrainObjective) {
  const PnlTable t = FourMonths();
  const WalkForwardResult r = RunWalkForward(t, {}, ParseWalkForwardSpec("2:1", "net_usd", 2), "test");
  ASSERT_EQ(r.windows.size(), 2u);
  const WalkForwardWindow& w0 = r.windows[0];
  EXPECT_EQ(w0.train_start, Day("2024-01-10"));
  EXPECT_EQ(w0.train_end, Day("2024-02-20"));
  EXPECT_EQ(w0.test_start, Day("2024-03-11"));
  EXPECT_EQ(w0.test_end, Day("2024-03-20"));
  EXPECT_TRUE(w0.selected);
  EXPECT_EQ(w0.combo, 0);  // 40 against 16; combo 2 has 1 trade < 2
  EXPECT_EQ(w0.is_net_usd, 40.0);
  EXPECT_EQ(w0.oos_net_usd, -10.0);
  EXPECT_EQ(w0.oos_trades, 2);
  const WalkForwardWindow& w1 = r.windows[1];  // train Feb-Mar: combo 0 has 10, combo 1 has 16
  EXPECT_EQ(w1.combo, 1);
  EXPECT_EQ(w1.oos_net_usd, 8.0);
  const WalkForwardGroup& g = r.groups[0];
  EXPECT_EQ(g.equity, (std::vector<double>{-5, -10, -6, -2}));
  EXPECT_EQ(g.max_drawdown_usd, 10.0);
  // (OOS -2 over 2 test months) / (IS 40 + 16 over 4 train months)
  EXPECT_DOUBLE_EQ(g.efficiency, (-2.0 / 2) / (56.0 / 4));
}

TEST(WalkForward, AnchoredTrainStartsAtTheFirstMonthAndTiesGoLow) {
  PnlTable t = FourMonths();
  const WalkForwardResult r = RunWalkForward(t, {}, ParseWalkForwardSpec("1:1:anchored", "expectancy", 1), "test");
  ASSERT_EQ(r.windows.size(), 3u);
  for (const WalkForwardWindow& w : r.windows) EXPECT_EQ(w.train_start, Day("2024-01-10"));
  EXPECT_EQ(r.windows[0].combo, 2);  // 1000 per trade
  // min trades above everyone: flat windows, no combo
  const WalkForwardResult none = RunWalkForward(t, {}, ParseWalkForwardSpec("1:1", "net_usd", 100), "test");
  for (const WalkForwardWindow& w : none.windows) EXPECT_FALSE(w.selected);
  EXPECT_TRUE(std::isnan(none.groups[0].efficiency));
  // Equal objectives: the lowest combo id.
  PnlTable tie;
  tie.groups = t.groups;
  for (int c : {3, 1})
    for (const char* d : {"2024-01-10", "2024-02-10"}) tie.Add(0, c, Day(d), 7.0, 1);
  const WalkForwardResult rt = RunWalkForward(tie, {}, ParseWalkForwardSpec("1:1", "sharpe", 0), "test");
  ASSERT_EQ(rt.windows.size(), 1u);
  EXPECT_EQ(rt.windows[0].combo, 1);
}

TEST(WalkForward, BadSpecsAreUsageErrors) {
  for (const char* spec : {"24", "0:3", "24:x", "24:3:sideways", "24:3:anchored:1", ""}) {
    try {
      ParseWalkForwardSpec(spec, "net_usd", 20);
      ADD_FAILURE() << spec;
    } catch (const Error& e) {
      EXPECT_EQ(e.kind(), ErrorKind::kUsage) << spec;
    }
  }
  EXPECT_THROW(ParseWalkForwardSpec("24:3", "calmar", 20), Error);
  EXPECT_THROW(ParseWalkForwardSpec("24:3", "net_usd", -1), Error);
}

}  // namespace
}  // namespace orbit::research
