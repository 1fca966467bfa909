// The spec's 31 worked examples (§9), kept inline so a clone without ../shared
// still checks them. Expected rows are the reference's, byte for byte.
#include <gtest/gtest.h>

#include "support/example_case.h"

namespace orbit::testing {
namespace {

class SpecExample : public ::testing::TestWithParam<ExampleCase> {};

TEST_P(SpecExample, MatchesReferenceRows) {
  const ExampleCase& c = GetParam();
  EXPECT_EQ(RunExample(c), CsvHeader() + c.expected) << "example " << c.name;
}

INSTANTIATE_TEST_SUITE_P(Spec, SpecExample, ::testing::ValuesIn(AllExamples().begin(), AllExamples().end()),
                         [](const ::testing::TestParamInfo<ExampleCase>& info) { return std::string(info.param.name); });

TEST(SpecExamples, AllThirtyOnePresent) { EXPECT_EQ(AllExamples().size(), 31u); }

}  // namespace
}  // namespace orbit::testing
