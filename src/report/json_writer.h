// src/report/json_writer.h
//
// A small streaming JSON emitter (RFC 8259): objects, arrays, strings with
// escapes, numbers in shortest round-trip form, booleans and null. Commas and
// two-space indentation are handled here; callers only nest correctly
// (checked: a mismatched End* or a Key outside an object throws
// Error(kInternal)). Non-finite numbers are written as null.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace orbit::report {

class JsonWriter {
 public:
  void BeginObject();
  void EndObject();
  void BeginArray();
  void EndArray();
  // The next value's member name; only inside an object.
  void Key(std::string_view name);
  void String(std::string_view value);
  void Number(double value);  // null when not finite
  void Integer(int64_t value);
  void Bool(bool value);
  void Null();

  // The document so far; complete once every Begin* has its End*.
  const std::string& text() const { return out_; }

 private:
  struct Level {
    bool object;
    bool empty = true;
  };
  void BeforeValue();
  void Indent();

  std::string out_;
  std::vector<Level> stack_;
  bool after_key_ = false;
};

// `value` as a JSON string literal, quotes included.
std::string JsonQuote(std::string_view value);

}  // namespace orbit::report
