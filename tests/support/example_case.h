// tests/support/example_case.h
//
// A worked example of the spec (§9): bars given as Chicago wall-clock text and
// the expected output rows as the reference's CSV text. RunExample() feeds the
// bars through the same library path the CLI uses and returns Orbit's CSV text.
#pragma once

#include <ostream>
#include <span>
#include <string>
#include <vector>

#include "source/bar_columns.h"
#include "strategy/fixes.h"
#include "strategy/range_analysis.h"
#include "strategy/run_params.h"

namespace orbit::testing {

struct ExampleCase {
  const char* name;
  const char* instrument;
  const char* sessions;     // "S1" or "S1,S2"
  const char* slots;        // CLI form "S1:07:30"
  const char* target_mode;  // "fixed" or "time"
  const char* bars;         // lines "YYYY-MM-DD HH:MM[:SS],open,high,low,close"
  const char* expected;     // CSV rows without the header, '\n'-terminated
};

inline void PrintTo(const ExampleCase& c, std::ostream* os) { *os << c.name; }

// The run clock of every example: 2026-01-01 00:00 UTC ("after the dates
// shown", before the 2030 OPEN example).
inline constexpr const char* kExampleAsOf = "2026-01-01T00:00:00Z";

// The spec's 31 worked examples (tests/support/spec_examples_inline.inc).
std::span<const ExampleCase> AllExamples();
const ExampleCase& FindExample(const std::string& name);

// The example's bars, run parameters and run context (what RunExample runs).
struct ExampleInputs {
  source::BarColumns bars;
  strategy::RunParams params;
  strategy::RangeContext ctx;
};
ExampleInputs MakeExampleInputs(const ExampleCase& c, const strategy::Fixes& fixes = {});

// CSV text (header included) for the example's bars and parameters.
std::string RunExample(const ExampleCase& c, const strategy::Fixes& fixes = {});

// Header line of a result CSV with `columns` columns (16 or 17).
std::string CsvHeader(int columns = 17);

}  // namespace orbit::testing
