// Sweep axes and the grid: exact decimal steps, the combination order, and
// the usage errors of bad axes.
#include <gtest/gtest.h>

#include <cstdlib>

#include "core/error.h"
#include "sweep/axis.h"
#include "sweep/sweep_grid.h"

namespace orbit::sweep {
namespace {

TEST(Axis, RangeValuesAreTheTypedDecimals) {
  const std::vector<AxisValue> v = ParseAxis("--t1", "0.5:0.8:0.05", false, 1000);
  ASSERT_EQ(v.size(), 7u);
  const char* expected[] = {"0.50", "0.55", "0.60", "0.65", "0.70", "0.75", "0.80"};
  for (size_t i = 0; i < v.size(); ++i) {
    EXPECT_EQ(v[i].text, expected[i]);
    EXPECT_EQ(v[i].value, std::strtod(expected[i], nullptr)) << i;  // bit-equal, no drift
  }
  EXPECT_EQ(v[3].value, 0.65);  // the default T1 fraction, exactly
  // Repeated addition would drift: 0.5 + 3 * 0.05 != 0.65 in binary.
  EXPECT_NE(0.5 + 0.05 + 0.05 + 0.05, 0.65);
}

TEST(Axis, InclusiveRangeAndLists) {
  EXPECT_EQ(ParseAxis("--target", "5:20:0.25", false, 1000).size(), 61u);
  EXPECT_EQ(ParseAxis("--target", "5:20:0.25", false, 1000).back().value, 20.0);
  EXPECT_EQ(ParseAxis("--target", "5:6:0.3", false, 1000).back().text, "5.9");
  const std::vector<AxisValue> list = ParseAxis("--stop-cap", "1, 2.5,3", false, 10);
  ASSERT_EQ(list.size(), 3u);
  EXPECT_EQ(list[1].value, 2.5);
  EXPECT_EQ(ParseAxis("--be-offset", "0:4:2", true, 10).size(), 3u);
}

void ExpectUsage(const std::string& option, const std::string& text, bool integers = false) {
  try {
    ParseAxis(option, text, integers, 1000);
    ADD_FAILURE() << option << " " << text << " accepted";
  } catch (const Error& e) {
    EXPECT_EQ(e.kind(), ErrorKind::kUsage);
    EXPECT_NE(std::string(e.what()).find(option), std::string::npos) << e.what();
    EXPECT_NE(std::string(e.what()).find(text), std::string::npos) << e.what();
  }
}

TEST(Axis, BadAxesNameOptionAndValue) {
  ExpectUsage("--target", "20:5:1");     // empty range
  ExpectUsage("--target", "5:20:0");     // step 0
  ExpectUsage("--target", "5:20:-1");    // negative step
  ExpectUsage("--target", "5:20");       // two parts
  ExpectUsage("--target", "five");
  ExpectUsage("--target", "1e3");        // no exponents: exact decimals only
  ExpectUsage("--target", "5,,10");
  ExpectUsage("--target", "");
  ExpectUsage("--be-offset", "1.5", true);
  ExpectUsage("--target", "0:1000000:1");  // more values than allowed
}

TEST(Grid, OrderAndRangeChecks) {
  const SweepGrid g = ParseGrid("5,10", "1,2,3", "0.5,0.65", "0,1", 1000);
  EXPECT_EQ(g.Count(), 24u);
  const Combination c = CombinationAt(g, 13);  // target slowest, be_offset fastest
  EXPECT_EQ(c.target->value, 10.0);
  EXPECT_EQ(c.stop_cap->value, 1.0);
  EXPECT_EQ(c.t1->value, 0.5);
  EXPECT_EQ(c.be_offset->value, 1.0);
  const SweepGrid d = ParseGrid("", "", "", "", 10);
  EXPECT_EQ(d.Count(), 1u);
  EXPECT_EQ(CombinationAt(d, 0).target, nullptr);
  for (auto [t, s, t1, be] : std::vector<std::array<const char*, 4>>{
           {"-5", "", "", ""}, {"0", "", "", ""}, {"", "0", "", ""}, {"", "", "1", ""}, {"", "", "0.5:1.2:0.1", ""},
           {"", "", "0", ""}, {"", "", "", "-1"}}) {
    EXPECT_THROW(ParseGrid(t, s, t1, be, 1000), Error) << t << " " << s << " " << t1 << " " << be;
  }
  try {
    ParseGrid("1:100:1", "1:100:1", "", "", 5000);
    ADD_FAILURE() << "10000 combinations accepted with --max-combos 5000";
  } catch (const Error& e) {
    EXPECT_NE(std::string(e.what()).find("10000 combinations"), std::string::npos) << e.what();
  }
}

}  // namespace
}  // namespace orbit::sweep
