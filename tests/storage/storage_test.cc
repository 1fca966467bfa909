// Storage: URIs, atomic output through a filesystem URI, discovery over a
// URI, and the pipeline's analysed spans (the unit of orbit.dask).
#include <arrow/io/interfaces.h>
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <sstream>

#include "core/error.h"
#include "core/output_set.h"
#include "gen/synthetic_bars.h"
#include "pipeline/run_pipeline.h"
#include "sink/result_writer.h"
#include "source/file_discovery.h"
#include "storage/atomic_output.h"
#include "storage/location.h"
#include "support/temp_dir.h"

namespace orbit {
namespace {

namespace fs = std::filesystem;

fs::path WorkDir(const std::string& name) {
  static const orbit::testing::UniqueTempDir root;  // this process's own (tests/support/temp_dir.h)
  const fs::path dir = root.path() / name;
  fs::remove_all(dir);
  fs::create_directories(dir);
  return fs::absolute(dir);
}

std::string ReadAll(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

TEST(Location, TellsUrisFromPaths) {
  EXPECT_TRUE(storage::IsUri("s3://bucket/key"));
  EXPECT_TRUE(storage::IsUri("file:///tmp/x"));
  EXPECT_TRUE(storage::IsUri("gs://b/k.parquet"));
  EXPECT_FALSE(storage::IsUri("/tmp/x.parquet"));
  EXPECT_FALSE(storage::IsUri("data/ES/1m"));
  EXPECT_FALSE(storage::IsUri("C:/x"));
  EXPECT_FALSE(storage::IsUri("://x"));
  EXPECT_EQ(storage::DisplayName("s3://b/k.parquet?endpoint_override=127.0.0.1:9&scheme=http"), "s3://b/k.parquet");
  EXPECT_EQ(storage::DisplayName("/tmp/a?b.csv"), "/tmp/a?b.csv");  // a local name may hold '?'
}

TEST(Location, RefusesCredentialsInTheUri) {
  try {
    storage::Resolve("s3://bucket/key?region=us-east-1&secret_key=SECRET123&access_key=AKIA");
    FAIL() << "accepted credentials";
  } catch (const Error& e) {
    EXPECT_EQ(e.kind(), ErrorKind::kUsage);
    EXPECT_EQ(std::string(e.what()).find("SECRET123"), std::string::npos) << e.what();
    EXPECT_NE(std::string(e.what()).find("AWS_ACCESS_KEY_ID"), std::string::npos) << e.what();
  }
}

// An OutputSet of URI destinations (what --out s3://... uses), with the
// storage layer's publisher installed.
void WriteThroughOutputSet(const std::string& uri, const std::string& contents) {
  storage::EnableUriOutputs();
  OutputSet outputs;
  outputs.Declare(uri, "--out");
  outputs.StageContents(uri, contents);
  outputs.Commit();
}

TEST(AtomicOutput, WritesThroughAFileUriWithoutLeavingTemporaries) {
  const fs::path dir = WorkDir("atomic_uri");
  const std::string uri = "file://" + (dir / "sub" / "out.csv").string();
  WriteThroughOutputSet(uri, "a,b\n1,2\n");
  EXPECT_EQ(ReadAll(dir / "sub" / "out.csv"), "a,b\n1,2\n");
  WriteThroughOutputSet(uri, "replaced\n");
  EXPECT_EQ(ReadAll(dir / "sub" / "out.csv"), "replaced\n");
  size_t entries = 0;
  for ([[maybe_unused]] const auto& e : fs::directory_iterator(dir / "sub")) ++entries;
  EXPECT_EQ(entries, 1u);
}

TEST(AtomicOutput, AnUncommittedOutputLeavesNothing) {
  const fs::path dir = WorkDir("atomic_abort");
  {
    storage::AtomicOutput out("file://" + (dir / "never.parquet").string());
    ASSERT_TRUE(out.stream().Write("partial", 7).ok());
  }  // destroyed without Commit: e.g. an exception while writing
  EXPECT_TRUE(fs::is_empty(dir));
  {
    storage::EnableUriOutputs();
    OutputSet outputs;
    const std::string uri = "file://" + (dir / "staged.csv").string();
    outputs.Declare(uri, "--out");
    outputs.StageContents(uri, "never committed");
  }
  EXPECT_TRUE(fs::is_empty(dir));
}

TEST(AtomicOutput, NamesTheUriWhenTheDestinationCannotBeWritten) {
  const fs::path dir = WorkDir("atomic_fail");
  std::ofstream(dir / "file") << "x";
  try {
    WriteThroughOutputSet("file://" + (dir / "file" / "below.csv").string(), "x");
    FAIL() << "wrote below a file";
  } catch (const Error& e) {
    EXPECT_EQ(e.kind(), ErrorKind::kIo);
    EXPECT_NE(std::string(e.what()).find("below.csv"), std::string::npos) << e.what();
  }
}

// Hive folders, found locally and through a file:// URI: same files, order and
// partition pruning; URI inputs keep the URI to open and show it without query.
TEST(Discovery, AFileUriFolderListsLikeTheLocalFolder) {
  const fs::path dir = WorkDir("discovery");
  for (const char* rel : {"instrument=ES/b.parquet", "instrument=ES/a.parquet", "instrument=NQ/a.parquet",
                          "instrument=ES/notes.txt", "instrument=ES/x/c.csv"}) {
    fs::create_directories((dir / rel).parent_path());
    std::ofstream(dir / rel) << "x";
  }
  const auto local = source::DiscoverInputFiles({dir.string()}, {"ES"});
  const auto remote = source::DiscoverInputFiles({"file://" + dir.string()}, {"ES"});
  ASSERT_EQ(local.size(), 3u);
  ASSERT_EQ(remote.size(), local.size());
  for (size_t i = 0; i < local.size(); ++i) {
    EXPECT_EQ(remote[i].path, "file://" + local[i].path);
    EXPECT_EQ(remote[i].location, remote[i].path);
    EXPECT_EQ(remote[i].format, local[i].format);
    EXPECT_EQ(remote[i].partition_instrument, "ES");
  }
  try {
    source::DiscoverInputFiles({"file://" + (dir / "missing.parquet").string()}, {"ES"});
    FAIL();
  } catch (const Error& e) {
    EXPECT_EQ(e.kind(), ErrorKind::kIo);
    EXPECT_NE(std::string(e.what()).find("File not found: file://"), std::string::npos) << e.what();
  }
}

pipeline::PipelineRequest EsRequest(const std::string& path) {
  pipeline::PipelineRequest r;
  r.read.paths = {path};
  r.read.instruments = {"ES"};
  r.read.default_instrument = "ES";
  r.bind = [](const std::string& symbol) {
    pipeline::InstrumentRun run;
    run.params.instrument = symbol;
    run.context.zone = &calendar::TimeZone::Chicago();
    run.context.instrument = strategy::ValidateRunParams(run.params, {});
    run.context.as_of_ns = 1'700'000'000'000'000'000;
    return run;
  };
  r.threads = 1;
  return r;
}

std::string CsvOf(const engine::ResultTable& t) {
  return sink::ResultCsvText(t, calendar::TimeZone::Chicago());
}

class Spans : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    path_ = new std::string((WorkDir("spans") / "es.parquet").string());
    gen::GenOptions g;
    g.instrument = *FindInstrument("ES");
    g.start = cctz::civil_day(2023, 10, 1);
    g.end = cctz::civil_day(2024, 1, 31);
    g.seed = 11;
    gen::WriteSyntheticBars(g, *path_);
  }
  static void TearDownTestSuite() { delete path_; }
  static std::string* path_;
};
std::string* Spans::path_ = nullptr;

// Spans cut inside the DST week (Friday 2023-11-03 | Saturday), on a Friday
// whose trades expire on Monday (look-ahead), and across Christmas and New
// Year: their rows, concatenated, are the single run's rows, in memory and
// streaming, and from a file:// URI.
TEST_F(Spans, ConcatenatedSpansEqualOneRun) {
  const auto whole = pipeline::RunPipeline(EsRequest(*path_));
  ASSERT_EQ(whole.tables.size(), 1u);
  const engine::ResultTable& expected = whole.tables[0].second;
  ASSERT_GT(expected.rows.size(), 100u);
  const std::vector<cctz::civil_day> cuts = {cctz::civil_day(2023, 9, 1),   cctz::civil_day(2023, 11, 3),
                                             cctz::civil_day(2023, 11, 10), cctz::civil_day(2023, 12, 24),
                                             cctz::civil_day(2023, 12, 31), cctz::civil_day(2024, 3, 1)};
  for (const auto mode : {pipeline::ExecutionMode::kInMemory, pipeline::ExecutionMode::kStreaming}) {
    for (const std::string& path : {*path_, "file://" + *path_}) {
      std::vector<strategy::TradeRow> rows;
      for (size_t k = 0; k + 1 < cuts.size(); ++k) {
        pipeline::PipelineRequest r = EsRequest(path);
        r.mode = mode;
        r.stream_chunk_bars = 5000;
        r.analyze_from = cuts[k] + (k == 0 ? 0 : 1);
        r.analyze_to = cuts[k + 1];
        const auto part = pipeline::RunPipeline(r);
        ASSERT_EQ(part.tables.size(), 1u);
        const auto& t = part.tables[0].second;
        rows.insert(rows.end(), t.rows.begin(), t.rows.end());
        EXPECT_EQ(t.target_is_int, expected.target_is_int);
      }
      engine::ResultTable joined = expected;
      joined.rows = rows;
      EXPECT_EQ(CsvOf(joined), CsvOf(expected)) << path;
    }
  }
}

// A span reads its own bars plus the look-ahead only (row groups pruned), and
// a span without bars is an empty table, not an error.
TEST_F(Spans, ReadsOnlyTheSpanAndAcceptsEmptySpans) {
  pipeline::PipelineRequest r = EsRequest(*path_);
  r.analyze_from = cctz::civil_day(2023, 12, 1);
  r.analyze_to = cctz::civil_day(2023, 12, 31);
  const auto part = pipeline::RunPipeline(r);
  EXPECT_GT(part.row_groups_skipped, 0u);
  for (const auto& row : part.tables[0].second.rows) EXPECT_EQ(row.date.month(), 12) << row.date;
  r.analyze_from = cctz::civil_day(2030, 1, 1);
  r.analyze_to = cctz::civil_day(2030, 12, 31);
  const auto empty = pipeline::RunPipeline(r);
  ASSERT_EQ(empty.tables.size(), 1u);
  EXPECT_TRUE(empty.tables[0].second.rows.empty());
}

}  // namespace
}  // namespace orbit
