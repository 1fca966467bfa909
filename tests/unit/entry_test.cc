// Entry detector conformance (spec §10.1), called directly with made-up levels.
#include "strategy/entry.h"

#include <gtest/gtest.h>

#include "support/bar_builder.h"

namespace orbit::strategy {
namespace {

using orbit::testing::BarBuilder;
using orbit::testing::Chicago;

const int64_t kEnd = Chicago(2025, 1, 2, 7, 30);
const int64_t kCutoff = Chicago(2025, 1, 2, 16, 0);
constexpr int64_t kMin = calendar::kNanosPerMinute;
const BreakoutLevels kLevels{97.0, 93.0};

EntryDecision Detect(const BarBuilder& b, double freeze_close, BreakoutLevels levels = kLevels,
                     int64_t end = kEnd, int64_t cutoff = kCutoff) {
  return DetectEntry(b.bars.view(), end, cutoff, levels, freeze_close);
}

TEST(Entry, ImmediateLongOnFreezeClose) {  // 10.1 #1
  BarBuilder b;
  b.Add(kEnd + 5 * kMin, 96, 96, 94, 95);
  const EntryDecision d = Detect(b, 97.5);
  EXPECT_EQ(d.direction, Direction::kLong);
  EXPECT_EQ(d.price, 97.0);
  EXPECT_EQ(d.entry_time_ns, kEnd);
  EXPECT_TRUE(d.immediate);
}

TEST(Entry, ImmediateIsInclusive) {  // 10.1 #2, #4
  EXPECT_EQ(Detect(BarBuilder{}, 97.5, {97.5, 93.0}).direction, Direction::kLong);
  const EntryDecision s = Detect(BarBuilder{}, 93.0);
  EXPECT_EQ(s.direction, Direction::kShort);
  EXPECT_TRUE(s.immediate);
}

TEST(Entry, ImmediateShort) {  // 10.1 #3
  const EntryDecision d = Detect(BarBuilder{}, 92.5);
  EXPECT_EQ(d.direction, Direction::kShort);
  EXPECT_EQ(d.price, 93.0);
  EXPECT_EQ(d.entry_time_ns, kEnd);
}

TEST(Entry, DualImmediateTieGoesLong) {  // 10.1 #5
  const EntryDecision d = Detect(BarBuilder{}, 95.5, {95.0, 96.0});
  EXPECT_EQ(d.direction, Direction::kLong);
  EXPECT_EQ(d.price, 95.0);
  EXPECT_EQ(d.entry_time_ns, kEnd);
}

TEST(Entry, DualImmediateNearerShort) {  // 10.1 #6
  const EntryDecision d = Detect(BarBuilder{}, 95.8, {95.0, 96.0});
  EXPECT_EQ(d.direction, Direction::kShort);
  EXPECT_EQ(d.price, 96.0);
}

TEST(Entry, BreakoutLong) {  // 10.1 #7
  BarBuilder b;
  b.Add(kEnd + 5 * kMin, 96, 96.5, 95.5, 96).Add(kEnd + 10 * kMin, 96, 96.8, 95.5, 96);
  b.Add(kEnd + 15 * kMin, 96, 97.5, 95.5, 97).Add(kEnd + 20 * kMin, 97, 99, 96, 98);
  const EntryDecision d = Detect(b, 96);
  EXPECT_EQ(d.direction, Direction::kLong);
  EXPECT_EQ(d.price, 97.0);
  EXPECT_EQ(d.entry_time_ns, kEnd + 15 * kMin);
  EXPECT_FALSE(d.immediate);
}

TEST(Entry, BreakoutShort) {  // 10.1 #8
  BarBuilder b;
  b.Add(kEnd + 5 * kMin, 96, 96, 95.5, 96).Add(kEnd + 10 * kMin, 96, 96, 95, 96);
  b.Add(kEnd + 15 * kMin, 96, 96, 94.5, 95).Add(kEnd + 20 * kMin, 95, 95, 92.5, 93);
  const EntryDecision d = Detect(b, 96);
  EXPECT_EQ(d.direction, Direction::kShort);
  EXPECT_EQ(d.price, 93.0);
  EXPECT_EQ(d.entry_time_ns, kEnd + 20 * kMin);
}

TEST(Entry, FirstTouchWins) {  // 10.1 #9, #10
  BarBuilder l;
  l.Add(kEnd + 10 * kMin, 96, 97.5, 95, 97).Add(kEnd + 15 * kMin, 96, 96, 92.5, 93);
  EXPECT_EQ(Detect(l, 96).entry_time_ns, kEnd + 10 * kMin);
  EXPECT_EQ(Detect(l, 96).direction, Direction::kLong);
  BarBuilder s;
  s.Add(kEnd + 8 * kMin, 96, 96, 92.5, 93).Add(kEnd + 12 * kMin, 96, 97.5, 95, 97);
  EXPECT_EQ(Detect(s, 96).direction, Direction::kShort);
  EXPECT_EQ(Detect(s, 96).entry_time_ns, kEnd + 8 * kMin);
}

TEST(Entry, NoTouchIsNoTrade) {  // 10.1 #11, #12
  BarBuilder b;
  b.Add(kEnd + 5 * kMin, 96, 96.5, 94, 95);
  const EntryDecision d = Detect(b, 96);
  EXPECT_EQ(d.direction, Direction::kNone);
  EXPECT_FALSE(d.immediate);
  EXPECT_EQ(Detect(BarBuilder{}, 95).direction, Direction::kNone);
}

TEST(Entry, EmptyPostDataStillImmediate) {  // 10.1 #13
  const EntryDecision d = Detect(BarBuilder{}, 97.5);
  EXPECT_EQ(d.direction, Direction::kLong);
  EXPECT_TRUE(d.immediate);
}

TEST(Entry, DstSundayEndTime) {  // 10.1 #15
  const int64_t end = Chicago(2025, 3, 9, 7, 30);
  BarBuilder b;
  b.Add(Chicago(2025, 3, 9, 8, 15), 96, 97.5, 95, 97);
  const EntryDecision d = Detect(b, 96, kLevels, end, Chicago(2025, 3, 9, 16, 0));
  EXPECT_EQ(d.direction, Direction::kLong);
  EXPECT_EQ(d.entry_time_ns, Chicago(2025, 3, 9, 8, 15));
}

TEST(Entry, BarAtEndTimeIsNotImmediate) {  // 10.1 #18
  BarBuilder b;
  b.Add(kEnd, 96, 97.5, 95, 97);
  const EntryDecision d = Detect(b, 95);
  EXPECT_EQ(d.direction, Direction::kLong);
  EXPECT_EQ(d.entry_time_ns, kEnd);
  EXPECT_FALSE(d.immediate);
}

TEST(Entry, SharedTimestampBars) {  // 10.1 #19
  BarBuilder b;
  for (int i = 0; i < 3; ++i) b.Add(kEnd + 10 * kMin, 96, 97.5, 95, 97);
  EXPECT_EQ(Detect(b, 96).direction, Direction::kLong);
  EXPECT_EQ(Detect(b, 96).entry_time_ns, kEnd + 10 * kMin);
}

TEST(Entry, BothLevelsAtOneTimestampAcrossBarsIsNoTrade) {  // KI-13 with duplicate stamps
  BarBuilder b;
  b.Add(kEnd + 10 * kMin, 96, 97.5, 95, 97).Add(kEnd + 10 * kMin, 96, 96, 92.5, 93);
  EXPECT_EQ(Detect(b, 96).direction, Direction::kNone);
}

TEST(Entry, CutoffInclusiveAt1600) {  // KI-36
  BarBuilder at, after;
  at.Add(kCutoff, 96, 97.5, 95, 97);
  after.Add(kCutoff + kMin, 96, 97.5, 95, 97);
  EXPECT_EQ(Detect(at, 96).direction, Direction::kLong);
  EXPECT_EQ(Detect(after, 96).direction, Direction::kNone);
}

TEST(BreakoutLevels, OneTickBeyondOnTheGrid) {
  const BreakoutLevels l = ComputeBreakoutLevels(5004, 4996, 0.25);
  EXPECT_EQ(l.long_level, 5004.25);
  EXPECT_EQ(l.short_level, 4995.75);
  EXPECT_EQ(ComputeBreakoutLevels(3.017, 3.0, 0.001).long_level, 3.0180000000000002);
}

}  // namespace
}  // namespace orbit::strategy
