// fuzz/fuzz_common.h -- shared helpers of the libFuzzer targets.
//
// The readers take file paths, so each input is written to a per-process
// scratch file (in /dev/shm when available) and read back through ReadBars.
// orbit::Error is the documented way to reject input; any other exception
// escaping, a crash or a sanitizer report is a finding.
#pragma once

#include <unistd.h>

#include <cstdint>
#include <cstdio>
#include <filesystem>
#include <string>

#include "calendar/time_zone.h"
#include "core/error.h"
#include "source/bar_reader.h"

namespace orbit::fuzz {

inline std::string ScratchPath(const char* ext) {
  const char* dir = std::filesystem::is_directory("/dev/shm") ? "/dev/shm" : "/tmp";
  return std::string(dir) + "/orbit_fuzz_" + std::to_string(::getpid()) + ext;
}

inline void WriteScratch(const std::string& path, const uint8_t* data, size_t size) {
  std::FILE* f = std::fopen(path.c_str(), "wb");
  if (f == nullptr) std::abort();
  if (size > 0 && std::fwrite(data, 1, size, f) != size) std::abort();
  std::fclose(f);
}

// Reads `path` with options chosen by `selector` (policies, zone, bounds).
inline void ReadWithOptions(const std::string& path, uint8_t selector) {
  static const calendar::TimeZone new_york = calendar::TimeZone::Load("America/New_York");
  source::BarReadOptions options;
  options.paths = {path};
  if (selector & 1) {
    options.instruments = {"ES"};
    options.default_instrument = "ES";
  }  // else: every instrument found, instrument column required
  options.nan_policy = (selector & 2) ? source::NanPolicy::kAccept : source::NanPolicy::kError;
  options.duplicate_policy = static_cast<source::DuplicatePolicy>((selector >> 2) & 3);
  options.per_row_negative_prices = (selector & 16) != 0;
  options.input_zone = (selector & 32) ? &new_york : nullptr;
  if (selector & 64) {
    options.start_date = cctz::civil_day(2024, 1, 8);
    options.end_date = cctz::civil_day(2024, 1, 9);
  }
  try {
    const source::BarData data = source::ReadBars(options);
    // Touch the result so the sorted columns are really materialised.
    size_t n = 0;
    for (const auto& [symbol, columns] : data.by_instrument) n += columns.size() + symbol.size();
    if (n == static_cast<size_t>(-1)) std::abort();
  } catch (const Error&) {
    // Rejected with a documented exit code: fine.
  }
}

}  // namespace orbit::fuzz
