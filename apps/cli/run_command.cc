// apps/cli/run_command.cc -- `orbit run`: collect the options, run through
// orbit::Run, commit every output together, print the summary.
#include <cstdio>
#include <filesystem>
#include <memory>

#include "commands.h"
#include "core/output_set.h"
#include "core/py_float.h"
#include "orbit/orbit.h"
#include "orbit/matrix.h"
#include "selection/matrix_html.h"
#include "orbit/report.h"
#include "selection/csv_table.h"
#include "sink/result_writer.h"
#include "calendar/time_zone.h"
#include "run_options_cli.h"
#include "stop_signals.h"

namespace orbit::cli {
namespace {

// What `orbit run` adds to the run options: where bars come from and where
// every output goes.
struct RunArgs {
  std::vector<std::string> bars;
  std::string out, stats_json, report;
  std::string matrix, matrix_filters;  // --matrix, --filters (orbit matrix straight from the run's rows)
  CLI::Option* out_option = nullptr;
  CLI::Option* stats_option = nullptr;
  CLI::Option* report_option = nullptr;
  bool quiet = false;
  RunOptionValues options;
};

double MiB(int64_t bytes) { return static_cast<double>(bytes) / (1024.0 * 1024.0); }

// Every destination is checked before the work starts; none is written unless
// the whole run succeeds (OutputSet). --out is declared by the file sink.
void DeclareSideOutputs(const RunArgs& a, OutputSet& outputs) {
  if (a.out_option->count() > 0 && a.out.empty()) ThrowUsage("--out: empty path");
  if (a.stats_option->count() > 0) outputs.Declare(a.stats_json, "--stats-json", a.bars);
  if (a.report_option->count() > 0) outputs.Declare(a.report, "--report", a.bars);
  if (!a.matrix.empty()) outputs.Declare(a.matrix, "--matrix", a.bars);
  if (!a.matrix_filters.empty() && a.matrix.empty()) ThrowUsage("--filters: only with --matrix");
}

// `orbit matrix` over the run's rows, without writing them first: the rows
// as the result CSV holds them (so exactly what `orbit matrix --results
// OUT.csv` reads), then the same computation. Returns the matrix rows count;
// with `html_section`, also the matrix's HTML section (for --report).
size_t StageMatrix(const RunArgs& a, const RunResult& result, OutputSet& outputs, std::string* html_section) {
  std::vector<engine::ResultTable> tables;
  for (const InstrumentResult& r : result.instruments) tables.push_back(r.table);
  const std::string text = sink::ResultsCsvText(tables, calendar::TimeZone::Chicago());
  std::vector<selection::ColumnTable> columns;
  columns.push_back(selection::ParseCsvTable(text, "the run's results"));
  selection::JsonValue filters;
  if (!a.matrix_filters.empty()) filters = selection::ReadJsonFile(a.matrix_filters);
  selection::Diagnostics diagnostics;
  const selection::Matrix m =
      selection::ComputeMatrix(std::move(columns), {"the run's results"}, a.matrix_filters.empty() ? nullptr : &filters,
                               a.matrix_filters, selection::SelectionFixes{}, nullptr, diagnostics);
  for (const std::string& w : diagnostics.warnings) std::fprintf(stderr, "orbit: warning: matrix: %s\n", w.c_str());
  const selection::ColumnTable table = selection::MatrixTable(m);
  const std::string ext = std::filesystem::path(a.matrix).extension().string();
  if (ext == ".csv" || ext == ".CSV") outputs.StageContents(a.matrix, selection::CsvText(table));
  else selection::WriteColumnTable(table, outputs.Stage(a.matrix).string());  // a staged .tmp: Parquet
  if (html_section) *html_section = selection::MatrixHtmlSection(m, selection::MatrixStatisticsJson(m), {});
  return m.rows.size();
}

void PrintInstrumentLines(const RunResult& result) {
  for (size_t k = 0; k < result.instruments.size(); ++k) {
    const InstrumentResult& r = result.instruments[k];
    const engine::ResultSummary& s = r.summary;
    const std::string& path = result.outputs.size() == result.instruments.size() ? result.outputs[k]
                                                                                   : result.outputs.front();
    std::printf("%s: %zu rows (Win %zu, BE %zu, Loss %zu, TIME %zu, OPEN %zu, NoTrade %zu), win rate %.1f%%, "
                "total profit %s points, %zu results depend on the intra-bar policy (--intrabar) -> %s\n",
                r.symbol.c_str(), s.rows, s.win, s.be, s.loss, s.time, s.open, s.no_trade, s.win_rate_pct,
                PyFloat(s.total_profit).c_str(), s.ambiguous, path.c_str());
  }
}

std::string StatsJson(const RunSpec& spec, const RunResult& result, double total_seconds, int64_t peak_rss) {
  report::JsonWriter json;
  json.BeginObject();
  json.Key("version");
  json.String(kVersion);
  const auto parameters = strategy::NonDefaultStrategyParameters(spec.params);  // only when not at the defaults
  if (!parameters.empty()) {
    json.Key("parameters");
    json.BeginObject();
    for (const auto& [name, value] : parameters) {
      json.Key(name);
      json.String(value);
    }
    json.EndObject();
  }
  json.Key("mode");
  json.String(result.streamed ? "streaming" : "in-memory");
  json.Key("threads");
  json.Integer(result.threads);
  json.Key("files");
  json.Integer(static_cast<int64_t>(result.files));
  json.Key("rows_read");
  json.Integer(static_cast<int64_t>(result.rows_read));
  json.Key("row_groups_skipped");
  json.Integer(static_cast<int64_t>(result.row_groups_skipped));
  json.Key("seconds");
  json.BeginObject();
  for (const auto& [name, value] :
       {std::pair{"scan", result.scan_seconds}, std::pair{"analyze", result.analyze_seconds},
        std::pair{"write", result.write_seconds}, std::pair{"total", total_seconds}}) {
    json.Key(name);
    json.Number(value);
  }
  json.EndObject();
  json.Key("peak_rss_bytes");
  json.Integer(peak_rss);
  json.Key("projected_bar_bytes");
  json.Integer(result.projected_bytes);
  json.Key("warnings");
  json.BeginArray();
  for (const std::string& w : result.warnings) json.String(w);
  json.EndArray();
  json.Key("known_issues");  // reference behaviours that decided rows, with their fix
  json.BeginArray();
  for (const engine::KnownIssueCount& k : result.known_issues) {
    json.BeginObject();
    json.Key("id");
    json.String(k.id);
    json.Key("rows");
    json.Integer(static_cast<int64_t>(k.rows));
    json.Key("fix");
    json.String("--fix " + k.id);
    json.EndObject();
  }
  json.EndArray();
  if (spec.extended_columns) {  // the costs every net figure (extended columns, report) includes
    json.Key("costs");
    json.BeginObject();
    json.Key("commission_usd_per_side");
    json.Number(spec.costs.commission_usd_per_side);
    json.Key("slippage_ticks_per_side");
    json.Number(spec.costs.slippage_ticks_per_side);
    json.EndObject();
  }
  json.Key("instruments");
  json.BeginArray();
  for (const InstrumentResult& r : result.instruments) {
    json.BeginObject();
    json.Key("instrument");
    json.String(r.symbol);
    const engine::ResultSummary& s = r.summary;
    for (const auto& [name, value] :
         {std::pair{"bars", r.stats.bars}, std::pair{"trading_days", r.stats.trading_days},
          std::pair{"ranges", r.stats.ranges}, std::pair{"rows", s.rows}, std::pair{"Win", s.win},
          std::pair{"BE", s.be}, std::pair{"Loss", s.loss}, std::pair{"TIME", s.time}, std::pair{"OPEN", s.open},
          std::pair{"NoTrade", s.no_trade}, std::pair{"ambiguous", s.ambiguous}}) {
      json.Key(name);
      json.Integer(static_cast<int64_t>(value));
    }
    json.Key("total_profit");
    json.Number(s.total_profit);
    if (r.table.extended) {  // one contract's USD over the trades: gross, the run's costs, net
      const report::GroupStats usd = report::ComputeStats(
          report::RecordsFromResultTable(r.table, report::RecordFields::kStatistics), report::StatsOptions{});
      for (const auto& [name, value] :
           {std::pair{"gross_usd", usd.gross_usd}, std::pair{"commission_usd", usd.commission_usd},
            std::pair{"slippage_usd", usd.slippage_usd}, std::pair{"net_usd", usd.net_usd},
            std::pair{"profit_factor", usd.profit_factor}, std::pair{"expectancy_usd", usd.expectancy_usd},
            std::pair{"max_drawdown_usd", usd.max_drawdown_usd}}) {
        json.Key(name);
        json.Number(value);
      }
    }
    json.EndObject();
  }
  json.EndArray();
  json.EndObject();
  return json.text() + "\n";
}

int RunAction(RunArgs& a) {
  engine::Stopwatch total;
  const RunSpec spec = ParseRunOptions(CollectRunOptions(a.options));
  const BarSource source = BarSource::Files(a.bars);
  OutputSet outputs;
  DeclareSideOutputs(a, outputs);
  RunControl control;
  control.progress = !a.quiet;
  control.stop = &StopRequest();
  RunResult result = Run(spec, source, ResultSink::File(a.out, &outputs), control);
  for (const std::string& w : result.warnings) std::fprintf(stderr, "orbit: warning: %s\n", w.c_str());

  std::vector<const engine::ResultTable*> tables;
  for (const InstrumentResult& r : result.instruments) tables.push_back(&r.table);
  report::RunReportTexts texts = report::RenderRunReport(tables, a.bars, !a.quiet, a.report_option->count() > 0);
  std::string matrix_section;
  const size_t matrix_rows =
      a.matrix.empty() ? 0 : StageMatrix(a, result, outputs, texts.html.empty() ? nullptr : &matrix_section);
  if (!matrix_section.empty()) {  // the report gets the matrix section before its script
    const size_t at = texts.html.rfind("<script>");
    texts.html.insert(at == std::string::npos ? texts.html.size() : at, matrix_section);
  }
  if (!texts.html.empty()) outputs.StageContents(a.report, texts.html);
  const double total_s = total.Seconds();
  const int64_t peak = engine::PeakRssBytes();
  if (a.stats_option->count() > 0) outputs.StageContents(a.stats_json, StatsJson(spec, result, total_s, peak));
  engine::ThrowIfStopped(control.stop);  // a stop during the write commits nothing
  outputs.Commit();

  if (!a.quiet) {
    for (const auto& [name, value] : strategy::NonDefaultStrategyParameters(spec.params))
      std::printf("parameter %s = %s (not the default)\n", name.c_str(), value.c_str());
    PrintInstrumentLines(result);
    std::fprintf(stderr,
                 "orbit: %s mode, %zu files, %zu rows; scan %.3f s, analyze %.3f s, write %.3f s, total %.3f s; "
                 "peak RSS %.1f MiB (projected bars %.1f MiB)\n",
                 result.streamed ? "streaming" : "in-memory", result.files, result.rows_read, result.scan_seconds,
                 result.analyze_seconds, result.write_seconds, total_s, MiB(peak), MiB(result.projected_bytes));
    std::fputs(texts.terminal.c_str(), stdout);
    if (!texts.html.empty()) std::printf("report -> %s\n", a.report.c_str());
    if (!a.matrix.empty()) std::printf("matrix: %zu rows -> %s\n", matrix_rows, a.matrix.c_str());
  }
  return 0;
}

}  // namespace

std::function<int()> AddRunCommand(CLI::App& app) {
  auto a = std::make_shared<RunArgs>();
  CLI::App* sub = app.add_subcommand("run", "Run the breakout analyzer over bar files (CSV/Parquet, files or folders)");
  sub->add_option("--bars", a->bars, "Bar files or folders (CSV or Parquet)")
      ->required()
      ->check(CLI::Validator(
          [](std::string& path) -> std::string {
            std::error_code ec;
            if (path.empty()) return "empty path";
            if (path[0] == '-' && !std::filesystem::exists(path, ec))
              return "'" + path + "' looks like an option, not a file or folder (write ./" + path +
                     " for a path that starts with '-')";
            return {};
          },
          "PATH"));
  AddRunOptions(*sub, a->options);
  a->out_option = sub->add_option(
      "--out", a->out,
      "Result file .csv, .csv.gz, .csv.zst or .parquet; several instruments go into one combined table; a folder "
      "ending in '/' takes the reference's file names (default: the reference's folder and names, one file per "
      "instrument)");
  a->stats_option =
      sub->add_option("--stats-json", a->stats_json, "Write phase timings, peak RSS, counts and warnings as JSON");
  a->report_option = sub->add_option("--report", a->report, "Also write the HTML report of the results to this file");
  sub->add_option("--matrix", a->matrix,
                  "Also build the master matrix (`orbit matrix`) from this run's rows and write it here (.csv or "
                  ".parquet), as `orbit matrix --results OUT.csv` would");
  sub->add_option("--filters", a->matrix_filters, "With --matrix: stream_filters.json")->check(CLI::ExistingFile);
  sub->add_flag("--quiet", a->quiet, "No progress and no summary");
  return [a]() { return RunAction(*a); };
}

}  // namespace orbit::cli
