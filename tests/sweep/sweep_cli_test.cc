// `orbit sweep` end to end: a sweep's TRADES rows for the default combination
// equal `orbit run`'s table (the NQ regression sample, generated ES data with
// a multi-combination grid); the combination count comes first; bad axes exit
// 1 naming option and value and write nothing.
#include <arrow/api.h>
#include <arrow/io/file.h>
#include <gtest/gtest.h>
#include <parquet/arrow/reader.h>

#include <unistd.h>

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include "support/temp_dir.h"

namespace {

namespace fs = std::filesystem;

struct Result {
  int code;
  std::string out;  // stdout and stderr
};

Result Orbit(const std::string& args) {
  const orbit::testing::UniqueTempDir temp;  // the log of this command alone
  const std::string log = temp / "orbit.log";
  const std::string cmd = std::string(ORBIT_BINARY) + " " + args + " > " + log + " 2>&1";
  const int status = std::system(cmd.c_str());
  std::ifstream in(log);
  std::stringstream ss;
  ss << in.rdbuf();
  std::remove(log.c_str());
  return {WEXITSTATUS(status), ss.str()};
}

std::shared_ptr<arrow::Table> ReadParquet(const std::string& path) {
  auto file = arrow::io::ReadableFile::Open(path);
  EXPECT_TRUE(file.ok()) << path;
  auto reader = parquet::arrow::OpenFile(*file, arrow::default_memory_pool());
  EXPECT_TRUE(reader.ok()) << path;
  std::shared_ptr<arrow::Table> table;
  EXPECT_TRUE((*reader)->ReadTable(&table).ok()) << path;
  return table;
}

// The run's table with Target and Profit as float64 (TRADES widens them).
std::shared_ptr<arrow::Table> Widened(const std::shared_ptr<arrow::Table>& t) {
  std::vector<std::shared_ptr<arrow::Field>> fields;
  std::vector<std::shared_ptr<arrow::ChunkedArray>> columns;
  for (int i = 0; i < t->num_columns(); ++i) {
    std::shared_ptr<arrow::ChunkedArray> col = t->column(i);
    std::shared_ptr<arrow::Field> field = t->field(i);
    if ((field->name() == "Target" || field->name() == "Profit") && col->type()->Equals(arrow::int64())) {
      arrow::DoubleBuilder b;
      for (const auto& chunk : col->chunks()) {
        const auto& ints = static_cast<const arrow::Int64Array&>(*chunk);
        for (int64_t k = 0; k < ints.length(); ++k) EXPECT_TRUE(b.Append(static_cast<double>(ints.Value(k))).ok());
      }
      col = std::make_shared<arrow::ChunkedArray>(*b.Finish());
      field = arrow::field(field->name(), arrow::float64());
    }
    fields.push_back(field);
    columns.push_back(col);
  }
  return arrow::Table::Make(arrow::schema(fields), columns);
}

// TRADES rows of one combination (every combination has the run's row count,
// in combination order), without the appended columns; checks the combo ids.
std::shared_ptr<arrow::Table> ComboRows(const std::shared_ptr<arrow::Table>& trades, int64_t combo, int64_t rows_per) {
  const int combo_col = trades->schema()->GetFieldIndex("combo");
  EXPECT_EQ(combo_col, 17);
  std::shared_ptr<arrow::Table> rows = *trades->Slice(combo * rows_per, rows_per)->CombineChunks();
  const auto& ids = static_cast<const arrow::Int64Array&>(*rows->column(combo_col)->chunk(0));
  for (int64_t k = 0; k < ids.length(); ++k) EXPECT_EQ(ids.Value(k), combo);
  for (int i = rows->num_columns() - 1; i >= 17; --i) rows = *rows->RemoveColumn(i);
  return rows;
}

TEST(SweepCli, NqSampleDefaultsEqualPlainRun) {
  const std::string bars = std::string(ORBIT_SHARED_DIR) + "/data/real/NQ_1min_sample.csv";
  if (!fs::exists(bars)) GTEST_SKIP() << "../shared is absent";
  const orbit::testing::UniqueTempDir temp;
  const std::string dir = temp.str();
  const std::string common = "--bars " + bars + " --instrument NQ --input-tz America/New_York --as-of 2023-12-07 --quiet";
  ASSERT_EQ(Orbit("run " + common + " --out " + dir + "/run.parquet").code, 0);
  const Result r = Orbit("sweep " + common + " --out " + dir + "/summary.csv --trades-out " + dir + "/trades.parquet");
  ASSERT_EQ(r.code, 0) << r.out;
  const auto run = *Widened(ReadParquet(dir + "/run.parquet"))->CombineChunks();
  const auto sweep = ComboRows(ReadParquet(dir + "/trades.parquet"), 0, run->num_rows());
  EXPECT_EQ(sweep->num_rows(), 77);
  EXPECT_TRUE(sweep->Equals(*run)) << "sweep:\n" << sweep->ToString() << "\nrun:\n" << run->ToString();
}

TEST(SweepCli, GridDefaultCombinationEqualsPlainRunAndCountComesFirst) {
  const orbit::testing::UniqueTempDir temp;
  const std::string dir = temp.str();
  const std::string bars = dir + "/es.parquet";
  ASSERT_EQ(Orbit("gen --instrument ES --start 2024-03-01 --end 2024-04-30 --seed 4 --out " + bars).code, 0);
  const std::string common = "--bars " + bars + " --instrument ES --as-of 2024-04-20";
  ASSERT_EQ(Orbit("run " + common + " --quiet --out " + dir + "/run.parquet").code, 0);
  const Result r = Orbit("sweep " + common + " --stop-cap 1,3 --t1 0.5,0.65 --threads 2 --out " + dir +
                       "/summary.parquet --trades-out " + dir + "/trades.parquet");
  ASSERT_EQ(r.code, 0) << r.out;
  EXPECT_EQ(r.out.rfind("orbit sweep: 4 combinations\n", 0), 0u) << r.out;
  const auto trades = ReadParquet(dir + "/trades.parquet");
  const auto run = *Widened(ReadParquet(dir + "/run.parquet"))->CombineChunks();
  EXPECT_TRUE(ComboRows(trades, 3, run->num_rows())->Equals(*run));    // stop cap 3.0, T1 0.65: the defaults
  EXPECT_FALSE(ComboRows(trades, 0, run->num_rows())->Equals(*run));   // stop cap 1, T1 0.5 changes rows
  EXPECT_EQ(trades->num_rows(), 4 * run->num_rows());
  const auto summary = ReadParquet(dir + "/summary.parquet");
  EXPECT_EQ(summary->num_rows(), 4 * 7);  // combination x slot
  EXPECT_EQ(summary->schema()->field(0)->name(), "combo");
}

// Every combination of a grid with extreme values (one tick, stop cap below
// the range, T1 just below 1, BE offset 0), two instruments, both target
// modes: its TRADES rows equal `orbit run` with the same option values.
TEST(SweepCli, EveryCombinationEqualsOrbitRunWithThoseValues) {
  const orbit::testing::UniqueTempDir temp;
  const std::string dir = temp.str();
  struct Inst {
    const char* symbol;
    std::vector<std::string> targets;
  };
  for (const Inst& inst : {Inst{"ES", {"0.25", "12.5"}}, Inst{"CL", {"0.01", "0.75"}}}) {
    const std::string bars = dir + "/" + inst.symbol + ".parquet";
    ASSERT_EQ(Orbit(std::string("gen --instrument ") + inst.symbol +
                    " --start 2024-05-01 --end 2024-05-31 --seed 9 --out " + bars).code, 0);
    for (const char* mode : {"fixed", "time"}) {
      const std::vector<std::string> caps{"0.05", "3"}, t1s{"0.999999", "0.4"}, bes{"0", "2"};
      const std::string common = "--bars " + bars + " --instrument " + inst.symbol +
                                 " --as-of 2024-05-30T12:00 --target-mode " + mode + " --quiet";
      const Result r = Orbit("sweep " + common + " --target " + inst.targets[0] + "," + inst.targets[1] +
                             " --stop-cap 0.05,3 --t1 0.999999,0.4 --be-offset 0,2 --out " + dir +
                             "/s.csv --trades-out " + dir + "/t.parquet");
      ASSERT_EQ(r.code, 0) << r.out;
      const auto trades = ReadParquet(dir + "/t.parquet");
      int64_t combo = 0;
      for (const std::string& t : inst.targets)
        for (const std::string& c : caps)
          for (const std::string& f : t1s)
            for (const std::string& b : bes) {
              ASSERT_EQ(Orbit("run " + common + " --target " + t + " --stop-cap " + c + " --t1 " + f +
                              " --be-offset " + b + " --out " + dir + "/run.parquet").code, 0);
              const auto run = *Widened(ReadParquet(dir + "/run.parquet"))->CombineChunks();
              EXPECT_TRUE(ComboRows(trades, combo, run->num_rows())->Equals(*run))
                  << inst.symbol << " " << mode << " target " << t << " stop cap " << c << " t1 " << f << " be " << b;
              ++combo;
            }
      EXPECT_EQ(trades->num_rows() % combo, 0);
    }
  }
}

TEST(SweepCli, BadAxesExitOneNamingOptionAndValueAndWriteNothing) {
  const orbit::testing::UniqueTempDir temp;
  const std::string dir = temp.str();
  const std::string bars = dir + "/es.csv";
  ASSERT_EQ(Orbit("gen --instrument ES --start 2024-03-04 --end 2024-03-08 --out " + bars).code, 0);
  const std::string out = dir + "/summary.csv", trades = dir + "/trades.parquet";
  const std::string common = "sweep --bars " + bars + " --instrument ES --out " + out + " --trades-out " + trades;
  struct Case {
    std::string args, option, value;
  };
  for (const Case& c : std::vector<Case>{{"--target 20:5:1", "--target", "20:5:1"},
                                         {"--target 5:20:0", "--target", "5:20:0"},
                                         {"--target -5", "--target", "-5"},
                                         {"--target 10.1", "--target", "10.1"},
                                         {"--t1 0.5,1", "--t1", "0.5,1"},
                                         {"--t1 1.2", "--t1", "1.2"},
                                         {"--stop-cap 0", "--stop-cap", "0"},
                                         {"--be-offset 0.5", "--be-offset", "0.5"},
                                         {"--slots S1", "--slots", "S1"},
                                         {"--range-start S1-06:00", "--range-start", "S1-06:00"},
                                         {"--target 1:100:1 --stop-cap 1:100:1 --max-combos 1000", "--max-combos",
                                          "10000"},
                                         // the bars (held in memory) would exceed the limit: refused, not exceeded
                                         {"--target 5,10 --memory-limit 100K", "--memory-limit", "MiB"}}) {
    const Result r = Orbit(common + " " + c.args);
    EXPECT_EQ(r.code, 1) << c.args << "\n" << r.out;
    EXPECT_NE(r.out.find(c.option), std::string::npos) << c.args << "\n" << r.out;
    EXPECT_NE(r.out.find(c.value), std::string::npos) << c.args << "\n" << r.out;
    EXPECT_FALSE(fs::exists(out)) << c.args;
    EXPECT_FALSE(fs::exists(trades)) << c.args;
  }
}

}  // namespace

namespace {

std::string FileText(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

// A fresh folder of its own for one test (never a fixed name under TempDir()).
std::string UniqueDir(const std::string& name) {
  std::string pattern = ::testing::TempDir() + "/" + name + "_XXXXXX";
  if (!::mkdtemp(pattern.data())) ADD_FAILURE() << "mkdtemp " << pattern;
  return pattern;
}

// SUMMARY folded per exit (no TRADES asked) equals, byte for byte, SUMMARY
// built from each combination's result table (the path TRADES takes), for
// every grouping, with and without costs, on data where exits differ a lot.
TEST(SweepCli, FoldedSummaryEqualsSummaryOfResultTables) {
  const std::string dir = UniqueDir("orbit_sweep_fold");
  const std::string bars = dir + "/es.parquet";
  ASSERT_EQ(Orbit("gen --instrument ES --start 2024-01-01 --end 2024-06-30 --seed 3 --out " + bars).code, 0);
  for (const char* by : {"slot", "stream", "year"}) {
    for (const char* costs : {"", " --commission 2.5 --slippage 1"}) {
      const std::string common = "sweep --bars " + bars + " --instrument ES --as-of 2024-06-20 --threads 2 --by " +
                                 by + costs + " --target 2:10:2 --stop-cap 0.5,1,3 --t1 0.3,0.65 --be-offset 0,2";
      const Result folded = Orbit(common + " --out " + dir + "/fold.csv --pnl-out " + dir + "/fold_pnl.csv");
      ASSERT_EQ(folded.code, 0) << folded.out;
      EXPECT_NE(folded.out.find("statistics folded per exit"), std::string::npos) << folded.out;
      const Result tables = Orbit(common + " --out " + dir + "/tables.csv --pnl-out " + dir +
                                  "/tables_pnl.csv --trades-out " + dir + "/t.parquet");
      ASSERT_EQ(tables.code, 0) << tables.out;
      EXPECT_NE(tables.out.find("statistics from result tables"), std::string::npos) << tables.out;
      const std::string a = FileText(dir + "/fold.csv"), b = FileText(dir + "/tables.csv");
      EXPECT_GT(std::count(a.begin(), a.end(), '\n'), 60);
      EXPECT_TRUE(a == b) << by << costs;
      EXPECT_TRUE(FileText(dir + "/fold_pnl.csv") == FileText(dir + "/tables_pnl.csv")) << by << costs;
    }
  }
}

}  // namespace

namespace {

// The "peak RSS N MiB" figure `orbit sweep` prints (0 when absent).
double PeakRssMiB(const std::string& out) {
  const size_t at = out.find("peak RSS ");
  return at == std::string::npos ? 0.0 : std::atof(out.c_str() + at + 9);
}

// A SUMMARY-only sweep over bars that do not fit --memory-limit streams them
// (spans of dates with their look-ahead) instead of refusing, and writes the
// same SUMMARY and daily P&L, byte for byte, as the in-memory sweep.
TEST(SweepCli, StreamedSweepUnderMemoryLimitEqualsInMemorySweep) {
  const std::string dir = UniqueDir("orbit_sweep_stream");
  // Two files in time order (the reference's yearly layout), 2023-2024.
  ASSERT_EQ(Orbit("gen --instrument ES --start 2023-01-01 --end 2023-12-31 --seed 5 --out " + dir + "/es_2023.parquet")
                .code,
            0);
  ASSERT_EQ(Orbit("gen --instrument ES --start 2024-01-01 --end 2024-12-31 --seed 6 --out " + dir + "/es_2024.parquet")
                .code,
            0);
  for (const char* by : {"slot", "year"}) {
    const std::string common = "sweep --bars " + dir + "/es_2023.parquet " + dir +
                               "/es_2024.parquet --instrument ES --as-of 2024-12-20 --threads 2 --calendar cme "
                               "--commission 1 --target 4,8 --stop-cap 1,3 --t1 0.5,0.65 --by " +
                               by;
    const Result memory = Orbit(common + " --out " + dir + "/mem.csv --pnl-out " + dir + "/mem_pnl.csv");
    ASSERT_EQ(memory.code, 0) << memory.out;
    EXPECT_EQ(memory.out.find("streamed"), std::string::npos) << memory.out;
    // ~700,000 bars, 33 MiB in memory, more than the limit: streamed in spans
    // of 65,536 bars (the smallest chunk) with their look-ahead.
    const Result streamed = Orbit(common + " --memory-limit 16M --out " + dir + "/str.csv --pnl-out " + dir +
                                  "/str_pnl.csv");
    ASSERT_EQ(streamed.code, 0) << streamed.out;
    EXPECT_NE(streamed.out.find("bars streamed in"), std::string::npos) << streamed.out;
    // The process itself (Arrow, Parquet) is ~40 MiB; the in-memory sweep
    // adds the two years of bars and their entries, the streamed one a span.
    EXPECT_GT(PeakRssMiB(streamed.out), 0.0) << streamed.out;
#if !defined(__SANITIZE_ADDRESS__)  // under ASan its shadow memory and quarantine dominate RSS
    EXPECT_LT(PeakRssMiB(streamed.out) + 15.0, PeakRssMiB(memory.out)) << streamed.out << memory.out;
#endif
    const std::string a = FileText(dir + "/mem.csv");
    EXPECT_GT(std::count(a.begin(), a.end(), '\n'), 8);
    EXPECT_TRUE(a == FileText(dir + "/str.csv")) << by;
    EXPECT_TRUE(FileText(dir + "/mem_pnl.csv") == FileText(dir + "/str_pnl.csv")) << by;
    // Parquet too.
    ASSERT_EQ(Orbit(common + " --mode stream --out " + dir + "/str.parquet").code, 0);
    ASSERT_EQ(Orbit(common + " --out " + dir + "/mem.parquet").code, 0);
    EXPECT_TRUE(ReadParquet(dir + "/str.parquet")->Equals(*ReadParquet(dir + "/mem.parquet"))) << by;
  }
  // More combinations than a pass holds statistics for under the limit: the
  // bars are read once per pass of combinations; still the same files.
  const std::string grid = "sweep --bars " + dir + "/es_2023.parquet " + dir +
                           "/es_2024.parquet --instrument ES --as-of 2024-12-20 --threads 2 --target 4:8:1 "
                           "--stop-cap 1:4:1 --t1 0.5:0.8:0.1 --be-offset 0,1 --by slot";
  ASSERT_EQ(Orbit(grid + " --quiet --out " + dir + "/mem80.csv --pnl-out " + dir + "/mem80_pnl.parquet").code, 0);
  const Result passes =
      Orbit(grid + " --memory-limit 1M --out " + dir + "/str80.csv --pnl-out " + dir + "/str80_pnl.parquet");
  ASSERT_EQ(passes.code, 0) << passes.out;
  EXPECT_NE(passes.out.find(" passes)"), std::string::npos) << passes.out;  // 160 combinations, <= 81 a pass
  EXPECT_TRUE(FileText(dir + "/mem80.csv") == FileText(dir + "/str80.csv"));
  EXPECT_TRUE(ReadParquet(dir + "/str80_pnl.parquet")->Equals(*ReadParquet(dir + "/mem80_pnl.parquet")));
}

}  // namespace
