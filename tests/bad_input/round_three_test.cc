// tests/bad_input/round_three_test.cc
//
// Reliability round three (issue 22): each test runs the real `orbit` binary
// in its own unique temporary folder (tests/support/temp_dir.h) and
// checks one defect's fixed behaviour: exit code, message, and that no input
// was touched.
#include <fcntl.h>
#include <gtest/gtest.h>
#include <signal.h>
#include <stdlib.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

#include "support/orbit_process.h"
#include "support/temp_dir.h"

namespace {

namespace fs = std::filesystem;
using orbit::testing::ReadFile;
using orbit::testing::SpawnOrbit;
using orbit::testing::WaitForExit;

const std::string kSource = ORBIT_SOURCE_DIR;
const std::string kData = kSource + "/tests/bad_input/data";

// A folder of its own for one test (per test and process), removed at the end.
using TempFolder = orbit::testing::UniqueTempDir;

void WriteFile(const std::string& path, const std::string& text) {
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  out << text;
}

struct Result {
  int code;
  std::string err, out;
};

Result Orbit(const std::vector<std::string>& args, const std::string& cwd) {
  const std::string err_path = cwd + "/.stderr.txt", out_path = cwd + "/.stdout.txt";
  const int code = WaitForExit(SpawnOrbit(args, cwd, err_path, out_path));
  return {code, ReadFile(err_path), ReadFile(out_path)};
}

bool Has(const std::string& text, const std::string& part) { return text.find(part) != std::string::npos; }

// ---------------------------------------------------------------- defect 1
// `orbit report X --out X` replaced the result table with HTML and exited 0.
TEST(RoundThree, ReportNeverOverwritesItsInput) {
  TempFolder t;
  fs::copy_file(kData + "/good.csv", t / "good.csv");
  Result r = Orbit({"run", "--bars", "good.csv", "--instrument", "ES", "--as-of", "2024-02-01T00:00", "--quiet", "--out",
                  "r.csv"},
                 t.path());
  ASSERT_EQ(r.code, 0) << r.err;
  const std::string table = ReadFile(t / "r.csv");
  ASSERT_GT(table.size(), 100u);
  fs::create_symlink(t / "r.csv", t / "link.html");
  fs::create_hard_link(t / "r.csv", t / "hard.json");
  fs::create_directories(t / "results");
  fs::copy_file(t / "r.csv", t / "results/r2.csv");
  const std::vector<std::vector<std::string>> cases = {
      {"report", "r.csv", "--out", "r.csv", "--quiet"},
      {"report", "r.csv", "--json", "--out", "r.csv"},
      {"report", "r.csv", "--out", "./r.csv", "--quiet"},
      {"report", "r.csv", "--out", "link.html", "--quiet"},       // through a symlink
      {"report", "r.csv", "--json", "--out", "hard.json"},        // a hard link
      {"report", "results", "--out", "results/r2.csv", "--quiet"}  // a folder's file
  };
  for (const std::vector<std::string>& args : cases) {
    r = Orbit(args, t.path());
    EXPECT_EQ(r.code, 1) << args[1] << " " << args[args.size() - 2] << ": " << r.err;
    EXPECT_TRUE(Has(r.err, "is an input of this run")) << r.err;
  }
  EXPECT_EQ(ReadFile(t / "r.csv"), table);
  EXPECT_EQ(ReadFile(t / "results/r2.csv"), table);
  EXPECT_TRUE(fs::is_symlink(t / "link.html"));

  // A sweep SUMMARY is refused the same way.
  r = Orbit({"sweep", "--bars", "good.csv", "--instrument", "ES", "--as-of", "2024-02-01T00:00", "--target", "4,5",
           "--quiet", "--out", "s.csv"},
          t.path());
  ASSERT_EQ(r.code, 0) << r.err;
  const std::string summary = ReadFile(t / "s.csv");
  r = Orbit({"report", "s.csv", "--out", "s.csv", "--quiet"}, t.path());
  EXPECT_EQ(r.code, 1) << r.err;
  EXPECT_EQ(ReadFile(t / "s.csv"), summary);
  // Options a SUMMARY cannot honour are refused, not ignored (defect 11).
  r = Orbit({"report", "s.csv", "--commission", "2", "--out", "p.html", "--quiet"}, t.path());
  EXPECT_EQ(r.code, 1) << r.err;
  EXPECT_TRUE(Has(r.err, "--commission: not used for sweep SUMMARY files")) << r.err;
  r = Orbit({"report", "s.csv", "--by", "year", "--out", "p.html", "--quiet"}, t.path());
  EXPECT_EQ(r.code, 1) << r.err;
  // A SUMMARY with a duplicated header is called a SUMMARY.
  const std::string header = summary.substr(0, summary.find('\n'));
  WriteFile(t / "dup.csv", header.substr(0, header.rfind(',')) + ",combo" + summary.substr(summary.find('\n')));
  r = Orbit({"report", "dup.csv", "--out", "q.html", "--quiet"}, t.path());
  EXPECT_EQ(r.code, 2) << r.err;
  EXPECT_TRUE(Has(r.err, "sweep summary: column 'combo' appears 2 times")) << r.err;
  // A different destination still works.
  r = Orbit({"report", "r.csv", "--out", "page.html", "--quiet"}, t.path());
  EXPECT_EQ(r.code, 0) << r.err;
  EXPECT_TRUE(Has(ReadFile(t / "page.html"), "<html"));
}

// An output name longer than NAME_MAX fails before the work, not at the rename.
TEST(RoundThree, OverlongOutputNameFailsBeforeTheWork) {
  TempFolder t;
  const std::string name = std::string(300, 'a') + ".csv";
  const Result r = Orbit({"run", "--bars", kData + "/good.csv", "--instrument", "ES", "--as-of", "2024-02-01T00:00",
                        "--out", name},
                       t.path());
  EXPECT_EQ(r.code, 3) << r.err;
  EXPECT_TRUE(Has(r.err, "file name too long")) << r.err;
  EXPECT_FALSE(Has(r.out, "rows (Win")) << "the run did its work before failing:\n" << r.out;
}

// ---------------------------------------------------------------- defect 6
// --target 5.000000000000001 passed the tick-grid check but ran (and was
// written) as itself: results differed from --target 5.
TEST(RoundThree, TargetOffTheGridByFloatNoiseRunsAsTheGridValue) {
  TempFolder t;
  auto run = [&](const std::string& target, const std::string& out) {
    return Orbit({"run", "--bars", kData + "/good.csv", "--instrument", "ES", "--as-of", "2024-02-01T00:00", "--quiet",
                "--columns", "extended", "--target", target, "--out", out},
               t.path());
  };
  Result r = run("5", "a.csv");
  ASSERT_EQ(r.code, 0) << r.err;
  r = run("5.000000000000001", "b.csv");
  ASSERT_EQ(r.code, 0) << r.err;
  r = run("4.999999999999999", "c.csv");
  ASSERT_EQ(r.code, 0) << r.err;
  const std::string a = ReadFile(t / "a.csv");
  ASSERT_GT(a.size(), 100u);
  EXPECT_TRUE(a == ReadFile(t / "b.csv")) << "--target 5.000000000000001 differs from --target 5";
  EXPECT_TRUE(a == ReadFile(t / "c.csv")) << "--target 4.999999999999999 differs from --target 5";
  // Off the grid by more than noise is still refused.
  r = run("5.1", "d.csv");
  EXPECT_EQ(r.code, 1) << r.err;
  EXPECT_TRUE(Has(r.err, "is not a multiple of the ES tick 0.25")) << r.err;
}

// ---------------------------------------------------------------- defects 3, 11
// Calendar files: capped size, a BOM accepted, long or binary lines quoted
// short and escaped.
TEST(RoundThree, CalendarFileIsCappedAcceptsABomAndQuotesLinesShort) {
  TempFolder t;
  const std::string calendar = "date,status,close\n2024-01-15,closed,\n";
  WriteFile(t / "plain.csv", calendar);
  WriteFile(t / "bom.csv", "\xEF\xBB\xBF" + calendar);
  auto run = [&](const std::string& file, const std::string& out) {
    return Orbit({"run", "--bars", kData + "/good.csv", "--instrument", "ES", "--as-of", "2024-02-01T00:00", "--quiet",
                "--calendar-file", file, "--out", out},
               t.path());
  };
  Result r = run("plain.csv", "a.csv");
  ASSERT_EQ(r.code, 0) << r.err;
  r = run("bom.csv", "b.csv");
  EXPECT_EQ(r.code, 0) << r.err;
  EXPECT_TRUE(ReadFile(t / "a.csv") == ReadFile(t / "b.csv")) << "a BOM changed the calendar";

  // A line of 1 MB (no line end) and binary bytes: the message stays short.
  WriteFile(t / "long.csv", "date,status,close\n" + std::string(1 << 20, 'x'));
  r = run("long.csv", "c.csv");
  EXPECT_EQ(r.code, 2) << r.err.substr(0, 300);
  EXPECT_LT(r.err.size(), 600u) << r.err.substr(0, 300);
  EXPECT_TRUE(Has(r.err, "of 1048576 bytes")) << r.err.substr(0, 300);
  WriteFile(t / "binary.csv", std::string("date,status,close\n") + std::string("\x1f\x8b\x08\x00\x01", 5) + ",closed,\n");
  r = run("binary.csv", "d.csv");
  EXPECT_EQ(r.code, 2) << r.err;
  EXPECT_TRUE(Has(r.err, "\\x1f\\x8b\\x08\\x00")) << r.err;

  // /dev/zero: refused after the cap, not read until memory runs out.
  const auto start = std::chrono::steady_clock::now();
  r = run("/dev/zero", "e.csv");
  EXPECT_EQ(r.code, 2) << r.err;
  EXPECT_TRUE(Has(r.err, "larger than 4 MiB")) << r.err;
  EXPECT_LT(std::chrono::steady_clock::now() - start, std::chrono::seconds(20));
  // A folder is an I/O error.
  r = run(t.path(), "f.csv");
  EXPECT_EQ(r.code, 3) << r.err;
}

// ---------------------------------------------------------------- defect 2
// A file without line ends (a zero-filled download) was re-scanned after every
// MiB and held whole in memory; now the line limit ends the read at once.
TEST(RoundThree, ALineLongerThanTheLimitIsExitTwoNamingFileAndOffset) {
  TempFolder t;
  {  // 256 MiB of zeros (sparse: no disk space)
    std::ofstream f(t / "zeros.csv", std::ios::binary);
  }
  fs::resize_file(t / "zeros.csv", 256u << 20);
  const auto start = std::chrono::steady_clock::now();
  Result r = Orbit({"run", "--bars", "zeros.csv", "--instrument", "ES", "--as-of", "2024-02-01T00:00", "--quiet",
                  "--out", "a.csv"},
                 t.path());
  const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  EXPECT_EQ(r.code, 2) << r.err.substr(0, 400);
  EXPECT_TRUE(Has(r.err, "zeros.csv: the line starting at byte offset 0 is longer than 1 MiB")) << r.err.substr(0, 400);
  EXPECT_LT(seconds, 10.0);
  EXPECT_LT(r.err.size(), 1000u);

  // A good file whose last line never ends (mapped path): the offset is that line's.
  const std::string good = ReadFile(kData + "/good.csv");
  WriteFile(t / "tail.csv", good + std::string(3u << 20, '7'));
  r = Orbit({"run", "--bars", "tail.csv", "--instrument", "ES", "--as-of", "2024-02-01T00:00", "--quiet", "--out",
           "b.csv"},
          t.path());
  EXPECT_EQ(r.code, 2) << r.err.substr(0, 400);
  EXPECT_TRUE(Has(r.err, "byte offset " + std::to_string(good.size()) + " is longer than 1 MiB"))
      << r.err.substr(0, 400);
  EXPECT_FALSE(fs::exists(t / "b.csv"));
}

// ---------------------------------------------------------------- bar files
// 1-minute ES bars (or `step` minutes apart) of the week of 2024-01-08, CME
// sessions Sunday 17:00 .. Friday 16:00 Chicago with the daily 16:00-17:00
// break, naive wall-clock text shifted by `hours_ahead_of_chicago` (New York:
// 1). `days` sessions from the Sunday evening one.
std::string WeekOfBars(int days, int step = 1, int hours_ahead_of_chicago = 0) {
  std::string out = "timestamp,open,high,low,close\n";
  double price = 4800.0;
  unsigned state = 12345;
  for (int d = 0; d < days; ++d) {
    // Minutes since 2024-01-07 00:00 wall time of the session's first and end bar.
    const int open = d * 1440 + 17 * 60, end = (d + 1) * 1440 + 16 * 60;
    for (int m = open; m < end; m += step) {
      const int wall = m + hours_ahead_of_chicago * 60;
      state = state * 1103515245u + 12345u;
      const double move = static_cast<double>(static_cast<int>((state >> 16) % 9) - 4) * 0.25;
      const double o = price, c = price + move;
      const double h = std::max(o, c) + 0.5, l = std::min(o, c) - 0.5;
      price = c;
      char line[128];
      std::snprintf(line, sizeof line, "2024-01-%02d %02d:%02d:00,%.2f,%.2f,%.2f,%.2f\n", 7 + wall / 1440,
                    wall % 1440 / 60, wall % 60, o, h, l, c);
      out += line;
    }
  }
  return out;
}

std::vector<std::string> BaseRun(const std::string& bars, const std::string& out) {
  return {"run", "--bars", bars, "--instrument", "ES", "--as-of", "2024-02-01T00:00", "--quiet", "--out", out};
}

std::vector<std::string> With(std::vector<std::string> args, const std::vector<std::string>& more) {
  args.insert(args.end(), more.begin(), more.end());
  return args;
}

// ---------------------------------------------------------------- defect 10
// A week of New York bars read as Chicago has 4 daily breaks; the check needed 5.
TEST(RoundThree, ZoneCheckDecidesOnAWeekAndSaysWhenItCannot) {
  TempFolder t;
  WriteFile(t / "ny_week.csv", WeekOfBars(5, 1, 1));
  Result r = Orbit(BaseRun("ny_week.csv", "a.csv"), t.path());
  EXPECT_EQ(r.code, 0) << r.err;
  EXPECT_TRUE(Has(r.err, "bars look like America/New_York: pass --input-tz America/New_York")) << r.err;
  r = Orbit(With(BaseRun("ny_week.csv", "b.csv"), {"--input-tz", "America/New_York"}), t.path());
  EXPECT_EQ(r.code, 0) << r.err;
  EXPECT_FALSE(Has(r.err, "look like")) << r.err;
  EXPECT_FALSE(Has(r.err, "maintenance break")) << r.err;
  EXPECT_FALSE(Has(r.err, "could not decide")) << r.err;
  // Two sessions: one break, too few to judge; said, not silent.
  WriteFile(t / "two_days.csv", WeekOfBars(2));
  r = Orbit(BaseRun("two_days.csv", "c.csv"), t.path());
  EXPECT_EQ(r.code, 0) << r.err;
  EXPECT_TRUE(Has(r.err, "the input zone check could not decide")) << r.err;
}

// `Date,Time,Open,High,Low,Close,Vol,OI` is TradeStation's too (stamped at the
// close): it was read as the plain format, one minute late.
TEST(RoundThree, TradeStationVolOiHeaderIsRecognised) {
  TempFolder t;
  std::string text = ReadFile(kData + "/tradestation.csv");
  const std::string header = "Date,Time,Open,High,Low,Close,Up,Down";
  ASSERT_EQ(text.rfind(header, 0), 0u);
  WriteFile(t / "vol_oi.csv", "Date,Time,Open,High,Low,Close,Vol,OI" + text.substr(header.size()));
  Result r = Orbit(BaseRun(kData + "/tradestation.csv", "a.csv"), t.path());
  ASSERT_EQ(r.code, 0) << r.err;
  r = Orbit(BaseRun("vol_oi.csv", "b.csv"), t.path());
  ASSERT_EQ(r.code, 0) << r.err;
  EXPECT_TRUE(ReadFile(t / "a.csv") == ReadFile(t / "b.csv")) << "Vol,OI export read differently from Up,Down";
}

// Naive times in the repeated DST hour are told apart by row order: rows out
// of order there are misread, and that is now said (not blamed on the zone).
TEST(RoundThree, RepeatedDstHourWithRowsOutOfOrderIsWarned) {
  TempFolder t;
  std::vector<std::string> rows;
  auto add = [&](int hour, int minute) {
    char line[96];
    std::snprintf(line, sizeof line, "2024-11-03 %02d:%02d:00,4800.0,4801.0,4799.0,4800.5", hour, minute);
    rows.push_back(line);
  };
  for (int m = 0; m < 60; ++m) add(0, m);
  for (int pass = 0; pass < 2; ++pass)
    for (int m = 0; m < 60; ++m) add(1, m);
  for (int m = 0; m < 60; ++m) add(2, m);
  std::string sorted = "timestamp,open,high,low,close\n", reversed = sorted;
  for (const std::string& row : rows) sorted += row + "\n";
  for (auto it = rows.rbegin(); it != rows.rend(); ++it) reversed += *it + "\n";
  WriteFile(t / "sorted.csv", sorted);
  WriteFile(t / "reversed.csv", reversed);
  Result r = Orbit(BaseRun("sorted.csv", "a.csv"), t.path());
  EXPECT_EQ(r.code, 0) << r.err;
  EXPECT_FALSE(Has(r.err, "repeats when daylight time ends")) << r.err;
  r = Orbit(BaseRun("reversed.csv", "b.csv"), t.path());
  EXPECT_EQ(r.code, 0) << r.err;
  EXPECT_TRUE(Has(r.err, "120 naive timestamps fall in the hour that America/Chicago repeats")) << r.err;
  r = Orbit(With(BaseRun("reversed.csv", "c.csv"), {"--strict", "on"}), t.path());
  EXPECT_EQ(r.code, 2) << r.err;
}

// ---------------------------------------------------------------- defect 4
TEST(RoundThree, BarsThatAreNotOneMinuteAreWarnedAndStrictRefusesThem) {
  TempFolder t;
  WriteFile(t / "five.csv", WeekOfBars(5, 5));
  Result r = Orbit(BaseRun("five.csv", "a.csv"), t.path());
  EXPECT_EQ(r.code, 0) << r.err;
  EXPECT_TRUE(Has(r.err, "ES: the bars are not 1-minute bars: the most common gap between consecutive bars is 5 "
                         "minutes"))
      << r.err;
  r = Orbit(With(BaseRun("five.csv", "b.csv"), {"--strict", "on"}), t.path());
  EXPECT_EQ(r.code, 2) << r.err;
  EXPECT_FALSE(fs::exists(t / "b.csv"));
  // Daily bars.
  std::string daily = "timestamp,open,high,low,close\n";
  for (int d = 1; d <= 28; ++d) {
    char line[96];
    std::snprintf(line, sizeof line, "2024-02-%02dT00:00:00Z,4800.0,4810.0,4790.0,4805.0\n", d);
    daily += line;
  }
  WriteFile(t / "daily.csv", daily);
  r = Orbit(BaseRun("daily.csv", "c.csv"), t.path());
  EXPECT_TRUE(Has(r.err, "1 day (daily bars)")) << r.err;
  // Epoch seconds read as milliseconds: 1970, and 60 ms apart.
  r = Orbit(With(BaseRun(kData + "/epoch_seconds.csv", "d.csv"), {"--ts-unit", "ms"}), t.path());
  EXPECT_TRUE(Has(r.err, "before 1980; the values look like epoch s: --ts-unit s")) << r.err;
  r = Orbit(With(BaseRun(kData + "/epoch_seconds.csv", "e.csv"), {"--ts-unit", "ms", "--strict", "on"}), t.path());
  EXPECT_EQ(r.code, 2) << r.err;
  // One-minute bars: no warning.
  WriteFile(t / "one.csv", WeekOfBars(5, 1));
  r = Orbit(BaseRun("one.csv", "f.csv"), t.path());
  EXPECT_EQ(r.code, 0) << r.err;
  EXPECT_FALSE(Has(r.err, "not 1-minute")) << r.err;
  EXPECT_FALSE(Has(r.err, "input zone")) << r.err;
  EXPECT_FALSE(Has(r.err, "plausible")) << r.err;
}

// ---------------------------------------------------------------- defect 5
// Databento's CSV without pretty_px writes prices as integers of 1e-9 units.
std::string FixedPoint(const std::string& decimal) {
  const size_t dot = decimal.find('.');
  std::string whole = decimal.substr(0, dot), fraction = dot == std::string::npos ? "" : decimal.substr(dot + 1);
  fraction.resize(9, '0');
  return whole + fraction;
}

TEST(RoundThree, DatabentoFixedPointPricesAreScaledAndImplausiblePricesWarned) {
  TempFolder t;
  std::istringstream in(ReadFile(kData + "/databento.csv"));
  std::string line, fixed;
  std::getline(in, line);
  fixed = line + "\n";
  while (std::getline(in, line)) {
    std::vector<std::string> f;
    std::stringstream ss(line);
    for (std::string cell; std::getline(ss, cell, ',');) f.push_back(cell);
    ASSERT_EQ(f.size(), 10u);
    for (int k = 4; k < 8; ++k) f[static_cast<size_t>(k)] = FixedPoint(f[static_cast<size_t>(k)]);
    for (size_t k = 0; k < f.size(); ++k) fixed += (k ? "," : "") + f[k];
    fixed += "\n";
  }
  ASSERT_NE(fixed.find(",4800000000000,"), std::string::npos);
  WriteFile(t / "fixed.csv", fixed);
  Result r = Orbit(BaseRun(kData + "/databento.csv", "a.csv"), t.path());
  ASSERT_EQ(r.code, 0) << r.err;
  r = Orbit(BaseRun("fixed.csv", "b.csv"), t.path());
  ASSERT_EQ(r.code, 0) << r.err;
  EXPECT_TRUE(ReadFile(t / "a.csv") == ReadFile(t / "b.csv")) << "fixed-point prices read differently";

  // An NQ file read as ES, and prices 100 times too large: warned, --strict refuses.
  std::string scaled = "timestamp,open,high,low,close,instrument\n";
  std::istringstream good(ReadFile(kData + "/good.csv"));
  std::getline(good, line);
  while (std::getline(good, line)) {
    std::vector<std::string> f;
    std::stringstream ss(line);
    for (std::string cell; std::getline(ss, cell, ',');) f.push_back(cell);
    char prices[160];
    std::snprintf(prices, sizeof prices, "%.2f,%.2f,%.2f,%.2f", std::stod(f[1]) * 4, std::stod(f[2]) * 4,
                  std::stod(f[3]) * 4, std::stod(f[4]) * 4);
    scaled += f[0] + "," + prices + "," + f[5] + "\n";
  }
  WriteFile(t / "nq_like.csv", scaled);
  r = Orbit(BaseRun("nq_like.csv", "c.csv"), t.path());
  EXPECT_EQ(r.code, 0) << r.err;
  EXPECT_TRUE(Has(r.err, "is not a plausible ES price (expected 300..15000)")) << r.err;
  r = Orbit(With(BaseRun("nq_like.csv", "d.csv"), {"--strict", "on"}), t.path());
  EXPECT_EQ(r.code, 2) << r.err;
}

// --calendar cme on data outside 2000-2035 did nothing and said nothing.
TEST(RoundThree, CalendarOutsideItsSpanIsWarned) {
  TempFolder t;
  std::string text = ReadFile(kData + "/good.csv");
  for (size_t p = text.find("2024-"); p != std::string::npos; p = text.find("2024-", p)) text.replace(p, 5, "1998-");
  WriteFile(t / "old.csv", text);
  Result r = Orbit(With(BaseRun("old.csv", "a.csv"), {"--calendar", "cme"}), t.path());
  EXPECT_EQ(r.code, 0) << r.err;
  EXPECT_TRUE(Has(r.err, "outside the span of the exchange calendar (built-in CME Globex calendar, "
                         "2000-01-01..2035-12-31)"))
      << r.err;
  r = Orbit(With(BaseRun(kData + "/good.csv", "b.csv"), {"--calendar", "cme"}), t.path());
  EXPECT_EQ(r.code, 0) << r.err;
  EXPECT_FALSE(Has(r.err, "outside the span")) << r.err;
}

}  // namespace
