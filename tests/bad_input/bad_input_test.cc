// tests/bad_input/bad_input_test.cc
//
// Data-driven robustness tests of the `orbit` binary:
//   * BadInput/Case.*      one test per line of cases.tsv: exit code, a stderr
//                          substring, no partial output on failure, no stray
//                          temporary files, optional "same output as" check;
//   * AtomicOutput.*       SIGKILL `orbit run` at random moments: the
//                          destination is absent or complete;
//   * Determinism.*        byte-identical output across repeated runs,
//                          --threads 1/2 and --mode memory/stream.
//
// cases.tsv columns (tab-separated; '#' lines are comments):
//   name  args  exit  stderr-substring|-  same-as-bars|-
// args are split on spaces; placeholders: {data} the corpus folder,
// {reg} fuzz regressions, {bad} ../shared/data/parquet-bad (case skipped when
// absent), {out} an empty per-case output folder, {std} = "--as-of
// 2024-02-01T00:00 --quiet --out {out}/r.csv".
#include <fcntl.h>
#include <gtest/gtest.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <random>
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
const std::string kReg = kSource + "/tests/bad_input/fuzz_regressions";
const std::string kBad = kSource + "/../shared/data/parquet-bad";
// Everything this process writes lives in its own directory (CTest runs tests
// as parallel processes; tests/support/temp_dir.h), removed when it exits.
const std::string& Work() {
  static const orbit::testing::UniqueTempDir dir;
  static const std::string path = dir.str();
  return path;
}

struct Case {
  std::string name, args;
  int exit_code = 0;
  std::string expect, same_as;
};

void PrintTo(const Case& c, std::ostream* os) { *os << c.name; }

std::vector<Case> LoadCases() {
  std::vector<Case> cases;
  std::ifstream in(kSource + "/tests/bad_input/cases.tsv");
  std::string line;
  while (std::getline(in, line)) {
    if (line.empty() || line[0] == '#') continue;
    std::vector<std::string> f;
    std::stringstream ss(line);
    std::string cell;
    while (std::getline(ss, cell, '\t')) f.push_back(cell);
    if (f.size() < 3) continue;
    Case c;
    c.name = f[0];
    c.args = f[1];
    c.exit_code = std::stoi(f[2]);
    if (f.size() > 3 && f[3] != "-") c.expect = f[3];
    if (f.size() > 4 && f[4] != "-") c.same_as = f[4];
    cases.push_back(c);
  }
  return cases;
}

std::string ReplaceAll(std::string s, const std::string& from, const std::string& to) {
  for (size_t p = s.find(from); p != std::string::npos; p = s.find(from, p + to.size())) s.replace(p, from.size(), to);
  return s;
}

std::vector<std::string> Expand(const std::string& args, const std::string& out) {
  std::string s = ReplaceAll(args, "{std}", "--as-of 2024-02-01T00:00 --quiet --out {out}/r.csv");
  s = ReplaceAll(s, "{data}", kData);
  s = ReplaceAll(s, "{reg}", kReg);
  s = ReplaceAll(s, "{bad}", kBad);
  s = ReplaceAll(s, "{out}", out);
  std::vector<std::string> argv;
  std::stringstream ss(s);
  std::string tok;
  while (ss >> tok) argv.push_back(tok == "''" ? "" : tok);
  return argv;
}

struct RunResult {
  int code;
  std::string err;
};

RunResult RunOrbit(const std::vector<std::string>& args, const std::string& cwd) {
  const std::string err_path = cwd + "/stderr.txt";
  const int code = WaitForExit(SpawnOrbit(args, cwd, err_path));
  return {code, ReadFile(err_path)};
}

std::vector<std::string> ListDir(const std::string& dir) {
  std::vector<std::string> names;
  for (const auto& e : fs::directory_iterator(dir)) names.push_back(e.path().filename().string());
  std::sort(names.begin(), names.end());
  return names;
}

// The OutputSet's temporary names: ".orbit-<16 hex>-<pid>.tmp".
bool IsTemporaryName(const std::string& name) {
  return name.rfind(".orbit-", 0) == 0 && name.size() > 11 && name.compare(name.size() - 4, 4, ".tmp") == 0;
}

class BadInput : public ::testing::TestWithParam<Case> {};

TEST_P(BadInput, Case) {
  const Case& c = GetParam();
  SCOPED_TRACE("orbit " + c.args);
  if (c.args.find("{bad}") != std::string::npos && !fs::is_directory(kBad)) GTEST_SKIP() << kBad << " not present";
  const std::string dir = Work() + "/cases/" + c.name;
  fs::remove_all(dir);
  fs::create_directories(dir + "/out");
  const std::vector<std::string> args = Expand(c.args, dir + "/out");
  const RunResult r = RunOrbit(args, dir);
  EXPECT_EQ(r.code, c.exit_code) << "stderr:\n" << r.err;
  EXPECT_LT(r.code, 5) << "crashed (signal " << r.code - 128 << "); stderr:\n" << r.err;
  if (!c.expect.empty()) {
    EXPECT_NE(r.err.find(c.expect), std::string::npos) << "stderr lacks '" << c.expect << "':\n" << r.err;
  }
  if (r.code != 0) {
    EXPECT_NE(r.err.find_first_not_of(" \n"), std::string::npos) << "a failure must say why on stderr";
    EXPECT_TRUE(ListDir(dir + "/out").empty()) << "failed run left files in the output folder";
  } else if (c.args.find("{out}/r.csv") != std::string::npos || c.args.find("{std}") != std::string::npos) {
    EXPECT_EQ(ListDir(dir + "/out"), std::vector<std::string>{"r.csv"}) << "stray files beside the output";
  }
  // No temporary file may remain anywhere in the case folder either.
  for (const auto& e : fs::recursive_directory_iterator(dir)) {
    EXPECT_FALSE(IsTemporaryName(e.path().filename().string())) << e.path();
  }
  if (!c.same_as.empty() && r.code == 0) {
    // Same arguments with another --bars value must give the same bytes.
    std::vector<std::string> ref_args = args;
    const std::string ref_dir = dir + "/ref";
    fs::create_directories(ref_dir + "/out");
    for (size_t i = 0; i + 1 < ref_args.size(); ++i) {
      if (ref_args[i] == "--bars") ref_args[i + 1] = Expand(c.same_as, "")[0];
      if (ref_args[i] == "--out") ref_args[i + 1] = ref_dir + "/out/r.csv";
    }
    const RunResult ref = RunOrbit(ref_args, ref_dir);
    ASSERT_EQ(ref.code, 0) << ref.err;
    EXPECT_EQ(ReadFile(dir + "/out/r.csv"), ReadFile(ref_dir + "/out/r.csv")) << "output differs from " << c.same_as;
  }
}

INSTANTIATE_TEST_SUITE_P(Tsv, BadInput, ::testing::ValuesIn(LoadCases()),
                         [](const ::testing::TestParamInfo<Case>& info) { return info.param.name; });

// One generated year of ES bars shared by the slow tests.
const std::string& YearFile() {
  static const std::string path = [] {
    const std::string dir = Work() + "/year";
    fs::create_directories(dir);
    const std::string file = dir + "/es_2024.parquet";
    if (!fs::exists(file)) {
      // Tests run in parallel processes: each generates under its own name,
      // then renames (atomic; the bytes are the same whoever wins).
      const std::string part = file + "." + std::to_string(getpid()) + ".parquet";
      const RunResult r = RunOrbit({"gen", "--instrument", "ES", "--start", "2024-01-01", "--end", "2024-12-31",
                                    "--seed", "7", "--quiet", "--out", part},
                                   dir);
      if (r.code != 0) return std::string();
      fs::rename(part, file);
    }
    return file;
  }();
  return path;
}

std::vector<std::string> YearRun(const std::string& out, std::vector<std::string> extra = {}) {
  std::vector<std::string> a = {"run", "--bars", YearFile(), "--instrument", "ES", "--as-of", "2025-01-01T00:00",
                                "--quiet", "--out", out};
  a.insert(a.end(), extra.begin(), extra.end());
  return a;
}

TEST(Determinism, ByteIdenticalAcrossRunsThreadsAndModes) {
  ASSERT_FALSE(YearFile().empty()) << "orbit gen failed";
  const std::string dir = Work() + "/determinism";
  fs::remove_all(dir);
  fs::create_directories(dir);
  for (const char* ext : {".csv", ".parquet"}) {
    std::string first;
    int n = 0;
    for (const std::vector<std::string>& extra :
         std::vector<std::vector<std::string>>{{"--threads", "1"}, {"--threads", "2"}, {"--threads", "1"},
                                               {"--threads", "2"}, {"--threads", "2", "--mode", "stream"},
                                               {"--threads", "1", "--mode", "memory"}}) {
      const std::string out = dir + "/r" + std::to_string(n++) + ext;
      const RunResult r = RunOrbit(YearRun(out, extra), dir);
      ASSERT_EQ(r.code, 0) << r.err;
      const std::string bytes = ReadFile(out);
      ASSERT_GT(bytes.size(), 1000u);
      if (first.empty()) first = bytes;
      EXPECT_TRUE(bytes == first) << out << " differs from the first run (" << extra[0] << " " << extra[1] << ")";
    }
  }
}

TEST(AtomicOutput, KilledRunsLeaveNothingOrACompleteFile) {
  ASSERT_FALSE(YearFile().empty()) << "orbit gen failed";
  const std::string dir = Work() + "/atomic";
  fs::remove_all(dir);
  fs::create_directories(dir);
  std::mt19937 rng(12345);
  const auto budget = std::chrono::seconds(10);  // split between CSV and Parquet
  for (const char* ext : {".csv", ".parquet"}) {
    // Full runs give the reference bytes and the duration to aim the kills at.
    const std::string ref = dir + "/ref" + ext;
    const auto r0 = std::chrono::steady_clock::now();
    const RunResult full = RunOrbit(YearRun(ref), dir);
    ASSERT_EQ(full.code, 0) << full.err;
    const auto full_us =
        std::chrono::duration_cast<std::chrono::microseconds>(std::chrono::steady_clock::now() - r0).count();
    const std::string expected = ReadFile(ref);
    int killed = 0, finished = 0, absent = 0;
    const auto te = std::chrono::steady_clock::now();
    for (int i = 0; i < 400 && std::chrono::steady_clock::now() - te < budget / 2; ++i) {
      const std::string out_dir = dir + "/k" + std::to_string(i);
      fs::create_directories(out_dir);
      const std::string out = out_dir + "/r" + ext;
      const pid_t pid = SpawnOrbit(YearRun(out), dir, dir + "/stderr.txt");
      std::uniform_int_distribution<long> delay(0, full_us + full_us / 4);
      std::this_thread::sleep_for(std::chrono::microseconds(delay(rng)));
      kill(pid, SIGKILL);
      const int code = WaitForExit(pid);
      code == 128 + SIGKILL ? ++killed : ++finished;
      if (!fs::exists(out)) {
        ++absent;
      } else {
        EXPECT_TRUE(ReadFile(out) == expected) << "iteration " << i << ": " << out << " is partial or different";
      }
      // A SIGKILLed run cannot remove its temporary file; it must only ever
      // be the hidden ".orbit-<hash>-<pid>.tmp" beside the destination.
      for (const std::string& name : ListDir(out_dir))
        EXPECT_TRUE(name == "r" + std::string(ext) || IsTemporaryName(name)) << name;
      fs::remove_all(out_dir);
    }
    std::printf("%s: %d killed, %d finished first, %d left no file (full run %ld us)\n", ext, killed, finished, absent,
                static_cast<long>(full_us));
    EXPECT_GT(killed, 0);
  }
}

// SIGINT and SIGTERM at random moments (scan, analysis, write): the run exits
// 130/143 and removes its temporaries, and the previous destination stays
// intact; or it finished first and wrote the complete file.
TEST(AtomicOutput, InterruptedRunsRemoveTheirTemporariesAndKeepThePreviousFile) {
  ASSERT_FALSE(YearFile().empty()) << "orbit gen failed";
  const std::string dir = Work() + "/signals";
  fs::remove_all(dir);
  fs::create_directories(dir);
  std::mt19937 rng(4242);
  const std::string ref = dir + "/ref.csv";
  const auto r0 = std::chrono::steady_clock::now();
  ASSERT_EQ(RunOrbit(YearRun(ref), dir).code, 0);
  const auto full_us =
      std::chrono::duration_cast<std::chrono::microseconds>(std::chrono::steady_clock::now() - r0).count();
  const std::string expected = ReadFile(ref);
  int stopped = 0, finished = 0;
  for (int i = 0; i < 40; ++i) {
    const int sig = i % 2 == 0 ? SIGINT : SIGTERM;
    const std::string out_dir = dir + "/s" + std::to_string(i);
    fs::create_directories(out_dir);
    const std::string out = out_dir + "/r.csv";
    { std::ofstream(out) << "previous contents\n"; }
    const pid_t pid = SpawnOrbit(YearRun(out), dir, dir + "/stderr.txt");
    std::uniform_int_distribution<long> delay(full_us / 10, full_us + full_us / 4);
    std::this_thread::sleep_for(std::chrono::microseconds(delay(rng)));
    kill(pid, sig);
    const int code = WaitForExit(pid);
    if (code == 0) {
      ++finished;
      EXPECT_TRUE(ReadFile(out) == expected) << "iteration " << i << ": finished run wrote a different file";
    } else {
      ++stopped;
      EXPECT_EQ(code, 128 + sig) << "iteration " << i << ": " << ReadFile(dir + "/stderr.txt");
      // The previous file, or - when the signal came after the commit, as the
      // process was exiting - the complete new one; never anything else.
      const std::string now = ReadFile(out);
      EXPECT_TRUE(now == "previous contents\n" || now == expected)
          << "iteration " << i << ": the destination is neither the previous nor the complete file";
    }
    EXPECT_EQ(ListDir(out_dir), std::vector<std::string>{"r.csv"}) << "iteration " << i << ": a temporary remains";
  }
  std::printf("signals: %d stopped, %d finished first (full run %ld us)\n", stopped, finished,
              static_cast<long>(full_us));
  EXPECT_GT(stopped, 0);
}

// Several runs writing one destination at once: each commits a complete file
// (the last rename wins), none fails, no temporary remains.
TEST(AtomicOutput, ConcurrentWritersToOneDestination) {
  ASSERT_FALSE(YearFile().empty()) << "orbit gen failed";
  const std::string dir = Work() + "/concurrent";
  fs::remove_all(dir);
  fs::create_directories(dir + "/out");
  const std::string ref = dir + "/ref.parquet";
  ASSERT_EQ(RunOrbit(YearRun(ref), dir).code, 0);
  const std::string out = dir + "/out/r.parquet";
  for (int round = 0; round < 3; ++round) {
    std::vector<pid_t> pids;
    for (int k = 0; k < 4; ++k)
      pids.push_back(SpawnOrbit(YearRun(out, {"--threads", "1"}), dir, dir + "/stderr" + std::to_string(k) + ".txt"));
    for (size_t k = 0; k < pids.size(); ++k)
      EXPECT_EQ(WaitForExit(pids[k]), 0) << ReadFile(dir + "/stderr" + std::to_string(k) + ".txt");
    EXPECT_TRUE(ReadFile(out) == ReadFile(ref)) << "round " << round;
    EXPECT_EQ(ListDir(dir + "/out"), std::vector<std::string>{"r.parquet"}) << "round " << round;
  }
}

}  // namespace
