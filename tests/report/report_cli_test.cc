// The command line: `orbit report` (HTML, JSON, exit codes) and `orbit run --report`.
#include <gtest/gtest.h>
#include <sys/wait.h>

#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include "support/temp_dir.h"

namespace orbit::report {
namespace {

namespace fs = std::filesystem;

struct ShellResult {
  int code;
  std::string out;
};

ShellResult Shell(const std::string& command) {
  ShellResult r{-1, ""};
  FILE* pipe = popen((command + " 2>&1").c_str(), "r");
  if (!pipe) return r;
  char buf[4096];
  for (size_t n; (n = fread(buf, 1, sizeof buf, pipe)) > 0;) r.out.append(buf, n);
  const int status = pclose(pipe);
  r.code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  return r;
}

std::string Slurp(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  return std::string(std::istreambuf_iterator<char>(in), {});
}

class ReportCli : public ::testing::Test {
 protected:
  std::string P(const std::string& name) const { return temp_ / name; }
  orbit::testing::UniqueTempDir temp_;
  const fs::path& dir_ = temp_.path();
};

TEST_F(ReportCli, ReportFromCsvHtmlAndJson) {
  std::ofstream(P("r.csv")) << "Date,Time,Result,Stream,Instrument,Profit,Peak,Range,Direction,Session\n"
                               "2024-01-02,07:30,Win,MES1,MES,1.0,12.0,8.0,Long,S1\n"
                               "2024-01-03,07:30,BE,MES1,MES,-0.25,6.0,8.0,Short,S1\n"
                               "2024-01-04,09:30,NoTrade,MES2,MES,0.0,0.0,5.0,NA,S2\n";
  const std::string orbit = ORBIT_BINARY;
  ShellResult r = Shell(orbit + " report " + P("r.csv") + " --out " + P("r.html") + " --commission 0.5");
  ASSERT_EQ(r.code, 0) << r.out;
  EXPECT_NE(r.out.find("MES1"), std::string::npos) << r.out;
  EXPECT_GT(fs::file_size(P("r.html")), 5000u);
  r = Shell(orbit + " report " + P("r.csv") + " --json --by stream,weekday --commission 0.5");
  ASSERT_EQ(r.code, 0) << r.out;
  EXPECT_NE(r.out.find("\"gross_usd\": 48.75"), std::string::npos) << r.out;  // $50 - $1.25
  EXPECT_NE(r.out.find("\"net_usd\": 46.75"), std::string::npos) << r.out;    // 2 trades * 2 sides * 0.5
  EXPECT_NE(r.out.find("\"weekday\": ["), std::string::npos);
  EXPECT_EQ(r.out.find("\"year\": ["), std::string::npos);
  EXPECT_EQ(Shell(orbit + " report " + P("r.csv") + " --by week").code, 1);
  EXPECT_EQ(Shell(orbit + " report " + P("r.csv") + " --commission -1").code, 1);
  EXPECT_EQ(Shell(orbit + " report " + P("missing.csv")).code, 3);
  std::ofstream(P("bad.csv")) << "Date,Time,Result,Stream,Instrument,Profit\n2024-01-02,07:30,Maybe,ES1,ES,1\n";
  EXPECT_EQ(Shell(orbit + " report " + P("bad.csv") + " --out " + P("bad.html")).code, 2);
  EXPECT_FALSE(fs::exists(P("bad.html")));
}

TEST_F(ReportCli, RunWithReportMatchesReportCommand) {
  const std::string orbit = ORBIT_BINARY;
  ShellResult r = Shell(orbit + " gen --instrument ES --start 2024-03-01 --end 2024-04-30 --quiet --out " + P("bars.parquet"));
  ASSERT_EQ(r.code, 0) << r.out;
  r = Shell(orbit + " run --bars " + P("bars.parquet") + " --instrument ES --as-of 2024-06-01 --out " +
            P("res.parquet") + " --report " + P("run.html"));
  ASSERT_EQ(r.code, 0) << r.out;
  EXPECT_NE(r.out.find("stream"), std::string::npos) << r.out;  // the terminal table
  EXPECT_NE(r.out.find("ES2"), std::string::npos) << r.out;
  ASSERT_TRUE(fs::exists(P("run.html")));
  // The same statistics from the file the run wrote (sources differ).
  r = Shell(orbit + " report " + P("res.parquet") + " --out " + P("file.html") + " --quiet");
  ASSERT_EQ(r.code, 0) << r.out;
  auto body = [](const std::string& html) { return html.substr(html.find("<div class=\"cards\"")); };
  EXPECT_EQ(body(Slurp(P("run.html"))), body(Slurp(P("file.html"))));
  r = Shell(orbit + " run --bars " + P("bars.parquet") + " --instrument ES --as-of 2024-06-01 --out " +
            P("res2.csv") + " --quiet");
  ASSERT_EQ(r.code, 0) << r.out;
  // --quiet: no table; warnings (the known-issue announcements) remain.
  std::istringstream lines(r.out);
  for (std::string line; std::getline(lines, line);) EXPECT_EQ(line.rfind("orbit: warning: ", 0), 0u) << line;
}

}  // namespace
}  // namespace orbit::report
