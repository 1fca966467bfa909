#include "report/run_report.h"

#include "report/html_report.h"
#include "report/report_stats.h"
#include "report/terminal_table.h"

namespace orbit::report {

RunReportTexts RenderRunReport(const std::vector<const engine::ResultTable*>& tables,
                               const std::vector<std::string>& sources, bool terminal, bool html) {
  RunReportTexts texts;
  if (!terminal && !html) return texts;
  std::vector<TradeRecord> records;
  for (const engine::ResultTable* table : tables) {
    std::vector<TradeRecord> part = RecordsFromResultTable(*table);
    records.insert(records.end(), std::make_move_iterator(part.begin()), std::make_move_iterator(part.end()));
  }
  const Report report = BuildReport(std::move(records), StatsOptions{}, AllDimensions(), sources);
  if (html) texts.html = RenderHtmlReport(report);
  if (terminal) texts.terminal = FormatStreamTable(report.streams, report.overall, report.run_costs);
  return texts;
}

}  // namespace orbit::report
