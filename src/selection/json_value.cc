#include "selection/json_value.h"

#include <charconv>
#include <fstream>
#include <sstream>

#include "core/error.h"
#include "core/small_file.h"

namespace orbit::selection {
namespace {

class Parser {
 public:
  Parser(const std::string& text, const std::string& source) : s_(text), source_(source) {}

  JsonValue Document() {
    JsonValue v = Value();
    Skip();
    if (pos_ != s_.size()) Fail("trailing characters");
    return v;
  }

 private:
  [[noreturn]] void Fail(const std::string& what) const {
    ThrowBadInput(source_ + ": invalid JSON at byte " + std::to_string(pos_) + ": " + what);
  }
  void Skip() {
    while (pos_ < s_.size() && (s_[pos_] == ' ' || s_[pos_] == '\t' || s_[pos_] == '\n' || s_[pos_] == '\r')) ++pos_;
  }
  bool Consume(char c) {
    Skip();
    if (pos_ < s_.size() && s_[pos_] == c) {
      ++pos_;
      return true;
    }
    return false;
  }
  void Expect(char c) {
    if (!Consume(c)) Fail(std::string("expected '") + c + "'");
  }
  bool Literal(const char* word) {
    const std::string w(word);
    if (s_.compare(pos_, w.size(), w) == 0) {
      pos_ += w.size();
      return true;
    }
    return false;
  }

  JsonValue Value() {
    if (++depth_ > 64) Fail("nested too deeply");
    Skip();
    if (pos_ >= s_.size()) Fail("unexpected end");
    JsonValue v;
    const char c = s_[pos_];
    if (c == '{') {
      ++pos_;
      v.kind = JsonValue::Kind::kObject;
      if (!Consume('}')) {
        do {
          Skip();
          if (pos_ >= s_.size() || s_[pos_] != '"') Fail("expected a member name");
          std::string key = String();
          Expect(':');
          v.members.push_back(JsonMember{std::move(key), Value()});
        } while (Consume(','));
        Expect('}');
      }
    } else if (c == '[') {
      ++pos_;
      v.kind = JsonValue::Kind::kArray;
      if (!Consume(']')) {
        do v.items.push_back(Value());
        while (Consume(','));
        Expect(']');
      }
    } else if (c == '"') {
      v.kind = JsonValue::Kind::kString;
      v.text = String();
    } else if (Literal("true")) {
      v.kind = JsonValue::Kind::kBool;
      v.boolean = true;
    } else if (Literal("false")) {
      v.kind = JsonValue::Kind::kBool;
    } else if (Literal("null")) {
      v.kind = JsonValue::Kind::kNull;
    } else {
      const size_t start = pos_;
      while (pos_ < s_.size() && (std::isdigit(static_cast<unsigned char>(s_[pos_])) || s_[pos_] == '-' ||
                                  s_[pos_] == '+' || s_[pos_] == '.' || s_[pos_] == 'e' || s_[pos_] == 'E'))
        ++pos_;
      if (start == pos_) Fail("unexpected character");
      v.kind = JsonValue::Kind::kNumber;
      v.text = s_.substr(start, pos_ - start);
      const auto [end, ec] = std::from_chars(v.text.data(), v.text.data() + v.text.size(), v.number);
      if (ec != std::errc() || end != v.text.data() + v.text.size()) Fail("bad number " + v.text);
    }
    --depth_;
    return v;
  }

  static void AppendUtf8(std::string& out, unsigned cp) {
    if (cp < 0x80) {
      out += static_cast<char>(cp);
    } else if (cp < 0x800) {
      out += static_cast<char>(0xC0 | (cp >> 6));
      out += static_cast<char>(0x80 | (cp & 0x3F));
    } else if (cp < 0x10000) {
      out += static_cast<char>(0xE0 | (cp >> 12));
      out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
      out += static_cast<char>(0x80 | (cp & 0x3F));
    } else {
      out += static_cast<char>(0xF0 | (cp >> 18));
      out += static_cast<char>(0x80 | ((cp >> 12) & 0x3F));
      out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
      out += static_cast<char>(0x80 | (cp & 0x3F));
    }
  }
  unsigned Hex4() {
    if (pos_ + 4 > s_.size()) Fail("short \\u escape");
    unsigned cp = 0;
    for (int i = 0; i < 4; ++i) {
      const char h = s_[pos_++];
      cp <<= 4;
      if (h >= '0' && h <= '9') cp |= h - '0';
      else if (h >= 'a' && h <= 'f') cp |= h - 'a' + 10;
      else if (h >= 'A' && h <= 'F') cp |= h - 'A' + 10;
      else Fail("bad \\u escape");
    }
    return cp;
  }
  std::string String() {
    ++pos_;  // opening quote
    std::string out;
    while (true) {
      if (pos_ >= s_.size()) Fail("unterminated string");
      const char c = s_[pos_++];
      if (c == '"') break;
      if (c != '\\') {
        out += c;
        continue;
      }
      if (pos_ >= s_.size()) Fail("unterminated string");
      const char e = s_[pos_++];
      switch (e) {
        case '"': out += '"'; break;
        case '\\': out += '\\'; break;
        case '/': out += '/'; break;
        case 'b': out += '\b'; break;
        case 'f': out += '\f'; break;
        case 'n': out += '\n'; break;
        case 'r': out += '\r'; break;
        case 't': out += '\t'; break;
        case 'u': {
          unsigned cp = Hex4();
          if (cp >= 0xD800 && cp < 0xDC00 && s_.compare(pos_, 2, "\\u") == 0) {
            pos_ += 2;
            const unsigned lo = Hex4();
            cp = 0x10000 + ((cp - 0xD800) << 10) + (lo - 0xDC00);
          }
          AppendUtf8(out, cp);
          break;
        }
        default: Fail("bad escape");
      }
    }
    return out;
  }

  const std::string& s_;
  const std::string& source_;
  size_t pos_ = 0;
  int depth_ = 0;
};

}  // namespace

const JsonValue* JsonValue::Find(const std::string& key) const {
  const JsonValue* found = nullptr;
  for (const auto& [k, v] : members)
    if (k == key) found = &v;
  return found;
}

JsonValue ParseJson(const std::string& text, const std::string& source) { return Parser(text, source).Document(); }

JsonValue ReadJsonFile(const std::string& path) {
  return ParseJson(ReadSmallFile(path, kMaxJsonFileBytes, "",
                                 "the limit of a JSON input (stream filters and sequencer states are a few KB)"),
                   path);
}

}  // namespace orbit::selection
