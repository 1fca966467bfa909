// src/selection/stream_filters.h
//
// The stream filters (spec §1.2): the reference's stream_filters.json read
// into the effective filter map F. Day-of-week and day-of-month entries keep
// their JSON kind (text or number), because the matrix (§5) and the
// timetable (§8) read them differently (KI-M10).
#pragma once

#include <string>
#include <utility>
#include <vector>

#include "selection/json_value.h"

namespace orbit::selection {

// One list entry as the JSON gave it.
struct FilterValue {
  bool is_text = false;
  std::string text;     // the text, or Python's str() of the number ("15", "4.0")
  double number = 0.0;  // numbers only
};

struct StreamFilter {
  std::vector<FilterValue> days_of_week;
  std::vector<FilterValue> days_of_month;
  std::vector<std::string> times;            // exclude_times, as text
  std::vector<std::string> include_streams;  // master only, as text
};

// F: keys in JSON order, then the streams without an entry (AddMissing).
class FilterMap {
 public:
  const StreamFilter* Find(const std::string& key) const;
  // The entry for `key` (an empty one when F lacks it).
  const StreamFilter& Get(const std::string& key) const;
  void Add(std::string key, StreamFilter filter);
  // §1.2 step 2: an empty entry for each of `streams` that has none.
  void AddMissing(const std::vector<std::string>& streams);
  const std::vector<std::pair<std::string, StreamFilter>>& entries() const { return entries_; }

 private:
  std::vector<std::pair<std::string, StreamFilter>> entries_;
};

// Parses a stream_filters.json document. Errors: Error(kBadInput) naming
// `source`, the key and the list for a value that is not an object or a list
// entry that is neither text nor a number.
FilterMap ParseStreamFilters(const JsonValue& doc, const std::string& source);

// X(s) of §1.4: norm() of master's and s's exclude_times.
std::vector<std::string> ExcludedSlots(const FilterMap& filters, const std::string& stream);

// §1.4 norm(): strip; with exactly one ':' left-pad both parts to 2 characters.
std::string NormTime(std::string_view t);

}  // namespace orbit::selection
