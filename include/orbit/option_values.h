// include/orbit/option_values.h
//
// Option text -> typed values, the one implementation every front end uses
// (through ParseRunOptions, or directly for `orbit gen` / `orbit report`).
// Every error is Error(kUsage) naming `option` (as the user spelled it, e.g.
// "--start") and the offending text.
#pragma once

#include <cctz/civil_time.h>

#include <cstdint>
#include <string>
#include <vector>

namespace orbit {

// "YYYY-MM-DD", a real calendar date within 1678..2261 (int64 ns instants).
cctz::civil_day ParseDate(const std::string& text, const std::string& option);

// ISO-8601 instant: "YYYY-MM-DD" or "YYYY-MM-DD[T ]HH:MM[:SS[.fff]]", with an
// optional "Z" or "+HH:MM"/"-HH:MM"; without an offset it is America/Chicago
// wall time. Parsed with cctz::parse.
int64_t ParseInstant(const std::string& text, const std::string& option);

// A byte size: "200M", "1.5G", "512k", "1048576" (K/M/G = KiB/MiB/GiB, an
// optional "B" or "iB"); positive, finite, at most 2^62 bytes.
int64_t ParseByteSize(const std::string& text, const std::string& option);

// A whole number in [min, max] (decimal, no sign for non-negative ranges).
int64_t ParseInteger(const std::string& text, const std::string& option, int64_t min, int64_t max);

// "a, b,c" -> {"a","b","c"}: items trimmed. An empty item ("a,,b", a trailing
// comma) or an empty list is an error: the user meant something else.
std::vector<std::string> ParseList(const std::string& text, const std::string& option);

std::string UpperCase(std::string s);
std::string LowerCase(std::string s);

// "YYYY-MM-DD" of a civil day (fmt).
std::string FormatDate(const cctz::civil_day& day);

}  // namespace orbit
