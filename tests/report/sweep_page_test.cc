// The sweep page of `orbit report`: heatmaps over two swept axes with the
// other axes held at the group's best combination, the top combinations per
// stream, and reading a SUMMARY written by `orbit sweep` back (CSV, Parquet).
#include "report/sweep_page.h"

#include <gtest/gtest.h>
#include <sys/wait.h>

#include <cmath>
#include <filesystem>
#include <fstream>
#include <string>

#include "core/error.h"
#include "report/sweep_summary.h"
#include "support/temp_dir.h"

namespace orbit::report {
namespace {

namespace fs = std::filesystem;

// 2 targets x 2 stop caps x 2 T1 for one slot group; USD = 100 * combo,
// except combo 5, the best, and combo 6 tied with it (the lower combo wins).
std::vector<SweepSummaryRow> Grid() {
  std::vector<SweepSummaryRow> rows;
  int64_t combo = 0;
  for (double target : {5.0, 10.0})
    for (double cap : {1.0, 3.0})
      for (double t1 : {0.5, 0.65}) {
        SweepSummaryRow r;
        r.combo = combo;
        r.instrument = "ES";
        r.group = "ES1 07:30";
        r.stream = "ES1";
        r.slot = "07:30";
        r.target = target;
        r.stop_cap = cap;
        r.t1 = t1;
        r.be_offset = 1;
        r.trades = 10 + combo;
        r.usd = combo == 5 || combo == 6 ? 5000.0 : 100.0 * static_cast<double>(combo);
        r.profit_factor = combo == 0 ? INFINITY : 1.0 + 0.1 * static_cast<double>(combo);
        rows.push_back(r);
        ++combo;
      }
  return rows;
}

TEST(SweepPage, HeatmapHoldsTheOtherAxesAtTheBestCombination) {
  const SweepPage page = BuildSweepPage(Grid(), {}, {"s.csv"});
  EXPECT_EQ(page.x, "target");  // the first two axes with several values
  EXPECT_EQ(page.y, "stop_cap");
  EXPECT_EQ(page.combinations, 8u);
  ASSERT_EQ(page.heatmaps.size(), 1u);
  const Heatmap& usd = page.heatmaps[0].usd;
  EXPECT_NE(usd.title.find("t1=0.65"), std::string::npos) << usd.title;  // combo 5: target 10, cap 1, t1 0.65
  EXPECT_EQ(usd.column_labels, (std::vector<std::string>{"5.0", "10.0"}));
  EXPECT_EQ(usd.row_labels, (std::vector<std::string>{"1.0", "3.0"}));
  // t1 = 0.65 rows: combos 1 (5,1), 3 (5,3), 5 (10,1), 7 (10,3).
  EXPECT_EQ(usd.net_usd, (std::vector<std::vector<double>>{{100, 5000}, {300, 700}}));
  EXPECT_EQ(usd.trades, (std::vector<std::vector<size_t>>{{11, 15}, {13, 17}}));
  const Heatmap& pf = page.heatmaps[0].profit_factor;
  EXPECT_DOUBLE_EQ(pf.net_usd[1][1], 1.7);
  EXPECT_EQ(pf.center, 1.0);
}

TEST(SweepPage, ChosenAxesAndTopCombinations) {
  SweepPageOptions options;
  options.x = "t1";
  options.y = "target";
  options.top = 3;
  const SweepPage page = BuildSweepPage(Grid(), options, {});
  EXPECT_EQ(page.heatmaps[0].usd.column_labels, (std::vector<std::string>{"0.5", "0.65"}));
  ASSERT_EQ(page.top.size(), 1u);
  EXPECT_EQ(page.top[0].first, "ES1");
  std::vector<int64_t> combos;
  for (const SweepSummaryRow& r : page.top[0].second) combos.push_back(r.combo);
  EXPECT_EQ(combos, (std::vector<int64_t>{5, 6, 7}));  // USD descending, ties by combo
  const std::string html = RenderSweepPage(page);
  EXPECT_NE(html.find("Orbit sweep report"), std::string::npos);
  EXPECT_NE(html.find("\u221e"), std::string::npos);  // combo 0 (stop cap 1, as the best): profit factor +inf
}

TEST(SweepPage, BadAxesAreUsageErrors) {
  for (auto [x, y] : {std::pair{"t1", "t1"}, std::pair{"range", ""}}) {
    SweepPageOptions options;
    options.x = x;
    options.y = y;
    try {
      BuildSweepPage(Grid(), options, {});
      ADD_FAILURE() << x << " " << y;
    } catch (const Error& e) {
      EXPECT_EQ(e.kind(), ErrorKind::kUsage);
      EXPECT_NE(std::string(e.what()).find("--x"), std::string::npos) << e.what();
    }
  }
}

int Shell(const std::string& command) {
  const int status = std::system((command + " > /dev/null 2>&1").c_str());
  return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

// `orbit sweep` -> SUMMARY (CSV and Parquet) -> the reader and `orbit report`.
TEST(SweepPage, SummaryOfOrbitSweepReadsBackAndRenders) {
  const orbit::testing::UniqueTempDir temp;
  const fs::path& dir = temp.path();
  const std::string orbit = ORBIT_BINARY, bars = (dir / "es.parquet").string();
  ASSERT_EQ(Shell(orbit + " gen --instrument ES --start 2024-03-01 --end 2024-04-30 --seed 4 --out " + bars), 0);
  for (const char* ext : {".csv", ".parquet"}) {
    const std::string summary = (dir / (std::string("s") + ext)).string(), html = (dir / "s.html").string();
    ASSERT_EQ(Shell(orbit + " sweep --bars " + bars + " --instrument ES --as-of 2024-05-01 --target 5,10 " +
                    "--stop-cap 1,3 --quiet --out " + summary),
              0);
    EXPECT_TRUE(IsSweepSummaryFile(summary));
    const std::vector<SweepSummaryRow> rows = ReadSweepSummary(summary);
    ASSERT_EQ(rows.size(), 4u * 7u);  // combinations x slots
    EXPECT_EQ(rows[0].combo, 0);
    EXPECT_EQ(rows[0].target, 5.0);
    ASSERT_EQ(Shell(orbit + " report " + summary + " --out " + html + " --quiet"), 0);
    std::ifstream in(html);
    const std::string text((std::istreambuf_iterator<char>(in)), {});
    EXPECT_NE(text.find("ES ES1 07:30: net USD"), std::string::npos);
    EXPECT_NE(text.find("Top combinations: ES2"), std::string::npos);
    // Mixed inputs, --json and --x on result tables are usage errors; nothing is written.
    fs::remove(html);
    ASSERT_EQ(Shell(orbit + " run --bars " + bars + " --instrument ES --as-of 2024-05-01 --quiet --out " +
                    (dir / "r.csv").string()),
              0);
    EXPECT_EQ(Shell(orbit + " report " + summary + " " + (dir / "r.csv").string() + " --out " + html), 1);
    EXPECT_EQ(Shell(orbit + " report " + summary + " --json --out " + html), 1);
    EXPECT_EQ(Shell(orbit + " report " + (dir / "r.csv").string() + " --x t1 --out " + html), 1);
    EXPECT_FALSE(fs::exists(html));
  }
  std::error_code ec;
  fs::remove_all(dir, ec);
}

}  // namespace
}  // namespace orbit::report
