#include "strategy/range_window.h"

#include <gtest/gtest.h>

#include <cmath>

#include "support/bar_builder.h"

namespace orbit::strategy {
namespace {

using orbit::testing::BarBuilder;
using orbit::testing::Chicago;

TEST(RangeWindow, HighLowSizeAndFreezeClose) {
  BarBuilder b;
  b.Add(Chicago(2025, 1, 7, 2, 0), 70.13, 70.23, 70.03, 70.20).Add(Chicago(2025, 1, 7, 7, 29), 70.20, 70.21, 70.10, 70.15);
  const RangeValues r = MeasureRange(b.bars.view(), 0, 2);
  EXPECT_EQ(r.high, 70.23);
  EXPECT_EQ(r.low, 70.03);
  EXPECT_EQ(r.size, 0.20000000000000284);  // never rounded (spec §3.5)
  EXPECT_EQ(r.freeze_close, 70.15);
}

TEST(RangeWindow, NaNSkippedAllNaNGivesNaN) {
  BarBuilder b;
  const double nan = std::nan("");
  b.Add(Chicago(2025, 1, 7, 2, 0), 5000, 5004, nan, 5001).Add(Chicago(2025, 1, 7, 2, 1), 5001, nan, 4999, 5010);
  const RangeValues r = MeasureRange(b.bars.view(), 0, 2);
  EXPECT_EQ(r.high, 5004.0);
  EXPECT_EQ(r.low, 4999.0);
  EXPECT_EQ(r.freeze_close, 5010.0);
  BarBuilder all_nan;
  all_nan.Add(Chicago(2025, 1, 7, 2, 0), 5000, nan, nan, 5001);
  EXPECT_TRUE(std::isnan(MeasureRange(all_nan.bars.view(), 0, 1).size));
}

}  // namespace
}  // namespace orbit::strategy
