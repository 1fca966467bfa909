// include/orbit/run.h
//
// orbit::Run: the one way to run the analyzer (Arrow's scan -> batch ->
// consumer shape): a BarSource is scanned, the engine analyses every requested
// instrument, and a ResultSink receives the finished tables.
//
//   orbit::RunSpec spec = orbit::ParseRunOptions({{"instrument", "ES"}, {"slots", "S1:07:30"}});
//   orbit::RunResult r = orbit::Run(spec, orbit::BarSource::Files({"bars/"}),
//                                   orbit::ResultSink::File("results.csv"));
//
// Rules that hold for every front end:
//  - a Files source must hold bars of every instrument named in the spec
//    (Error kBadInput naming the instrument and the ones found); an Arrow
//    stream source (a DataFrame in Python) gives an empty table and a warning
//    instead, as the reference's run_strategy does (spec §1.5);
//  - "all" with no instrument in the data is Error(kBadInput);
//  - a file sink writes nothing unless the whole run succeeds (OutputSet);
//  - RunControl::stop ends the run early with orbit::Interrupted.
#pragma once

#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "core/output_set.h"
#include "engine/known_issues.h"
#include "engine/progress.h"
#include "engine/result_table.h"
#include "engine/stop_flag.h"
#include "orbit/run_spec.h"
#include "pipeline/run_pipeline.h"

namespace arrow {
class RecordBatchReader;
class Table;
}  // namespace arrow

namespace orbit {

class BarSource {
 public:
  // CSV/Parquet files and folders (reference layout, hive folders, any folder).
  static BarSource Files(std::vector<std::string> paths);
  // Any Arrow record batch stream; `name` stands for the file in messages.
  static BarSource ArrowStream(std::shared_ptr<arrow::RecordBatchReader> reader, std::string name);

  bool is_stream() const { return stream_ != nullptr; }
  const std::vector<std::string>& paths() const { return paths_; }
  arrow::RecordBatchReader* stream() const { return stream_.get(); }
  const std::string& stream_name() const { return stream_name_; }

 private:
  std::vector<std::string> paths_;
  std::shared_ptr<arrow::RecordBatchReader> stream_;
  std::string stream_name_;
};

struct InstrumentResult {
  std::string symbol;
  engine::ResultTable table;
  engine::ResultSummary summary;
  pipeline::InstrumentStats stats;
};

struct RunResult {
  std::vector<InstrumentResult> instruments;  // in symbol order
  std::vector<std::string> warnings;          // spec notes first, then the data's, then known issues
  // Reference behaviours (KI-03, KI-04) that decided rows of this result,
  // summed over the instruments; each is also one of `warnings`.
  std::vector<engine::KnownIssueCount> known_issues;
  std::vector<std::string> outputs;           // files a File sink staged (committed unless deferred)
  bool streamed = false;
  int threads = 1;
  int64_t as_of_ns = 0;
  int64_t projected_bytes = 0;
  size_t files = 0, rows_read = 0, row_groups_skipped = 0;
  double scan_seconds = 0, analyze_seconds = 0, write_seconds = 0;
};

class ResultSink {
 public:
  // Writes the result to `path` by its extension (.csv, .csv.gz, .csv.zst,
  // .parquet): one instrument's table, or several instruments combined into
  // one table. An empty `path` writes the reference's default file per
  // instrument (data/manual_analyzer_runs/<today>/breakout_...parquet), and a
  // path ending in '/' writes those default names into that folder.
  // `outputs`: an OutputSet to stage into (the caller commits it together with
  // its other outputs); null = Run commits at its end.
  static ResultSink File(std::string path, OutputSet* outputs = nullptr);
  // Each instrument's result table as Arrow (Date as 'YYYY-MM-DD' text).
  static ResultSink Arrow(std::function<void(const InstrumentResult&, std::shared_ptr<arrow::Table>)> consumer);
  // Each instrument's result as the engine's table.
  static ResultSink Callback(std::function<void(const InstrumentResult&)> consumer);

  // Checks the destination before any work (extension, folder, inputs);
  // called by Run. Errors as OutputSet::Declare / ResultFormatFor.
  void Prepare(const RunSpec& spec, const BarSource& source) const;
  // Delivers the finished result; called by Run.
  void Deliver(RunResult& result) const;

 private:
  enum class Kind { kFile, kArrow, kCallback } kind_ = Kind::kCallback;
  std::string path_;
  OutputSet* outputs_ = nullptr;
  std::shared_ptr<OutputSet> owned_outputs_;
  std::function<void(const InstrumentResult&, std::shared_ptr<arrow::Table>)> arrow_;
  std::function<void(const InstrumentResult&)> callback_;
};

// The instant that decides OPEN vs TIME for a job: spec.as_of_ns, else now.
// Read it once per job.
int64_t AsOfNs(const RunSpec& spec);

// How `spec` reads `source` (paths, instruments, zone, policies, dates, CSV
// format): the reader options of every job on the front door (Run, sweeps).
// `input_zone` (the spec's --input-tz) must outlive the options.
source::BarReadOptions BarReadOptionsFor(const RunSpec& spec, const BarSource& source,
                                         const calendar::TimeZone* input_zone);

struct RunControl {
  bool progress = false;                // time-based progress on stderr
  engine::ProgressSink progress_sink;   // or progress through this callback
  const engine::StopFlag* stop = nullptr;
};

// How `spec` runs `source` under `control`: reader options, parameters, the
// intra-bar policy, calendar, extended columns and costs, as orbit::Run binds
// them (sweeps bind their runs through it too). `input_zone` (the spec's
// --input-tz) must outlive the request.
pipeline::PipelineRequest PipelineRequestFor(const RunSpec& spec, const BarSource& source, const RunControl& control,
                                             const calendar::TimeZone* input_zone, int64_t as_of_ns);

// Errors: Error with its kind (exit code), orbit::Interrupted on a stop.
RunResult Run(const RunSpec& spec, const BarSource& source, const ResultSink& sink, const RunControl& control = {});

// The reference's default result path for one instrument's table (§6.8).
std::string DefaultResultPath(const engine::ResultTable& table, const engine::ResultSummary& summary,
                              const std::string& folder = "");

}  // namespace orbit
