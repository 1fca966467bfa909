#include "report/terminal_table.h"

#include <algorithm>
#include <cstdio>
#include <vector>

namespace orbit::report {
namespace {

std::string Fixed(double v, int decimals) {
  char buf[64];
  std::snprintf(buf, sizeof buf, "%.*f", decimals, v + 0.0);
  return buf;
}

using Line = std::vector<std::string>;

Line LineFor(const GroupStats& s, const std::string& label, bool costs) {
  Line line = {label, std::to_string(s.trades), Fixed(s.win_rate_pct, 1) + "%",
               s.points_valid ? Fixed(s.total_points, 2) : "-"};
  if (costs) line.insert(line.end(), {Fixed(s.gross_usd, 2), Fixed(s.commission_usd + s.slippage_usd, 2)});
  line.insert(line.end(), {Fixed(s.net_usd, 2), Fixed(s.max_drawdown_usd, 2), std::to_string(s.longest_losing_streak)});
  return line;
}

}  // namespace

std::string FormatStreamTable(const std::vector<GroupStats>& streams, const GroupStats& overall, bool costs) {
  std::vector<Line> lines;
  lines.push_back({"stream", "trades", "win rate", "profit pts"});
  if (costs) lines.back().insert(lines.back().end(), {"gross USD", "costs USD"});
  lines.back().insert(lines.back().end(), {"net USD", "max DD USD", "lose streak"});
  for (const GroupStats& s : streams) lines.push_back(LineFor(s, s.key, costs));
  if (streams.size() != 1) lines.push_back(LineFor(overall, "total", costs));
  const size_t kColumns = lines.front().size();
  std::vector<size_t> width(kColumns, 0);
  for (const Line& line : lines)
    for (size_t c = 0; c < kColumns; ++c) width[c] = std::max(width[c], line[c].size());
  std::string out;
  for (const Line& line : lines) {
    for (size_t c = 0; c < kColumns; ++c) {
      const size_t pad = width[c] - line[c].size();
      if (c == 0) {
        out += line[c];
        out.append(pad, ' ');
      } else {
        out.append(pad + 2, ' ');  // numbers right-aligned
        out += line[c];
      }
    }
    out += '\n';
  }
  return out;
}

}  // namespace orbit::report
