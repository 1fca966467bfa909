// src/pipeline/run_pipeline.h
//
// The whole analysis of a run: scan the bar files (Arrow), hand the bars to the
// engine, and return one finished ResultTable per instrument. Two execution
// modes give byte-identical tables:
//  - in memory: every requested instrument's bars are loaded (40 bytes/bar),
//    then all trading days are analysed in parallel;
//  - streaming: bars are analysed while they are read, in chunks of whole
//    trading days that carry their look-ahead (4 calendar days: Friday trades
//    need Monday's bars), and consumed bars are dropped, so peak memory depends
//    on the chunk size, never on the dataset. Needs time-ordered input (files
//    in time order, as in the reference layout or year partitions); otherwise
//    it stops with an error that says to use in-memory mode.
// The mode is chosen from the projected column bytes and --memory-limit.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "engine/progress.h"
#include "engine/result_table.h"
#include "engine/stop_flag.h"
#include "source/bar_reader.h"
#include "strategy/range_analysis.h"
#include "strategy/run_params.h"

namespace orbit::pipeline {

enum class ExecutionMode { kAuto, kInMemory, kStreaming };

struct PipelineRequest {
  source::BarReadOptions read;           // files, instruments (empty = all found), policies
  // Bars from an Arrow stream instead of read.paths (Python frames and
  // tables); `stream_name` stands for the file path in messages.
  arrow::RecordBatchReader* stream = nullptr;
  std::string stream_name;
  strategy::RunParams params;        // instrument is set per table
  strategy::Fixes fixes;
  int64_t as_of_ns = 0;
  int threads = 0;                   // 0 = all cores
  ExecutionMode mode = ExecutionMode::kAuto;
  int64_t memory_limit_bytes = 0;    // 0 = a quarter of MemAvailable
  bool progress = false;             // time-based progress on stderr
  engine::ProgressSink progress_sink;  // or progress through this callback
  size_t stream_chunk_bars = 0;      // bars buffered before a streaming flush; 0 = from the memory limit
  // Partitioned runs (orbit.dask): only trading dates in [analyze_from,
  // analyze_to] are analysed and reported, and only the bars from
  // analyze_from 00:00 through the look-ahead after analyze_to (4 days,
  // spec §5.2) are read (within read.start_date/end_date, which keep their
  // meaning). A span without bars gives empty tables, not an error. The
  // tables of consecutive spans, concatenated, are the rows of one run over
  // all of them (types unify as in WriteCombinedResultFile). Unset = all.
  std::optional<cctz::civil_day> analyze_from, analyze_to;
  const engine::StopFlag* stop = nullptr;  // polled per batch and per chunk of days; may be null
  strategy::IntrabarPolicy intrabar = strategy::IntrabarPolicy::kReference;  // --intrabar
  const calendar::ExchangeCalendar* exchange_calendar = nullptr;              // --calendar; null = none
  std::optional<engine::ExtendedColumns> extended;                           // --columns extended
};

struct InstrumentStats {
  std::string symbol;
  size_t bars = 0;
  size_t trading_days = 0;
  size_t ranges = 0;
};

struct PipelineResult {
  std::vector<std::pair<std::string, engine::ResultTable>> tables;  // in symbol order
  std::vector<InstrumentStats> instruments;
  std::vector<std::string> warnings;
  std::vector<std::string> instruments_found;  // source::BarData::instruments_found
  bool streamed = false;
  int64_t projected_bytes = 0;
  size_t files = 0, rows_read = 0, row_groups_skipped = 0;
  double scan_seconds = 0, analyze_seconds = 0;
};

// Errors: whatever the reader raises (kIo, kBadInput), kUsage for bad params,
// orbit::Interrupted when `stop` was raised.
PipelineResult RunPipeline(const PipelineRequest& request);

// The memory limit a run works within: `requested` (--memory-limit), or a
// quarter of MemAvailable when it is 0.
int64_t MemoryLimitBytes(int64_t requested);

// The range context every trading day of `r` is analysed with (zone,
// instrument, as-of, fixes, intra-bar policy, extended columns, exchange
// calendar): the run's own binding, also used by sweeps so that a sweep's
// combination is the run with those values.
strategy::RangeContext RangeContextFor(const PipelineRequest& r, const InstrumentSpec& spec);

// Calendar days of bars a trading day of `r` needs after it (4, more when an
// exchange calendar can push a horizon over a holiday).
int LookAheadDaysFor(const PipelineRequest& r);

// Bytes the in-memory mode would hold for these inputs (40 per bar): Parquet
// row counts from the footers, CSV estimated from the file size.
int64_t ProjectedBarBytes(const std::vector<source::InputFile>& files);

}  // namespace orbit::pipeline
