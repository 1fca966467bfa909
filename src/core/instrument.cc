#include "core/instrument.h"

#include <array>

namespace orbit {
namespace {

struct Row {
  InstrumentSpec spec;
  double point_value_usd;
};

constexpr std::array<Row, 15> kInstruments = {{
    {{"ES", 0.25, 2, 10.0, true, false, 1.0, true}, 50.0},
    {{"NQ", 0.25, 2, 50.0, true, false, 1.0, true}, 20.0},
    {{"YM", 1.0, 0, 100.0, true, false, 1.0, true}, 5.0},
    {{"CL", 0.01, 2, 0.5, false, false, 1.0, true}, 1000.0},
    {{"NG", 0.001, 3, 0.05, false, false, 1.0, true}, 10000.0},
    {{"GC", 0.1, 1, 5.0, true, false, 1.0, true}, 100.0},
    {{"RTY", 0.1, 1, 10.0, true, false, 1.0, true}, 50.0},
    {{"MES", 0.25, 2, 10.0, true, true, 0.1, true}, 5.0},
    {{"MNQ", 0.25, 2, 50.0, true, true, 0.1, true}, 2.0},
    {{"MYM", 1.0, 0, 100.0, true, true, 0.1, true}, 0.5},
    {{"MCL", 0.01, 2, 0.5, false, true, 0.1, true}, 100.0},
    {{"MNG", 0.001, 3, 0.05, false, true, 0.1, true}, 1000.0},
    {{"MGC", 0.1, 1, 5.0, true, true, 0.1, true}, 10.0},
    {{"M2K", 0.1, 1, 10.0, true, true, 0.1, true}, 5.0},
    {{"MINUTEDATAEXPORT", 0.25, 2, 10.0, true, false, 1.0, false}, 50.0},
}};

}  // namespace

std::optional<InstrumentSpec> FindInstrument(std::string_view symbol) {
  for (const Row& row : kInstruments)
    if (row.spec.symbol == symbol) return row.spec;
  return std::nullopt;
}

bool IsKnownInstrumentValue(std::string_view upper_trimmed) {
  return FindInstrument(upper_trimmed).has_value();
}

double PointValueUsd(std::string_view symbol) {
  for (const Row& row : kInstruments)
    if (row.spec.symbol == symbol) return row.point_value_usd;
  return 0.0;
}

}  // namespace orbit
