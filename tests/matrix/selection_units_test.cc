// Units of the selection layer's data path (issue 25): packed and coded text
// cells, the concatenation without copying (SourceColumn types as pandas'
// concat gives them), and MatrixColumns built one column at a time equal to
// the planned types and to MatrixTable.
#include <gtest/gtest.h>

#include <cmath>
#include <memory>
#include <string>
#include <vector>

#include "selection/column_table.h"
#include "selection/consolidation.h"
#include "selection/master_matrix.h"
#include "selection/matrix_run.h"
#include "selection/matrix_table.h"

namespace orbit::selection {
namespace {

TableColumn Text(const std::string& name, const std::vector<std::string>& cells) {
  TableColumn c;
  c.name = name;
  c.type = ColumnType::kText;
  for (const std::string& s : cells) c.text.push_back(s);
  return c;
}

TableColumn Numbers(const std::string& name, ColumnType type, const std::vector<double>& cells) {
  TableColumn c;
  c.name = name;
  c.type = type;
  c.number = cells;
  return c;
}

// A result file of `n` rows of one instrument, session S1, one day per row at 07:30.
ColumnTable ResultFile(const std::string& instrument, int n, int first_day) {
  ColumnTable t;
  t.rows = static_cast<size_t>(n);
  std::vector<double> days;
  std::vector<std::string> times, results, instruments, sessions;
  std::vector<double> profits;
  for (int i = 0; i < n; ++i) {
    days.push_back(first_day + i);
    times.push_back("07:30");
    results.push_back(i % 3 == 0 ? "Loss" : "Win");
    instruments.push_back(instrument);
    sessions.push_back("S1");
    profits.push_back(i % 3 == 0 ? -2.0 : 1.0);
  }
  t.columns.push_back(Numbers("Date", ColumnType::kDate, days));
  t.columns.push_back(Text("Time", times));
  t.columns.push_back(Text("Result", results));
  t.columns.push_back(Text("Instrument", instruments));
  t.columns.push_back(Text("Session", sessions));
  t.columns.push_back(Numbers("Profit", ColumnType::kFloat, profits));
  return t;
}

TEST(TextCells, PlainCellsUseArrowsOffsetLayout) {
  TextCells cells;
  cells.push_back("ab");
  cells.push_back("");
  cells.push_back("cde");
  ASSERT_EQ(cells.size(), 3u);
  EXPECT_EQ(cells.offsets(), (std::vector<int32_t>{0, 2, 2, 5}));
  EXPECT_EQ(cells.chars(), "abcde");
  EXPECT_EQ(cells[2], "cde");
  EXPECT_FALSE(cells.coded());
}

TEST(TextCells, CodedCellsReadThroughTheDictionaryAndDecodeOnAppend) {
  auto dictionary = std::make_shared<TextCells>();
  dictionary->push_back("Win");
  dictionary->push_back("Loss");
  TextCells cells = TextCells::Coded(dictionary, {1, 0, 1});
  ASSERT_TRUE(cells.coded());
  EXPECT_EQ(cells.size(), 3u);
  EXPECT_EQ(cells[0], "Loss");
  EXPECT_EQ(cells[1], "Win");
  cells.push_back("BE");  // appending decodes: same cells, then the new one
  EXPECT_FALSE(cells.coded());
  ASSERT_EQ(cells.size(), 4u);
  EXPECT_EQ(cells[0], "Loss");
  EXPECT_EQ(cells[2], "Loss");
  EXPECT_EQ(cells[3], "BE");
}

TEST(Consolidate, ColumnsAcrossFilesTakeTheConcatenationsTypes) {
  std::vector<ColumnTable> files = {ResultFile("ES", 3, 19000), ResultFile("NQ", 2, 19000), ResultFile("CL", 2, 19000)};
  files[0].columns.push_back(Numbers("note", ColumnType::kInt, {1, 2, 3}));
  files[2].columns.push_back(Text("note", {"x", "y"}));
  files[0].columns.push_back(Numbers("count", ColumnType::kInt, {4, 5, 6}));
  files[1].columns.push_back(Numbers("count", ColumnType::kInt, {7, 8}));
  files[2].columns.push_back(Numbers("count", ColumnType::kInt, {9, 10}));
  files[1].columns.push_back(Numbers("SL", ColumnType::kFloat, {1.5, 2.5}));
  Diagnostics diagnostics;
  const Consolidated c = Consolidate(std::move(files), {"a", "b", "c"}, diagnostics);
  ASSERT_EQ(c.rows(), 7u);
  int note = -1, count = -1, stop = -1;
  for (size_t i = 0; i < c.columns.size(); ++i) {
    if (c.columns[i].name == "note") note = static_cast<int>(i);
    if (c.columns[i].name == "count") count = static_cast<int>(i);
    if (c.columns[i].name == "StopLoss") stop = static_cast<int>(i);
  }
  ASSERT_GE(note, 0);
  ASSERT_GE(count, 0);
  ASSERT_GE(stop, 0) << "SL is read as StopLoss";
  // Integer in a, absent in b (missing cells: float), text in c: text, a's numbers as floats.
  EXPECT_EQ(c.columns[note].type, ColumnType::kText);
  std::string scratch;
  EXPECT_EQ(c.Text(note, c.Ref(0), scratch), "1.0");
  EXPECT_TRUE(c.IsMissing(note, c.Ref(3)));
  EXPECT_EQ(c.Text(note, c.Ref(6), scratch), "y");
  // Integer in every file: stays an integer column.
  EXPECT_EQ(c.columns[count].type, ColumnType::kInt);
  EXPECT_EQ(c.Number(count, c.Ref(4)), 8.0);
  // StopLoss only in b: float, missing in a and c.
  EXPECT_TRUE(std::isnan(c.Number(stop, c.Ref(0))));
  EXPECT_EQ(c.Number(stop, c.Ref(3)), 1.5);
  // Row references run across the files.
  EXPECT_EQ(c.Ref(5).file, 2u);
  EXPECT_EQ(c.Ref(5).row, 0u);
  ASSERT_EQ(c.streams.size(), 3u);  // CL1, ES1, NQ1
  EXPECT_EQ(c.streams[0].id, "CL1");
}

TEST(MatrixColumns, EachColumnIsBuiltAsPlannedAndEqualsTheWholeTable) {
  std::vector<ColumnTable> files = {ResultFile("ES", 40, 19000), ResultFile("NQ", 30, 19005)};
  Diagnostics diagnostics;
  const Matrix m = ComputeMatrix(std::move(files), {"a", "b"}, nullptr, "", SelectionFixes{}, nullptr, diagnostics);
  const MatrixColumns columns(m);
  const ColumnTable table = MatrixTable(m);
  ASSERT_EQ(columns.columns(), table.columns.size());
  ASSERT_EQ(columns.rows(), m.rows.size());
  for (size_t i = 0; i < columns.columns(); ++i) {
    const TableColumn c = columns.Build(i);
    const TableColumn& whole = table.columns[i];
    EXPECT_EQ(c.name, columns.name(i));
    EXPECT_EQ(c.type, columns.type(i)) << c.name;
    if (c.type == ColumnType::kText) {
      EXPECT_EQ(c.text.coded(), columns.coded(i)) << c.name;
      ASSERT_EQ(c.text.size(), m.rows.size()) << c.name;
      for (size_t r = 0; r < m.rows.size(); ++r) EXPECT_EQ(c.text[r], whole.text[r]) << c.name << " row " << r;
    } else {
      ASSERT_EQ(c.number.size(), m.rows.size()) << c.name;
      for (size_t r = 0; r < m.rows.size(); ++r) {
        const double a = c.number[r], b = whole.number[r];
        EXPECT_TRUE(a == b || (a != a && b != b)) << c.name << " row " << r;
      }
    }
  }
}

}  // namespace
}  // namespace orbit::selection
