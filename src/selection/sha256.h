// src/selection/sha256.h
//
// SHA-256 (FIPS 180-4) of a byte string, as lower-case hex: the timetable's
// content hash (spec §8).
#pragma once

#include <string>
#include <string_view>

namespace orbit::selection {

std::string Sha256Hex(std::string_view data);

}  // namespace orbit::selection
