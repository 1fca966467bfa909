// apps/cli/matrix_command.cc -- `orbit matrix`: result rows to the master
// matrix, its statistics, the sequencer state and the execution timetable
// (SELECTION_SPEC.md).
#include <cstdio>
#include <memory>
#include <sstream>

#include "commands.h"
#include "orbit/error.h"
#include "core/atomic_file.h"
#include "orbit/matrix.h"
#include "report/html_report.h"

namespace orbit::cli {
namespace {

std::vector<std::string> SplitDates(const std::vector<std::string>& values) {
  std::vector<std::string> out;
  for (const std::string& v : values) {
    std::stringstream in(v);
    std::string item;
    while (std::getline(in, item, ','))
      if (!item.empty()) out.push_back(item);
  }
  return out;
}

}  // namespace

std::function<int()> AddMatrixCommand(CLI::App& app) {
  struct Args {
    selection::MatrixRequest request;
    std::vector<std::string> dates;
    std::string mode = "live";
    std::vector<std::string> fixes;
    std::string html;
    bool quiet = false;
  };
  auto a = std::make_shared<Args>();
  CLI::App* sub = app.add_subcommand(
      "matrix", "Master matrix, statistics, sequencer state and execution timetable from result tables");
  sub->add_option("--results", a->request.results,
                  "Result tables written by `orbit run` (CSV or Parquet), in order: the last file wins for "
                  "duplicate rows")
      ->required();
  sub->add_option("--filters", a->request.filters_path, "stream_filters.json (per stream and `master`)")
      ->check(CLI::ExistingFile);
  sub->add_option("--out", a->request.out, "The master matrix: MATRIX.csv (the spec's canonical CSV) or MATRIX.parquet");
  sub->add_option("--stats-json", a->request.stats_json, "Write the portfolio statistics (JSON) here");
  sub->add_option("--state-json", a->request.state_json, "Write the final sequencer state (JSON) here");
  sub->add_option("--html", a->html,
                  "Write an HTML page of the matrix: statistics, per-stream figures, the chosen slot per stream for "
                  "the last 60 data days with switches marked, and the timetables");
  sub->add_option("--resume", a->request.resume,
                  "Continue from a saved sequencer state (an earlier --state-json): only the data days after its "
                  "checkpoint_date are sequenced and written")
      ->check(CLI::ExistingFile);
  sub->add_option("--timetable", a->dates, "Execution timetable session dates, YYYY-MM-DD[,YYYY-MM-DD...]");
  sub->add_option("--timetable-out", a->request.timetable_out,
                  "FILE.json (one date) or DIR/ (timetable_<DATE>.json per date)");
  sub->add_option("--timetable-mode", a->mode, "live (each stream's latest row) or historical (rows up to the date)")
      ->check(CLI::IsMember({"live", "historical"}));
  sub->add_flag("--timetable-pinned-clock", a->request.pinned_clock,
                "Write as_of and version_timestamp as 1970-01-01T00:00:00+00:00 (reproducible timetables)");
  sub->add_option("--fix", a->fixes,
                  "Correct a known issue of the reference (repeatable): KI-M05, KI-M07, KI-M09, KI-M10, KI-M12, "
                  "KI-M13, KI-M14");
  sub->add_flag("--strict", a->request.strict,
                "Fail (exit 2) on inputs the reference drops silently: unknown stream ids, a stream spelled two "
                "ways, a stream whose slots are all excluded, rows without an instrument");
  sub->add_flag("--quiet", a->quiet, "No summary line and no warnings on stderr");
  sub->footer(
      "Without --fix the output is the reference's full rebuild, known issues included (SELECTION_SPEC.md §9). "
      "Exit codes: 1 usage, 2 bad input (also --strict warnings), 3 I/O.");
  return [a]() {
    selection::MatrixRequest request = a->request;
    request.timetable_dates = SplitDates(a->dates);
    request.timetable_mode =
        a->mode == "historical" ? selection::TimetableMode::kHistorical : selection::TimetableMode::kLive;
    for (const std::string& id : a->fixes) selection::EnableSelectionFix(request.fixes, id);
    request.html_section = !a->html.empty();
    if (request.out.empty() && request.stats_json.empty() && request.state_json.empty() &&
        request.timetable_dates.empty() && a->html.empty())
      ThrowUsage("orbit matrix: nothing to write (give --out, --stats-json, --state-json, --timetable or --html)");
    const selection::MatrixRunSummary s = selection::RunMatrix(request);
    if (!a->html.empty()) WriteFileAtomically(a->html, report::HtmlPage("Orbit master matrix", s.html_section));
    if (!a->quiet) {
      for (const std::string& w : s.warnings) std::fprintf(stderr, "orbit matrix: warning: %s\n", w.c_str());
      std::fprintf(stderr,
                   "orbit matrix: %zu result rows -> %zu matrix rows, %zu streams, %zu switches, %zu not allowed "
                   "(read %.1f ms, compute %.1f ms of which sequencing %.1f, write %.1f ms with the columns built while "
                   "encoding; CPU %.1f / %.1f / %.1f ms)\n",
                   s.input_rows, s.matrix_rows, s.streams, s.switches, s.not_allowed, s.read_ms, s.compute_ms,
                   s.build_ms, s.write_ms, s.read_cpu_ms, s.compute_cpu_ms, s.write_cpu_ms);
    }
    return 0;
  };
}

}  // namespace orbit::cli
