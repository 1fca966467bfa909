// src/sweep/streamed_sweep.h
//
// A SUMMARY-only sweep whose bars do not fit --memory-limit: the bars are
// read in time order and, as soon as a span of trading days has its
// look-ahead (pipeline::LookAheadDaysFor), that span's ranges and entries
// are built and every combination's exits are folded into statistics kept
// per (instrument, group, combination) (summary_fold.h); the span's bars are
// then dropped, as the run pipeline's streaming mode does. Statistics are
// folded in chronological order across spans, so SUMMARY (and the P&L) equal
// the in-memory sweep's byte for byte. Memory: one chunk of bars (an eighth
// of the limit) with its look-ahead, the span's entries, and ~130 bytes per
// (group, combination) of the pass (sweep_job.cc sizes passes to a quarter of
// the limit and reads the bars once per pass). Needs time-ordered input (as streaming runs) and rows
// that fold (SummaryPlan::eligible); otherwise Error(kUsage/kBadInput) says
// to raise --memory-limit.
#pragma once

#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "pipeline/run_pipeline.h"
#include "source/bar_reader.h"
#include "sweep/pnl_output.h"
#include "sweep/sweep_engine.h"

namespace orbit::sweep {

class StreamedFold {
 public:
  // Folds combinations [first_combo, end_combo) of `grid` (one pass over
  // the bars; a sweep whose statistics would not fit the limit makes
  // several passes). `validate(symbol)` checks the grid for an instrument
  // met in the data.
  StreamedFold(const SweepGrid& grid, size_t first_combo, size_t end_combo, const pipeline::PipelineRequest& request,
               report::Dimension by, const engine::CostModel& costs, PnlWriter* pnl, const SweepOptions& options,
               size_t chunk_bars, std::function<void(const std::string&)> validate);

  // The reader's on_batch: folds the spans whose look-ahead is complete.
  void OnBatch(source::BarData& data);
  // After the last batch: folds the rest.
  void Finish(source::BarData& data);
  // The SUMMARY rows, combination by combination, instruments in `symbols`
  // order (each group in SUMMARY order). Errors: kBadInput for a symbol
  // without bars.
  void Emit(const std::vector<std::string>& symbols, const std::function<void(std::vector<SummaryRow>&&)>& emit);
  // (instrument, group) in SUMMARY order (the P&L file's group order).
  std::vector<std::pair<std::string, std::string>> GroupOrder(const std::vector<std::string>& symbols) const;

  size_t fast_exits() const { return fast_exits_; }
  size_t walked_exits() const { return walked_exits_; }
  size_t spans() const { return spans_; }

 private:
  struct Instrument {
    std::optional<cctz::civil_day> done_through;
    int64_t boundary_ns = INT64_MIN;
    report::StatsOptions stats;
    std::vector<SummaryPlan::Group> groups;  // first-appearance order
    std::map<std::string, size_t> group_of;  // key -> index in groups
    std::vector<StatsFold> folds;            // [group * combinations + combo]
    size_t rows = 0;
  };
  void Process(const std::string& symbol, source::BarColumns& columns, std::vector<std::string>& warnings, bool final);
  void FoldSpan(const std::string& symbol, Instrument& inst, const PreparedInstrument& prepared);

  const SweepGrid& grid_;
  size_t first_combo_, end_combo_;
  const pipeline::PipelineRequest& request_;
  report::Dimension by_;
  engine::CostModel costs_;
  PnlWriter* pnl_;
  SweepOptions options_;
  size_t chunk_bars_;
  std::function<void(const std::string&)> validate_;
  std::map<std::string, Instrument> instruments_;
  size_t fast_exits_ = 0, walked_exits_ = 0, spans_ = 0;
};

}  // namespace orbit::sweep
