// AnalyzeRange corner cases beyond the worked examples.
#include <gtest/gtest.h>

#include "core/error.h"
#include "support/example_case.h"

namespace orbit::testing {
namespace {

// Prices near 2^53 ticks: one tick is lost to rounding, so the 08:00 slot
// enters immediately at its end, and no bar follows. The reference crashes
// into its malformed-row path (KI-10); Orbit stops with a clear error.
TEST(RangeAnalysis, ImmediateEntryWithoutAnyLaterBarIsAnError) {
  ExampleCase c = FindExample("win");
  c.slots = "S1:08:00";
  c.bars =
      "2025-01-07 02:00,1e16,1e16,1e16,1e16\n"
      "2025-01-07 07:29,1e16,1e16,1e16,1e16\n"
      "2025-01-07 07:45,1e16,10000000000000064,1e16,10000000000000064\n";
  try {
    RunExample(c);
    FAIL() << "expected an error";
  } catch (const Error& e) {
    EXPECT_EQ(e.kind(), ErrorKind::kBadInput);
    EXPECT_NE(std::string(e.what()).find("ES 2025-01-07 08:00: immediate entry"), std::string::npos) << e.what();
  }
}

// The same prices with a later bar: the immediate entry is evaluated normally.
TEST(RangeAnalysis, ImmediateEntryWithLaterBarsIsEvaluated) {
  ExampleCase c = FindExample("win");
  c.slots = "S1:08:00";
  c.bars =
      "2025-01-07 02:00,1e16,1e16,1e16,1e16\n"
      "2025-01-07 07:29,1e16,1e16,1e16,1e16\n"
      "2025-01-07 07:45,1e16,10000000000000064,1e16,10000000000000064\n"
      "2025-01-07 08:10,1e16,1e16,1e16,1e16\n";
  const std::string csv = RunExample(c);
  EXPECT_NE(csv.find("07/01/25 08:00"), std::string::npos) << csv;  // entry at the slot end
}

}  // namespace
}  // namespace orbit::testing
