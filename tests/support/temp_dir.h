// tests/support/temp_dir.h
//
// The one way a C++ test gets a place to write: a directory of its own, unique
// per test and per process (mkdtemp), so tests that CTest runs in parallel
// (`ctest -j`, `--repeat`) never share a path. Its name carries the test's
// suite and name, which keeps a failure's leftovers recognisable:
//   <TMPDIR or /tmp>/orbit_<Suite>.<Test>_XXXXXX
// The directory and everything in it are removed when the object dies, unless
// ORBIT_KEEP_TEST_DIRS is set in the environment (for debugging a failure).
//
// Contract: create it inside a test body (it reads the running test's name;
// outside one it uses "orbit_test"); never build a path under TempDir() or
// /tmp by hand.
#pragma once

#include <gtest/gtest.h>
#include <stdlib.h>

#include <cstdlib>
#include <filesystem>
#include <stdexcept>
#include <string>
#include <system_error>

namespace orbit::testing {

class UniqueTempDir {
 public:
  UniqueTempDir() {
    std::string name = "orbit_test";
    if (const ::testing::TestInfo* info = ::testing::UnitTest::GetInstance()->current_test_info()) {
      name = std::string("orbit_") + info->test_suite_name() + "." + info->name();
      for (char& c : name)  // parameterised names hold '/'
        if (c == '/') c = '_';
    }
    std::string pattern = (std::filesystem::temp_directory_path() / (name + "_XXXXXX")).string();
    if (::mkdtemp(pattern.data()) == nullptr) throw std::runtime_error("mkdtemp failed for " + pattern);
    path_ = pattern;
  }
  ~UniqueTempDir() {
    if (std::getenv("ORBIT_KEEP_TEST_DIRS") != nullptr) return;
    std::error_code ignored;
    std::filesystem::remove_all(path_, ignored);
  }
  UniqueTempDir(const UniqueTempDir&) = delete;
  UniqueTempDir& operator=(const UniqueTempDir&) = delete;

  const std::filesystem::path& path() const { return path_; }
  // The path of `name` inside the directory, as text (for command lines).
  std::string operator/(const std::string& name) const { return (path_ / name).string(); }
  std::string str() const { return path_.string(); }

 private:
  std::filesystem::path path_;
};

}  // namespace orbit::testing
