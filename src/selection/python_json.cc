#include "selection/python_json.h"

#include <cmath>
#include <cstdio>

#include "core/py_float.h"

namespace orbit::selection {

void AppendPythonJsonString(std::string& out, std::string_view v) {
  out += '"';
  for (size_t i = 0; i < v.size(); ++i) {
    const unsigned char c = static_cast<unsigned char>(v[i]);
    char buf[16];
    switch (c) {
      case '"': out += "\\\""; continue;
      case '\\': out += "\\\\"; continue;
      case '\n': out += "\\n"; continue;
      case '\r': out += "\\r"; continue;
      case '\t': out += "\\t"; continue;
      case '\b': out += "\\b"; continue;
      case '\f': out += "\\f"; continue;
      default: break;
    }
    if (c < 0x20) {
      std::snprintf(buf, sizeof buf, "\\u%04x", c);
      out += buf;
    } else if (c < 0x80) {
      out += static_cast<char>(c);
    } else {
      // Decode UTF-8 and escape as json.dumps(ensure_ascii=True) does.
      unsigned cp = 0;
      int extra = 0;
      if ((c & 0xE0) == 0xC0) cp = c & 0x1F, extra = 1;
      else if ((c & 0xF0) == 0xE0) cp = c & 0x0F, extra = 2;
      else if ((c & 0xF8) == 0xF0) cp = c & 0x07, extra = 3;
      for (int k = 0; k < extra && i + 1 < v.size(); ++k) cp = (cp << 6) | (static_cast<unsigned char>(v[++i]) & 0x3F);
      if (cp >= 0x10000) {
        cp -= 0x10000;
        std::snprintf(buf, sizeof buf, "\\u%04x\\u%04x", 0xD800 + (cp >> 10), 0xDC00 + (cp & 0x3FF));
      } else {
        std::snprintf(buf, sizeof buf, "\\u%04x", cp);
      }
      out += buf;
    }
  }
  out += '"';
}

void PythonJson::BeforeValue() {
  if (after_key_) {
    after_key_ = false;
    return;
  }
  if (has_items_.empty()) return;
  if (has_items_.back()) out_ += ',';
  has_items_.back() = true;
  out_ += '\n';
  out_.append(2 * has_items_.size(), ' ');
}

void PythonJson::Open(char c) {
  BeforeValue();
  out_ += c;
  has_items_.push_back(false);
}

void PythonJson::Close(char c) {
  const bool had = has_items_.back();
  has_items_.pop_back();
  if (had) {
    out_ += '\n';
    out_.append(2 * has_items_.size(), ' ');
  }
  out_ += c;
}

void PythonJson::BeginObject() { Open('{'); }
void PythonJson::EndObject() { Close('}'); }
void PythonJson::BeginArray() { Open('['); }
void PythonJson::EndArray() { Close(']'); }

void PythonJson::Key(std::string_view name) {
  BeforeValue();
  AppendPythonJsonString(out_, name);
  out_ += ": ";
  after_key_ = true;
}

void PythonJson::String(std::string_view value) {
  BeforeValue();
  AppendPythonJsonString(out_, value);
}

void PythonJson::Float(double value) {
  BeforeValue();
  if (std::isnan(value)) out_ += "NaN";
  else if (std::isinf(value)) out_ += value > 0 ? "Infinity" : "-Infinity";
  else AppendPyFloat(out_, value);
}

void PythonJson::Integer(int64_t value) {
  BeforeValue();
  out_ += std::to_string(value);
}

void PythonJson::Bool(bool value) {
  BeforeValue();
  out_ += value ? "true" : "false";
}

void PythonJson::Null() {
  BeforeValue();
  out_ += "null";
}

}  // namespace orbit::selection
