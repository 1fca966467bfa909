// Real-data regression (spec §11): the NQ sample through the CLI must give the
// reference's 77 rows byte for byte.
#include <gtest/gtest.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include "support/temp_dir.h"

namespace {

std::string ReadAll(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

TEST(NqRegression, SeventySevenRowsIdentical) {
  const std::string shared = ORBIT_SHARED_DIR;
  const std::string bars = shared + "/data/real/NQ_1min_sample.csv";
  const std::string expected = shared + "/spec/reference_output_NQ_sample.csv";
  if (!std::filesystem::exists(bars) || !std::filesystem::exists(expected))
    GTEST_SKIP() << "../shared is absent (a user's clone): NQ regression skipped";
  const orbit::testing::UniqueTempDir temp;
  const std::string out = temp / "nq.csv";
  for (const char* threads : {"1", "2"}) {
    const std::string cmd = std::string(ORBIT_BINARY) + " run --bars " + bars +
                            " --instrument NQ --input-tz America/New_York --as-of 2023-12-07 --quiet --threads " +
                            threads + " --out " + out;
    ASSERT_EQ(std::system(cmd.c_str()), 0) << cmd;
    EXPECT_EQ(ReadAll(out), ReadAll(expected)) << "threads " << threads;
  }
}

}  // namespace
