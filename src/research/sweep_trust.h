// src/research/sweep_trust.h
//
// The trust statistics of `orbit sweep --walk-forward ... / --overfit`
// (issue 24): after the sweep has written its daily P&L (research/pnl_table.h
// format) and SUMMARY, the same code as `orbit overfit PNL --walk-forward
// TRAIN:TEST --summary SUMMARY` runs on them, so the sweep's walk-forward
// table and statistics equal orbit overfit's on its --pnl-out file.
#pragma once

#include <cstdint>
#include <string>

namespace orbit::research {

struct SweepTrustOptions {
  std::string walk_forward;  // "TRAIN:TEST[:anchored]"; "" = no walk-forward
  std::string objective = "net_usd";
  int64_t min_trades = 20;
  std::string wf_out;        // walk-forward windows table (.csv or .parquet); "" = none
  bool overfit = false;      // PBO, DSR, PSR per group
  int splits = 16;
  int threads = 0;           // PBO workers; <= 0: all cores

  bool Any() const { return overfit || !walk_forward.empty(); }
};

// Checks the options before the sweep runs. Errors: Error(kUsage) naming
// --walk-forward, --objective, --min-trades, --splits or --wf-out and the
// value: a bad value, --wf-out without a .csv/.parquet/.pq name, or
// --wf-out/--objective/--min-trades (other than their defaults) without
// --walk-forward, --splits (other than 16) without --overfit.
void CheckSweepTrust(const SweepTrustOptions& options);

// Reads the sweep's P&L file and SUMMARY (for the parameter columns of the
// windows table), writes --wf-out and returns the terminal text: the
// overfitting table (research::OverfitText) with --overfit, the walk-forward
// groups (research::WalkForwardText, with the efficiency) with
// --walk-forward. Errors: those of ReadPnlFile, ComputeOverfit,
// RunWalkForward and WriteOutTable.
std::string RunSweepTrust(const SweepTrustOptions& options, const std::string& pnl_path,
                          const std::string& summary_path);

}  // namespace orbit::research
