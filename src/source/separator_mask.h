// src/source/separator_mask.h
//
// SeparatorMask finds the field and line separators of 64 bytes of CSV text
// at once: bit i of the result is set when p[i] is `delimiter` or '\n'. The
// block parser walks the set bits instead of testing every byte, which is
// what makes unquoted CSV split at memory speed (SSE2, part of every x86-64;
// a portable loop elsewhere).
//
// REQUIRES: p[0..63] readable. Use SeparatorMaskTail for a shorter end.
#pragma once

#include <cstddef>
#include <cstdint>
#include <cstring>

#if defined(__SSE2__)
#include <emmintrin.h>
#endif

namespace orbit::source {

inline uint64_t SeparatorMask(const char* p, char delimiter) {
#if defined(__SSE2__)
  const __m128i d = _mm_set1_epi8(delimiter);
  const __m128i n = _mm_set1_epi8('\n');
  uint64_t mask = 0;
  for (int k = 0; k < 4; ++k) {
    const __m128i x = _mm_loadu_si128(reinterpret_cast<const __m128i*>(p + 16 * k));
    const int m = _mm_movemask_epi8(_mm_or_si128(_mm_cmpeq_epi8(x, d), _mm_cmpeq_epi8(x, n)));
    mask |= static_cast<uint64_t>(static_cast<uint16_t>(m)) << (16 * k);
  }
  return mask;
#else
  uint64_t mask = 0;
  for (int i = 0; i < 64; ++i) mask |= static_cast<uint64_t>(p[i] == delimiter || p[i] == '\n') << i;
  return mask;
#endif
}

// The same for the last `size` < 64 bytes of a text (bits >= size are 0).
inline uint64_t SeparatorMaskTail(const char* p, size_t size, char delimiter) {
  char padded[64];
  std::memset(padded, delimiter == 'x' ? 'y' : 'x', sizeof padded);
  std::memcpy(padded, p, size);
  return SeparatorMask(padded, delimiter) & ((uint64_t{1} << size) - 1);
}

}  // namespace orbit::source
