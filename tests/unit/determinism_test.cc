// Output is byte-identical for every thread count, day-chunk size and
// execution mode (in memory vs streaming with any flush size).
#include <gtest/gtest.h>

#include <filesystem>

#include "calendar/time_zone.h"
#include "engine/analyzer.h"
#include "gen/synthetic_bars.h"
#include "sink/result_writer.h"
#include "pipeline/run_pipeline.h"
#include "support/temp_dir.h"

namespace orbit {
namespace {

gen::GenOptions ThreeMonthsEs() {
  gen::GenOptions o;
  o.instrument = *FindInstrument("ES");
  o.start = cctz::civil_day(2024, 9, 1);
  o.end = cctz::civil_day(2024, 11, 30);  // spans the autumn DST change
  o.seed = 3;
  return o;
}

strategy::RangeContext Context(const strategy::Fixes& fixes = {}) {
  strategy::RangeContext ctx;
  ctx.zone = &calendar::TimeZone::Chicago();
  ctx.instrument = *FindInstrument("ES");
  ctx.as_of_ns = calendar::TimeZone::Chicago().ToInstant(cctz::civil_second(2024, 11, 28, 12, 0, 0));
  ctx.fixes = fixes;
  return ctx;
}

TEST(Determinism, ThreadsAndChunkSizes) {
  source::BarColumns bars;
  gen::GenerateBars(ThreeMonthsEs(), [&](const gen::GeneratedBar& b) {
    bars.Append(b.ts_ns, b.open, b.high, b.low, b.close);
  });
  strategy::RunParams params;
  params.instrument = "ES";
  std::string baseline;
  for (int threads : {1, 2, 3}) {
    for (size_t chunk : {1, 7, 16, 1000}) {
      engine::AnalyzeOptions options;
      options.threads = threads;
      options.chunk_days = chunk;
      const std::string csv = sink::ResultCsvText(engine::Analyze(bars.view(), params, Context(), options),
                                                calendar::TimeZone::Chicago());
      if (baseline.empty()) baseline = csv;
      EXPECT_EQ(csv, baseline) << "threads " << threads << " chunk " << chunk;
    }
  }
  EXPECT_GT(std::count(baseline.begin(), baseline.end(), '\n'), 400);
  // The common result types all show up in three months of synthetic data.
  for (const char* result : {",Win,", ",Loss,", ",BE,", ",NoTrade,"})
    EXPECT_NE(baseline.find(result), std::string::npos) << result;
}

TEST(Determinism, StreamingMatchesInMemory) {
  const orbit::testing::UniqueTempDir temp;
  const std::string path = temp / "es.parquet";
  gen::WriteSyntheticBars(ThreeMonthsEs(), path);
  pipeline::PipelineRequest request;
  request.read.paths = {path};
  request.read.instruments = {"ES"};
  request.bind = [](const std::string& symbol) {
    pipeline::InstrumentRun run;
    run.params.instrument = symbol;
    run.context = Context();
    return run;
  };
  std::string baseline;
  for (auto [mode, chunk] : {std::pair{pipeline::ExecutionMode::kInMemory, size_t{0}},
                             std::pair{pipeline::ExecutionMode::kStreaming, size_t{1}},
                             std::pair{pipeline::ExecutionMode::kStreaming, size_t{5000}},
                             std::pair{pipeline::ExecutionMode::kStreaming, size_t{40000}}}) {
    request.mode = mode;
    request.stream_chunk_bars = chunk;
    for (int threads : {1, 2}) {
      request.threads = threads;
      const pipeline::PipelineResult result = pipeline::RunPipeline(request);
      ASSERT_EQ(result.tables.size(), 1u);
      EXPECT_EQ(result.streamed, mode == pipeline::ExecutionMode::kStreaming);
      const std::string csv = sink::ResultCsvText(result.tables[0].second, calendar::TimeZone::Chicago());
      if (baseline.empty()) baseline = csv;
      EXPECT_EQ(csv, baseline) << "chunk " << chunk << " threads " << threads;
    }
  }
  std::filesystem::remove(path);
}

}  // namespace
}  // namespace orbit
