#include "source/contract_symbol.h"

#include <cctype>

#include "core/instrument.h"

namespace orbit::source {
namespace {

constexpr std::string_view kMonthCodes = "FGHJKMNQUVXZ";

bool IsDigit(char c) { return c >= '0' && c <= '9'; }

}  // namespace

std::string ContractInstrument(std::string_view symbol) {
  std::string s;
  for (char c : symbol)
    if (!std::isspace(static_cast<unsigned char>(c))) s += static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  const size_t dot = s.find('.');
  const std::string root = dot == std::string::npos ? s : s.substr(0, dot);
  if (IsKnownInstrumentValue(root)) return dot == std::string::npos || dot > 0 ? root : s;
  // ROOT + month code + a one- or two-digit year.
  size_t digits = 0;
  while (digits < root.size() && digits < 2 && IsDigit(root[root.size() - 1 - digits])) ++digits;
  if (digits == 0 || root.size() < digits + 2) return s;
  const char month = root[root.size() - digits - 1];
  if (kMonthCodes.find(month) == std::string_view::npos) return s;
  const std::string prefix = root.substr(0, root.size() - digits - 1);
  return dot == std::string::npos && IsKnownInstrumentValue(prefix) ? prefix : s;
}

}  // namespace orbit::source
