#include "selection/civil_date.h"

namespace orbit::selection {

const char* WeekdayName(int index) {
  static const char* const kNames[] = {"Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"};
  return kNames[index];
}

const char* WeekdayShortName(int index) {
  static const char* const kNames[] = {"Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"};
  return kNames[index];
}

bool ParseIsoDate(std::string_view s, int32_t& days) {
  if (s.size() < 10 || s[4] != '-' || s[7] != '-') return false;
  if (s.size() > 10 && s[10] != ' ' && s[10] != 'T') return false;
  int v[3] = {0, 0, 0};
  const size_t starts[3] = {0, 5, 8}, lens[3] = {4, 2, 2};
  for (int k = 0; k < 3; ++k)
    for (size_t i = 0; i < lens[k]; ++i) {
      const char c = s[starts[k] + i];
      if (c < '0' || c > '9') return false;
      v[k] = v[k] * 10 + (c - '0');
    }
  if (v[1] < 1 || v[1] > 12 || v[2] < 1) return false;
  static const int kDays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  const bool leap = (v[0] % 4 == 0 && v[0] % 100 != 0) || v[0] % 400 == 0;
  if (v[2] > kDays[v[1] - 1] + (v[1] == 2 && leap)) return false;
  days = DaysFromCivil(v[0], static_cast<unsigned>(v[1]), static_cast<unsigned>(v[2]));
  return true;
}

void AppendIsoDate(std::string& out, int32_t days) {
  const CivilDate c = CivilFromDays(days);
  char buf[16];
  int y = c.year;
  buf[0] = static_cast<char>('0' + y / 1000 % 10);
  buf[1] = static_cast<char>('0' + y / 100 % 10);
  buf[2] = static_cast<char>('0' + y / 10 % 10);
  buf[3] = static_cast<char>('0' + y % 10);
  buf[4] = '-';
  buf[5] = static_cast<char>('0' + c.month / 10);
  buf[6] = static_cast<char>('0' + c.month % 10);
  buf[7] = '-';
  buf[8] = static_cast<char>('0' + c.day / 10);
  buf[9] = static_cast<char>('0' + c.day % 10);
  out.append(buf, 10);
}

std::string FormatIsoDate(int32_t days) {
  std::string s;
  AppendIsoDate(s, days);
  return s;
}

}  // namespace orbit::selection
