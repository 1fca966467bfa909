// src/selection/python_json.h
//
// JSON text exactly as Python's json.dumps(obj, indent=2) writes it (the
// worked examples' documents): two-space indentation, ", "/": " separators
// inside one line never occur (every item on its own line), "[]" and "{}"
// for empty containers, floats as repr() ("71.8", "0.0"), +inf as Infinity,
// non-ASCII escaped as \uXXXX (ensure_ascii).
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace orbit::selection {

class PythonJson {
 public:
  PythonJson() = default;
  // A writer for one value nested `depth` containers deep, after its key:
  // its Finish() is spliced into the enclosing document with Raw (so parts
  // of one document can be written in parallel).
  static PythonJson Fragment(size_t depth) {
    PythonJson j;
    j.has_items_.assign(depth, true);
    j.after_key_ = true;
    return j;
  }
  // A value written by a Fragment of this writer's depth.
  void Raw(std::string_view fragment) {
    BeforeValue();
    out_ += fragment;
  }
  void BeginObject();
  void EndObject();
  void BeginArray();
  void EndArray();
  void Key(std::string_view name);
  void String(std::string_view value);
  void Float(double value);  // repr(); Infinity/-Infinity/NaN as Python writes them
  void Integer(int64_t value);
  void Bool(bool value);
  void Null();
  // The document with a final newline-free end.
  std::string Finish() { return std::move(out_); }

 private:
  void BeforeValue();
  void Open(char c);
  void Close(char c);
  std::string out_;
  std::vector<bool> has_items_;
  bool after_key_ = false;
};

// A JSON string literal as json.dumps writes it (ensure_ascii=True).
void AppendPythonJsonString(std::string& out, std::string_view value);

}  // namespace orbit::selection
