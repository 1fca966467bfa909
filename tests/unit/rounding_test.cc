#include "core/rounding.h"

#include <gtest/gtest.h>

#include <cmath>

namespace orbit {
namespace {

TEST(RoundDecimals, SpecExamples) {  // spec §6.4
  EXPECT_EQ(RoundDecimals(2.675, 2), 2.68);
  EXPECT_EQ(RoundDecimals(0.125, 2), 0.12);
  EXPECT_EQ(RoundDecimals(-2.475, 2), -2.48);
  EXPECT_EQ(RoundDecimals(2.5, 0), 2.0);
}

TEST(RoundDecimals, KeepsNegativeZero) {
  const double mym = RoundDecimals(-0.30000000000000004, 0);
  EXPECT_EQ(mym, 0.0);
  EXPECT_TRUE(std::signbit(mym));
  EXPECT_TRUE(std::signbit(RoundDecimals(-0.0004, 3)));
}

TEST(RoundToTick, SnapsHalfEvenAndKeepsFloatNoise) {  // spec §4.1
  EXPECT_EQ(RoundToTick(3.017 + 0.001, 0.001), 3.0180000000000002);
  EXPECT_EQ(RoundToTick(5004.125 + 0.25, 0.25), 5004.5);
  EXPECT_EQ(RoundToTick(5004.0 + 0.25, 0.25), 5004.25);
}

}  // namespace
}  // namespace orbit
