// The HTML report (self-contained, balanced markup) and the terminal table.
#include <gtest/gtest.h>

#include <algorithm>
#include <sstream>

#include "record_builder.h"
#include "report/html_report.h"
#include "report/svg_chart.h"
#include "report/terminal_table.h"

namespace orbit::report {
namespace {

using testing::Row;

std::vector<TradeRecord> Sample() {
  return {
      Row("2024-01-02", "07:30", "Win", 10.0, "ES", 12.0, 8.0),  Row("2024-01-02", "09:30", "Loss", -8.0, "ES", 2.0, 9.0),
      Row("2024-01-03", "07:30", "BE", -0.25, "ES", 7.5, 10.0), Row("2024-01-03", "09:30", "NoTrade", 0.0, "ES", 0.0, 4.0),
      Row("2025-02-04", "07:30", "OPEN", 1.5, "ES", 3.0, 5.0),
  };
}

size_t Count(const std::string& text, const std::string& what) {
  size_t n = 0;
  for (size_t at = text.find(what); at != std::string::npos; at = text.find(what, at + 1)) ++n;
  return n;
}

TEST(HtmlReport, SelfContained) {
  const std::string html = RenderHtmlReport(BuildReport(Sample(), StatsOptions{}, AllDimensions(), {"<x>.csv"}));
  EXPECT_EQ(html.rfind("<!DOCTYPE html>", 0), 0u);
  // Nothing to fetch: no src/href attributes, no URL but the SVG namespace.
  EXPECT_EQ(Count(html, "src="), 0u);
  EXPECT_EQ(Count(html, "href="), 0u);
  EXPECT_EQ(Count(html, "http"), Count(html, "http://www.w3.org/2000/svg"));
  EXPECT_EQ(Count(html, "<svg"), Count(html, "</svg>"));
  // equity x2 streams, 2 heatmaps, result mix, distinct-trade portfolio equity
  EXPECT_EQ(Count(html, "<svg"), 2u + 2u + 1u + 1u);
  EXPECT_EQ(Count(html, "<table class=\"sortable\""), 8u);  // overall + research + 6 breakdowns
  EXPECT_EQ(Count(html, "<tr>"), Count(html, "</tr>"));
  EXPECT_EQ(Count(html, "<script>"), 1u);
  EXPECT_NE(html.find("&lt;x&gt;.csv"), std::string::npos);  // escaped
  EXPECT_EQ(html.find("<x>.csv"), std::string::npos);
  EXPECT_NE(html.find("orbit-report-ready"), std::string::npos);
}

TEST(HtmlReport, EmptyReportRenders) {
  const std::string html = RenderHtmlReport(BuildReport({}, StatsOptions{}, AllDimensions(), {}));
  EXPECT_NE(html.find("No rows."), std::string::npos);
  EXPECT_EQ(Count(html, "<svg"), Count(html, "</svg>"));
}

TEST(SvgChart, LongEquityCurvesAreDecimatedToTheirEnvelope) {
  EquitySeries series;
  series.stream = "ES1";
  double equity = 0, high = 0;
  for (int i = 0; i < 20000; ++i) {  // 20 trades a day for 1000 days
    equity += (i % 7 == 3) ? -900.0 : 150.0;
    if (i == 12345) equity -= 1e6;  // a one-trade dip must survive decimation
    if (i == 12346) equity += 1e6;
    high = std::max(high, equity);
    series.points.push_back({cctz::civil_day(2020, 1, 1) + i / 20, equity, equity - high});
  }
  const std::string svg = EquityChartSvg(series, 540, 300);
  const size_t start = svg.find("class=\"equity\" d=\"");
  ASSERT_NE(start, std::string::npos);
  const std::string path = svg.substr(start, svg.find('"', start + 20) - start);
  EXPECT_LE(Count(path, " L"), 4u * 540u);  // at most first/low/high/last per pixel column
  EXPECT_GT(Count(path, " L"), 400u);
  // The dip is the lowest point of the chart: its y is the largest y in the path.
  double max_y = 0;
  for (size_t at = path.find(','); at != std::string::npos; at = path.find(',', at + 1))
    max_y = std::max(max_y, std::stod(path.substr(at + 1)));
  EXPECT_GT(max_y, 24 + (300 - 60) * 0.62 - 12);  // near the bottom of the equity panel
}

TEST(TerminalTable, AlignedColumns) {
  const Report r = BuildReport(Sample(), StatsOptions{}, {}, {});
  const std::string text = FormatStreamTable(r.streams, r.overall);
  std::istringstream in(text);
  std::vector<std::string> lines;
  for (std::string line; std::getline(in, line);) lines.push_back(line);
  ASSERT_EQ(lines.size(), 4u);  // header, ES1, ES2, total
  for (const std::string& line : lines) EXPECT_EQ(line.size(), lines[0].size()) << line;
  EXPECT_EQ(lines[1].rfind("ES1", 0), 0u);
  EXPECT_EQ(lines[3].rfind("total", 0), 0u);
  EXPECT_NE(lines[1].find("50.0%"), std::string::npos) << lines[1];   // Win / (Win + BE)
  EXPECT_NE(lines[1].find("562.50"), std::string::npos) << lines[1];  // 500 - 12.5 + 75
  EXPECT_NE(lines[2].find("-400.00"), std::string::npos) << lines[2];
}

}  // namespace
}  // namespace orbit::report
