// Renders the example report (orbit gen ES 2024 -> orbit run --report) in
// headless Chromium: a screenshot must be produced and non-trivial, the page
// must log no uncaught error, the inline script must have run (its
// #orbit-report-ready marker is in the DOM) and its sort self-test must pass.
// Skipped without Chromium.
#include <gtest/gtest.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <optional>
#include <sstream>
#include "support/temp_dir.h"

namespace {

namespace fs = std::filesystem;

// Chromium from $ORBIT_CHROMIUM, else `chromium` / `chromium-browser` on PATH.
std::string FindChromium() {
  if (const char* env = std::getenv("ORBIT_CHROMIUM"); env && *env) return env;
  const char* path = std::getenv("PATH");
  if (!path) return "";
  std::stringstream dirs(path);
  for (std::string dir; std::getline(dirs, dir, ':');) {
    for (const char* name : {"chromium", "chromium-browser"}) {
      const fs::path candidate = fs::path(dir) / name;
      if (::access(candidate.c_str(), X_OK) == 0) return candidate.string();
    }
  }
  return "";
}

int System(const std::string& command) {
  const int status = std::system(command.c_str());
  return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

std::string Slurp(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  return std::string(std::istreambuf_iterator<char>(in), {});
}

// Lines of Chromium's log that report a page error.
std::vector<std::string> ConsoleErrors(const std::string& log) {
  std::vector<std::string> out;
  std::istringstream in(log);
  for (std::string line; std::getline(in, line);)
    if (line.find("Uncaught") != std::string::npos || line.find("ERROR:CONSOLE") != std::string::npos)
      out.push_back(line);
  return out;
}

class BrowserRender : public ::testing::Test {
 protected:
  void SetUp() override {
    chromium_ = FindChromium();
    // scripts/setup.sh installs Chromium (scripts/apt): missing, the test fails.
    if (chromium_.empty()) GTEST_FAIL() << "chromium is not installed (apt-get install chromium; scripts/setup.sh does)";
    temp_.emplace();
    dir_ = temp_->path();
    fs::create_directories(dir_ / "profile");
  }
  std::string P(const std::string& name) const { return (dir_ / name).string(); }

  // Runs headless Chromium on `page` with `extra` flags; stdout and stderr to files.
  int Chromium(const std::string& page, const std::string& extra, const std::string& out, const std::string& err,
               const std::string& fragment = "") {
    const std::string command = "timeout 120 '" + chromium_ +
                                "' --headless --no-sandbox --disable-gpu --disable-background-networking "
                                "--no-first-run --user-data-dir='" + P("profile") + "' " + extra + " 'file://" +
                                page + fragment + "' > '" + out + "' 2> '" + err + "'";
    return System(command);
  }

  std::string chromium_;
  std::optional<orbit::testing::UniqueTempDir> temp_;
  fs::path dir_;
};

TEST_F(BrowserRender, ConsoleErrorsAreDetected) {  // the check below is not vacuous
  std::ofstream(P("probe.html")) << "<!DOCTYPE html><html><body><script>throw new Error('orbit-probe');</script>"
                                    "</body></html>";
  ASSERT_EQ(Chromium(P("probe.html"), "--enable-logging=stderr --v=0 --dump-dom", P("probe.dom"), P("probe.err")), 0)
      << Slurp(P("probe.err"));
  const std::vector<std::string> errors = ConsoleErrors(Slurp(P("probe.err")));
  ASSERT_EQ(errors.size(), 1u) << Slurp(P("probe.err"));
  EXPECT_NE(errors[0].find("orbit-probe"), std::string::npos);
}

TEST_F(BrowserRender, ExampleReport) {
  const std::string orbit = ORBIT_BINARY;
  ASSERT_EQ(System(orbit + " gen --instrument ES --start 2024-01-01 --end 2024-12-31 --quiet --out '" +
                   P("es_2024.parquet") + "'"),
            0);
  ASSERT_EQ(System(orbit + " run --bars '" + P("es_2024.parquet") + "' --instrument ES --as-of 2025-01-01 --out '" +
                   P("results.parquet") + "' --report '" + P("report.html") + "' --quiet"),
            0);
  ASSERT_TRUE(fs::exists(P("report.html")));

  ASSERT_EQ(Chromium(P("report.html"), "--enable-logging=stderr --v=0 --dump-dom", P("dom.html"), P("console.log")), 0)
      << Slurp(P("console.log"));
  const std::string dom = Slurp(P("dom.html"));
  EXPECT_NE(dom.find("id=\"orbit-report-ready\""), std::string::npos) << "the inline script did not run";
  EXPECT_NE(dom.find("data-tables=\"8\""), std::string::npos);  // overall, research, 6 breakdowns
  std::vector<std::string> errors = ConsoleErrors(Slurp(P("console.log")));
  EXPECT_TRUE(errors.empty()) << errors.front();

  // Sorting, exercised in the browser by the page's own self-test.
  ASSERT_EQ(Chromium(P("report.html"), "--enable-logging=stderr --v=0 --dump-dom", P("sorted.html"), P("sort.log"),
                     "#orbit-selftest"),
            0)
      << Slurp(P("sort.log"));
  EXPECT_NE(Slurp(P("sorted.html")).find("data-selftest=\"pass\""), std::string::npos) << Slurp(P("sort.log"));
  errors = ConsoleErrors(Slurp(P("sort.log")));
  EXPECT_TRUE(errors.empty()) << errors.front();

  ASSERT_EQ(Chromium(P("report.html"), "--screenshot='" + P("report.png") + "' --window-size=1200,2000",
                     P("shot.out"), P("shot.err")),
            0)
      << Slurp(P("shot.err"));
  const std::string png = Slurp(P("report.png"));
  ASSERT_GE(png.size(), 24u);
  EXPECT_EQ(png.substr(0, 8), std::string("\x89PNG\r\n\x1a\n", 8));
  auto be32 = [&](size_t at) {
    return (static_cast<uint32_t>(static_cast<unsigned char>(png[at])) << 24) |
           (static_cast<uint32_t>(static_cast<unsigned char>(png[at + 1])) << 16) |
           (static_cast<uint32_t>(static_cast<unsigned char>(png[at + 2])) << 8) |
           static_cast<uint32_t>(static_cast<unsigned char>(png[at + 3]));
  };
  EXPECT_EQ(be32(16), 1200u);  // IHDR width
  EXPECT_EQ(be32(20), 2000u);  // IHDR height
  // A blank 1200x2000 page compresses to a few kB; charts and tables do not.
  EXPECT_GT(png.size(), 60000u) << "screenshot looks empty";
}

}  // namespace
