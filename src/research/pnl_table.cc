#include "research/pnl_table.h"

#include <cctz/civil_time.h>

#include <cstdio>

#include "module/arrow_module.h"

namespace orbit::research {

PnlTable ReadPnlFile(const std::string& path) { return ArrowModule::Get().read_pnl_file(path); }

std::string IsoDay(int32_t days) {
  const cctz::civil_day d = cctz::civil_day(1970, 1, 1) + days;
  char text[16];
  std::snprintf(text, sizeof text, "%04d-%02d-%02d", static_cast<int>(d.year()), d.month(), d.day());
  return text;
}

bool ParseIsoDay(const std::string& text, int32_t& days) {
  int y = 0, m = 0, d = 0;
  char tail = 0;
  if (text.size() != 10 || std::sscanf(text.c_str(), "%4d-%2d-%2d%c", &y, &m, &d, &tail) != 3) return false;
  const cctz::civil_day day(y, m, d);
  if (day.year() != y || day.month() != m || day.day() != d) return false;
  days = static_cast<int32_t>(day - cctz::civil_day(1970, 1, 1));
  return true;
}

}  // namespace orbit::research
