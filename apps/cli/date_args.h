// apps/cli/date_args.h -- parsing of dates, instants and lists given on the command line.
#pragma once

#include <cctz/civil_time.h>

#include <cstdint>
#include <string>
#include <vector>

namespace orbit::cli {

// "YYYY-MM-DD". Errors: Error(kUsage) naming `flag`.
cctz::civil_day ParseDate(const std::string& text, const std::string& flag);

// ISO-8601 instant: "YYYY-MM-DD", "YYYY-MM-DD[T ]HH:MM[:SS]" with an optional
// "Z" or "+HH:MM"/"-HH:MM"; without a zone it is America/Chicago wall time.
int64_t ParseInstant(const std::string& text, const std::string& flag);

// "0,1,2": integers as given (ValidateRunParams checks 0..4). Errors:
// Error(kUsage) for a token that is not an integer or does not fit an int.
std::vector<int> ParseTradeDays(const std::string& text, const std::string& flag);

std::vector<std::string> SplitList(const std::string& text);
std::string UpperCase(std::string s);

}  // namespace orbit::cli
