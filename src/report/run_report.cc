#include "report/run_report.h"

#include "report/html_report.h"
#include "report/report_stats.h"
#include "report/terminal_table.h"

namespace orbit::report {

void ReportRun(const std::vector<const engine::ResultTable*>& tables, const std::vector<std::string>& sources,
               const std::string& html_path, std::FILE* terminal) {
  if (terminal == nullptr && html_path.empty()) return;
  std::vector<TradeRecord> records;
  for (const engine::ResultTable* table : tables) {
    std::vector<TradeRecord> part = RecordsFromResultTable(*table);
    records.insert(records.end(), std::make_move_iterator(part.begin()), std::make_move_iterator(part.end()));
  }
  const Report report = BuildReport(std::move(records), StatsOptions{}, AllDimensions(), sources);
  if (!html_path.empty()) WriteHtmlReport(report, html_path);
  if (terminal != nullptr) {
    std::fputs(FormatStreamTable(report.streams, report.overall).c_str(), terminal);
    if (!html_path.empty()) std::fprintf(terminal, "report -> %s\n", html_path.c_str());
  }
}

}  // namespace orbit::report
