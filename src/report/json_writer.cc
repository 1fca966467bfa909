#include "report/json_writer.h"

#include <cmath>
#include <cstdio>

#include "core/error.h"
#include "core/py_float.h"

namespace orbit::report {

std::string JsonQuote(std::string_view value) {
  std::string out = "\"";
  for (const char c : value) {
    switch (c) {
      case '"': out += "\\\""; break;
      case '\\': out += "\\\\"; break;
      case '\n': out += "\\n"; break;
      case '\r': out += "\\r"; break;
      case '\t': out += "\\t"; break;
      default:
        if (static_cast<unsigned char>(c) < 0x20) {
          char buf[8];
          std::snprintf(buf, sizeof buf, "\\u%04x", static_cast<unsigned>(static_cast<unsigned char>(c)));
          out += buf;
        } else {
          out += c;
        }
    }
  }
  out += '"';
  return out;
}

void JsonWriter::Indent() {
  out_ += '\n';
  out_.append(2 * stack_.size(), ' ');
}

void JsonWriter::BeforeValue() {
  if (after_key_) {
    after_key_ = false;
    return;
  }
  if (stack_.empty()) {
    if (!out_.empty()) throw Error(ErrorKind::kInternal, "JsonWriter: a second top-level value");
    return;
  }
  if (stack_.back().object) throw Error(ErrorKind::kInternal, "JsonWriter: object member without a key");
  if (!stack_.back().empty) out_ += ',';
  stack_.back().empty = false;
  Indent();
}

void JsonWriter::Key(std::string_view name) {
  if (stack_.empty() || !stack_.back().object || after_key_)
    throw Error(ErrorKind::kInternal, "JsonWriter: key outside an object");
  if (!stack_.back().empty) out_ += ',';
  stack_.back().empty = false;
  Indent();
  out_ += JsonQuote(name);
  out_ += ": ";
  after_key_ = true;
}

void JsonWriter::BeginObject() {
  BeforeValue();
  out_ += '{';
  stack_.push_back({true});
}

void JsonWriter::BeginArray() {
  BeforeValue();
  out_ += '[';
  stack_.push_back({false});
}

void JsonWriter::EndObject() {
  if (stack_.empty() || !stack_.back().object || after_key_)
    throw Error(ErrorKind::kInternal, "JsonWriter: EndObject without an open object");
  const bool empty = stack_.back().empty;
  stack_.pop_back();
  if (!empty) Indent();
  out_ += '}';
  if (stack_.empty()) out_ += '\n';
}

void JsonWriter::EndArray() {
  if (stack_.empty() || stack_.back().object) throw Error(ErrorKind::kInternal, "JsonWriter: EndArray without an open array");
  const bool empty = stack_.back().empty;
  stack_.pop_back();
  if (!empty) Indent();
  out_ += ']';
  if (stack_.empty()) out_ += '\n';
}

void JsonWriter::String(std::string_view value) {
  BeforeValue();
  out_ += JsonQuote(value);
}

void JsonWriter::Number(double value) {
  BeforeValue();
  if (!std::isfinite(value)) {
    out_ += "null";
    return;
  }
  // Python's repr is valid JSON for finite values ("10.0", "1e-05", "-0.0").
  AppendPyFloat(out_, value);
}

void JsonWriter::Integer(int64_t value) {
  BeforeValue();
  out_ += std::to_string(value);
}

void JsonWriter::Bool(bool value) {
  BeforeValue();
  out_ += value ? "true" : "false";
}

void JsonWriter::Null() {
  BeforeValue();
  out_ += "null";
}

}  // namespace orbit::report
