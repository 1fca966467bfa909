// src/selection/json_value.h
//
// A small JSON reader for the selection layer's inputs (stream_filters.json,
// a saved sequencer state): objects keep their member order, numbers keep
// their source text (the filters print `[15, "4"]` as `15,4`, spec §5).
#pragma once

#include <cstddef>
#include <string>
#include <utility>
#include <vector>

namespace orbit::selection {

struct JsonMember;

struct JsonValue {
  enum class Kind { kNull, kBool, kNumber, kString, kArray, kObject };
  Kind kind = Kind::kNull;
  bool boolean = false;
  double number = 0.0;
  std::string text;  // kString: the decoded text; kNumber: the literal as written
  std::vector<JsonValue> items;                             // kArray
  std::vector<JsonMember> members;  // kObject, in document order

  // The member named `key`, or nullptr (the last one when a key repeats, as Python's json does).
  const JsonValue* Find(const std::string& key) const;
};

// One member of an object. (A struct of its own, not std::pair: a pair of the
// still-incomplete JsonValue inside JsonValue does not compile with clang.)
struct JsonMember {
  std::string key;
  JsonValue value;
};

// Parses one JSON document. Errors: Error(kBadInput) naming `source` and the
// byte offset of the first syntax error.
JsonValue ParseJson(const std::string& text, const std::string& source);

// Reads and parses a file of at most kMaxJsonFileBytes (core/small_file.h).
// Errors: Error(kIo) when it cannot be read or is a folder, Error(kBadInput)
// when it is larger, else as ParseJson.
inline constexpr size_t kMaxJsonFileBytes = size_t{16} << 20;  // 16 MiB
JsonValue ReadJsonFile(const std::string& path);

}  // namespace orbit::selection
