// src/core/tokens.h
//
// SplitTokens("a, b,,c", ',') -> {"a", "b", "", "c"}: the parts between
// separators with spaces and tabs trimmed, empty parts kept (callers decide
// whether an empty part is skipped or an error). "" gives {""}.
#pragma once

#include <string>
#include <vector>

namespace orbit {

inline std::vector<std::string> SplitTokens(const std::string& text, char separator) {
  std::vector<std::string> out;
  size_t pos = 0;
  for (;;) {
    size_t end = text.find(separator, pos);
    if (end == std::string::npos) end = text.size();
    std::string token = text.substr(pos, end - pos);
    token.erase(0, token.find_first_not_of(" \t"));
    token.erase(token.find_last_not_of(" \t") + 1);
    out.push_back(std::move(token));
    if (end == text.size()) return out;
    pos = end + 1;
  }
}

}  // namespace orbit
