#include "report/terminal_table.h"

#include <algorithm>
#include <array>
#include <cstdio>

namespace orbit::report {
namespace {

std::string Fixed(double v, int decimals) {
  char buf[64];
  std::snprintf(buf, sizeof buf, "%.*f", decimals, v + 0.0);
  return buf;
}

constexpr size_t kColumns = 7;
using Line = std::array<std::string, kColumns>;

Line LineFor(const GroupStats& s, const std::string& label) {
  return {label,
          std::to_string(s.trades),
          Fixed(s.win_rate_pct, 1) + "%",
          s.points_valid ? Fixed(s.total_points, 2) : "-",
          Fixed(s.net_usd, 2),
          Fixed(s.max_drawdown_usd, 2),
          std::to_string(s.longest_losing_streak)};
}

}  // namespace

std::string FormatStreamTable(const std::vector<GroupStats>& streams, const GroupStats& overall) {
  std::vector<Line> lines;
  lines.push_back({"stream", "trades", "win rate", "profit pts", "net USD", "max DD USD", "lose streak"});
  for (const GroupStats& s : streams) lines.push_back(LineFor(s, s.key));
  if (streams.size() != 1) lines.push_back(LineFor(overall, "total"));
  std::array<size_t, kColumns> width{};
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
