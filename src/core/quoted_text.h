// src/core/quoted_text.h
//
// QuotedText: cell or line content as error messages show it. Raw input can be
// megabytes long (a field without a line end) or binary (a gzip, xz or Parquet
// file read as CSV), so a message shows at most `max_chars` characters of it,
// with every byte that is not printable ASCII escaped (\n, \t, \xNN), and says
// how long the whole text was when it cut it:
//   QuotedText("abc")                  -> 'abc'
//   QuotedText("\x1f\x8b\x08")        -> '\x1f\x8b\x08'
//   QuotedText(10 MB of 'x')           -> 'xxxx...x' (first 80 of 10485760 bytes)
#pragma once

#include <string>
#include <string_view>

namespace orbit {

inline std::string EscapedText(std::string_view text, size_t max_chars = 80) {
  static constexpr char kHex[] = "0123456789abcdef";
  std::string out;
  size_t shown = 0;
  for (; shown < text.size() && shown < max_chars; ++shown) {
    const unsigned char c = static_cast<unsigned char>(text[shown]);
    if (c == '\n') {
      out += "\\n";
    } else if (c == '\r') {
      out += "\\r";
    } else if (c == '\t') {
      out += "\\t";
    } else if (c == '\\') {
      out += "\\\\";
    } else if (c < 0x20 || c >= 0x7f) {
      out += "\\x";
      out += kHex[c >> 4];
      out += kHex[c & 15];
    } else {
      out += static_cast<char>(c);
    }
  }
  return out;
}

inline std::string QuotedText(std::string_view text, size_t max_chars = 80) {
  std::string out = "'" + EscapedText(text, max_chars) + "'";
  if (text.size() > max_chars)
    out += " (first " + std::to_string(max_chars) + " of " + std::to_string(text.size()) + " bytes)";
  return out;
}

}  // namespace orbit
