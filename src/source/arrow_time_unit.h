// src/source/arrow_time_unit.h -- nanoseconds in one tick of an Arrow timestamp unit.
#pragma once

#include <arrow/type_fwd.h>

#include <cstdint>

namespace orbit::source {

inline int64_t NanosPerUnit(arrow::TimeUnit::type unit) {
  switch (unit) {
    case arrow::TimeUnit::SECOND: return 1'000'000'000;
    case arrow::TimeUnit::MILLI: return 1'000'000;
    case arrow::TimeUnit::MICRO: return 1'000;
    default: return 1;
  }
}

}  // namespace orbit::source
