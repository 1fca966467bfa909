// src/source/decimal_text.h
//
// Correctly rounded parsing of the plain decimals bar files hold ("4500.25",
// "-3", "12.", ".5"): the digits form an integer m < 10^15 < 2^53 and the
// value is m / 10^k with k <= 15, both exact in a double, so one IEEE
// division gives the correctly rounded value (Clinger's fast path, the one
// std::from_chars takes too). Anything else (exponents, '+', more digits,
// spaces, null spellings) returns false, and the caller uses a general parser.
//
// SwarDecimal reads a field of at most 8 bytes with a few 64-bit operations
// (no loop over the characters); it needs 8 readable bytes at the field's
// start (`readable_end`), else it hands over to the byte loop of
// FastDecimal. Both accept exactly the same texts with the same values.
#pragma once

#include <cstddef>
#include <cstdint>
#include <cstring>

namespace orbit::source {

inline constexpr double kDecimalPow10[16] = {1e0, 1e1, 1e2,  1e3,  1e4,  1e5,  1e6,  1e7,
                                             1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15};

inline bool FastDecimal(const char* p, const char* e, double& out) {
  const bool negative = p != e && *p == '-';
  if (negative) ++p;
  const char* const first = p;
  uint64_t m = 0;
  while (p != e && static_cast<unsigned>(*p - '0') < 10) m = m * 10 + static_cast<unsigned>(*p++ - '0');
  const long whole = p - first;
  long frac = 0;
  if (p != e && *p == '.') {
    const char* const fraction = ++p;
    while (p != e && static_cast<unsigned>(*p - '0') < 10) m = m * 10 + static_cast<unsigned>(*p++ - '0');
    frac = p - fraction;
  }
  if (p != e || whole + frac == 0 || whole + frac > 15) return false;
  const double v = static_cast<double>(m) / kDecimalPow10[frac];
  out = negative ? -v : v;
  return true;
}

// The value of 8 digit bytes (after subtracting '0'), the first byte the most
// significant (the technique of simdjson and fast_float).
inline uint32_t EightDigitsValue(uint64_t digits) {
  digits = digits * 10 + (digits >> 8);
  return static_cast<uint32_t>(((digits & 0x000000FF000000FF) * 0x000F424000000064 +
                                ((digits >> 16) & 0x000000FF000000FF) * 0x0000271000000001) >>
                               32);
}

// Whether all 8 bytes are ASCII digits.
inline bool AllEightDigits(uint64_t bytes) {
  return ((bytes & 0xF0F0F0F0F0F0F0F0) | (((bytes + 0x0606060606060606) & 0xF0F0F0F0F0F0F0F0) >> 4)) ==
         0x3333333333333333;
}

// kLowBytes[n]: the low n bytes of a word set.
inline constexpr uint64_t kLowBytes[9] = {0,
                                          0xFF,
                                          0xFFFF,
                                          0xFFFFFF,
                                          0xFFFFFFFF,
                                          0xFFFFFFFFFF,
                                          0xFFFFFFFFFFFF,
                                          0xFFFFFFFFFFFFFF,
                                          0xFFFFFFFFFFFFFFFF};

inline bool SwarDecimal(const char* p, const char* e, const char* readable_end, double& out) {
  const char* digits_at = p + (p != e && *p == '-');
  const size_t size = static_cast<size_t>(e - digits_at);
  if (size == 0 || size > 8 || readable_end - digits_at < 8) return FastDecimal(p, e, out);
  uint64_t w;
  std::memcpy(&w, digits_at, 8);
  w &= kLowBytes[size];
  // The first '.', if any, is taken out: its byte is dropped and the
  // following bytes move down one place.
  const uint64_t x = w ^ 0x2E2E2E2E2E2E2E2E;  // '.' -> 0; bytes past the field stay 0x2E
  const uint64_t dots = (x - 0x0101010101010101) & ~x & 0x8080808080808080;
  size_t count = size;  // digits
  size_t frac = 0;
  if (dots != 0) {
    const size_t at = static_cast<size_t>(__builtin_ctzll(dots)) / 8;  // exact for the lowest zero byte
    w = (w & kLowBytes[at]) | ((w >> 8) & ~kLowBytes[at]);
    count = size - 1;
    frac = size - 1 - at;
    if (count == 0) return false;
  }
  const uint64_t padded = w | (0x3030303030303030 & ~kLowBytes[count]);  // '0' past the digits
  if (!AllEightDigits(padded)) return false;  // a second '.', a sign, a letter, ...
  // Right-align the digits: leading zero bytes are leading zero digits.
  const uint64_t m = EightDigitsValue((padded - 0x3030303030303030) << (8 * (8 - count)));
  const double v = static_cast<double>(m) / kDecimalPow10[frac];
  out = digits_at != p ? -v : v;
  return true;
}

}  // namespace orbit::source
