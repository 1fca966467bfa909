#include "selection/stream_filters.h"

#include <algorithm>

#include "core/error.h"
#include "core/py_float.h"

namespace orbit::selection {

std::string NormTime(std::string_view t) {
  size_t b = 0, e = t.size();
  while (b < e && std::isspace(static_cast<unsigned char>(t[b]))) ++b;
  while (e > b && std::isspace(static_cast<unsigned char>(t[e - 1]))) --e;
  t = t.substr(b, e - b);
  const size_t colon = t.find(':');
  if (colon == std::string_view::npos || t.find(':', colon + 1) != std::string_view::npos) return std::string(t);
  std::string out;
  if (colon < 2) out.append(2 - colon, '0');
  out.append(t.substr(0, colon));
  out += ':';
  const std::string_view rest = t.substr(colon + 1);
  if (rest.size() < 2) out.append(2 - rest.size(), '0');
  out.append(rest);
  return out;
}

const StreamFilter* FilterMap::Find(const std::string& key) const {
  for (const auto& [k, f] : entries_)
    if (k == key) return &f;
  return nullptr;
}

const StreamFilter& FilterMap::Get(const std::string& key) const {
  static const StreamFilter kEmpty;
  const StreamFilter* f = Find(key);
  return f ? *f : kEmpty;
}

void FilterMap::Add(std::string key, StreamFilter filter) {
  for (auto& [k, f] : entries_)
    if (k == key) {
      f = std::move(filter);
      return;
    }
  entries_.emplace_back(std::move(key), std::move(filter));
}

void FilterMap::AddMissing(const std::vector<std::string>& streams) {
  for (const std::string& s : streams)
    if (!Find(s)) entries_.emplace_back(s, StreamFilter{});
}

namespace {

// Python's str() of a JSON scalar.
std::string PyStr(const JsonValue& v) {
  switch (v.kind) {
    case JsonValue::Kind::kString: return v.text;
    case JsonValue::Kind::kNumber:
      if (v.text.find_first_of(".eE") == std::string::npos) return v.text;
      return PyFloat(v.number);
    case JsonValue::Kind::kBool: return v.boolean ? "True" : "False";
    case JsonValue::Kind::kNull: return "None";
    default: return "";
  }
}

const std::vector<JsonValue>* List(const JsonValue& entry, const char* name, const std::string& where) {
  const JsonValue* v = entry.Find(name);
  if (!v || v->kind == JsonValue::Kind::kNull) return nullptr;
  if (v->kind != JsonValue::Kind::kArray) ThrowBadInput(where + "." + name + ": not a list");
  return &v->items;
}

std::vector<FilterValue> Values(const JsonValue& entry, const char* name, const std::string& where) {
  std::vector<FilterValue> out;
  if (const auto* items = List(entry, name, where))
    for (const JsonValue& item : *items) {
      if (item.kind != JsonValue::Kind::kString && item.kind != JsonValue::Kind::kNumber)
        ThrowBadInput(where + "." + name + ": entry " + PyStr(item) + " is neither text nor a number");
      FilterValue fv;
      fv.is_text = item.kind == JsonValue::Kind::kString;
      fv.text = PyStr(item);
      fv.number = item.number;
      out.push_back(std::move(fv));
    }
  return out;
}

std::vector<std::string> Texts(const JsonValue& entry, const char* name, const std::string& where) {
  std::vector<std::string> out;
  if (const auto* items = List(entry, name, where))
    for (const JsonValue& item : *items) out.push_back(PyStr(item));
  return out;
}

}  // namespace

FilterMap ParseStreamFilters(const JsonValue& doc, const std::string& source) {
  if (doc.kind != JsonValue::Kind::kObject) ThrowBadInput(source + ": stream filters must be a JSON object");
  FilterMap map;
  for (const auto& [key, entry] : doc.members) {
    const std::string where = source + ": " + key;
    if (entry.kind != JsonValue::Kind::kObject) ThrowBadInput(where + ": not an object");
    StreamFilter f;
    f.days_of_week = Values(entry, "exclude_days_of_week", where);
    f.days_of_month = Values(entry, "exclude_days_of_month", where);
    f.times = Texts(entry, "exclude_times", where);
    f.include_streams = Texts(entry, "include_streams", where);
    map.Add(key, std::move(f));
  }
  return map;
}

std::vector<std::string> ExcludedSlots(const FilterMap& filters, const std::string& stream) {
  std::vector<std::string> out;
  for (const std::string& t : filters.Get("master").times) out.push_back(NormTime(t));
  if (stream != "master")
    for (const std::string& t : filters.Get(stream).times) out.push_back(NormTime(t));
  std::sort(out.begin(), out.end());
  out.erase(std::unique(out.begin(), out.end()), out.end());
  return out;
}

}  // namespace orbit::selection
