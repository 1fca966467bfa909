#include "selection/csv_table.h"

#include <charconv>
#include <cmath>
#include <fstream>
#include <limits>
#include <sstream>

#include "core/error.h"

namespace orbit::selection {

namespace {

// Splits one record starting at `pos` into `cells`; returns the position after
// its line end. Quoted cells may hold separators, quotes ("") and line breaks.
size_t ReadRecord(std::string_view text, size_t pos, std::vector<std::string>& cells, const std::string& source,
                  size_t line) {
  cells.clear();
  std::string cell;
  bool quoted = false;
  bool was_quoted = false;
  while (pos < text.size()) {
    const char c = text[pos];
    if (quoted) {
      if (c == '"') {
        if (pos + 1 < text.size() && text[pos + 1] == '"') {
          cell += '"';
          pos += 2;
          continue;
        }
        quoted = false;
        ++pos;
        continue;
      }
      cell += c;
      ++pos;
      continue;
    }
    if (c == '"' && cell.empty() && !was_quoted) {
      quoted = was_quoted = true;
      ++pos;
      continue;
    }
    if (c == ',') {
      cells.push_back(std::move(cell));
      cell.clear();
      was_quoted = false;
      ++pos;
      continue;
    }
    if (c == '\n' || c == '\r') {
      if (c == '\r' && pos + 1 < text.size() && text[pos + 1] == '\n') ++pos;
      ++pos;
      cells.push_back(std::move(cell));
      return pos;
    }
    cell += c;
    ++pos;
  }
  if (quoted) ThrowBadInput(source + ": line " + std::to_string(line) + ": unterminated quoted cell");
  cells.push_back(std::move(cell));
  return pos;
}

bool IsIntegerLiteral(std::string_view s) {
  size_t i = (!s.empty() && (s[0] == '-' || s[0] == '+')) ? 1 : 0;
  if (i >= s.size()) return false;
  for (; i < s.size(); ++i)
    if (s[i] < '0' || s[i] > '9') return false;
  return true;
}

bool ParseNumber(std::string_view s, double& out) {
  if (!s.empty() && s[0] == '+') s.remove_prefix(1);
  const auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), out);
  return ec == std::errc() && end == s.data() + s.size();
}

}  // namespace

ColumnTable ParseCsvTable(std::string_view text, const std::string& source) {
  if (text.size() >= 3 && text.substr(0, 3) == "\xEF\xBB\xBF") text.remove_prefix(3);
  ColumnTable table;
  std::vector<std::string> cells;
  size_t pos = ReadRecord(text, 0, cells, source, 1);
  if (cells.size() == 1 && cells[0].empty()) ThrowBadInput(source + ": empty file (no header row)");
  const size_t width = cells.size();
  std::vector<std::vector<std::string>> raw(width);
  for (size_t c = 0; c < width; ++c) {
    TableColumn col;
    col.name = cells[c];
    table.columns.push_back(std::move(col));
  }
  size_t line = 1;
  while (pos < text.size()) {
    ++line;
    pos = ReadRecord(text, pos, cells, source, line);
    if (cells.size() == 1 && cells[0].empty()) continue;  // blank line
    if (cells.size() != width)
      ThrowBadInput(source + ": line " + std::to_string(line) + ": " + std::to_string(cells.size()) +
                    " cells, the header has " + std::to_string(width));
    for (size_t c = 0; c < width; ++c) raw[c].push_back(std::move(cells[c]));
  }
  table.rows = width ? raw[0].size() : 0;
  for (size_t c = 0; c < width; ++c) {
    TableColumn& col = table.columns[c];
    std::vector<std::string>& cellsc = raw[c];
    bool text_column = IsAnalyzerTextColumn(col.name);
    std::vector<double> numbers;
    bool all_int = true;
    if (!text_column) {
      numbers.resize(cellsc.size());
      for (size_t r = 0; r < cellsc.size() && !text_column; ++r) {
        const std::string& s = cellsc[r];
        if (s.empty()) {
          numbers[r] = std::numeric_limits<double>::quiet_NaN();
          all_int = false;
        } else if (!ParseNumber(s, numbers[r])) {
          text_column = true;
        } else if (all_int && !IsIntegerLiteral(s)) {
          all_int = false;
        }
      }
    }
    if (text_column) {
      col.type = ColumnType::kText;
      col.text.reserve(cellsc.size());
      for (const std::string& cell : cellsc) col.text.push_back(cell);
    } else {
      col.type = all_int && !cellsc.empty() ? ColumnType::kInt : ColumnType::kFloat;
      col.number = std::move(numbers);
    }
  }
  return table;
}

ColumnTable ReadCsvTable(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) ThrowIo("cannot open result file " + path);
  std::ostringstream buf;
  buf << in.rdbuf();
  if (in.bad()) ThrowIo("cannot read result file " + path);
  const std::string text = buf.str();
  return ParseCsvTable(text, path);
}

}  // namespace orbit::selection
